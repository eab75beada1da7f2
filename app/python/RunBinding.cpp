#include <memory>

#include "Bindings.hpp"
#include "core/Error.hpp"
#include "run/RunDriver.hpp"

namespace sei::python {
namespace {

/// `sei run --dir FOLDER` from Python. The run goes on without the GIL; between chunks it takes
/// the GIL to call the Python callbacks and to look for Ctrl-C, which stops the run after a
/// checkpoint and then raises KeyboardInterrupt, as `sei run` exits with 130.
void run(const std::string& folder, bool resume, int threads, const std::string& backend,
         const py::object& progress, const py::object& log) {
  if (threads < 0)
    throw InputError("threads: expected 0 (all) or more, got " + std::to_string(threads));
  RunFolderOptions options;
  options.folder = folder;
  options.resume = resume;
  options.threads = threads;
  options.backend = backend;
  std::unique_ptr<py::error_already_set> pending;  // a Python exception to raise when it stops
  auto callPython = [&](const std::function<void()>& call) {
    py::gil_scoped_acquire gil;
    if (pending) return;
    try {
      call();
    } catch (py::error_already_set& e) {
      pending = std::make_unique<py::error_already_set>(std::move(e));
    }
  };
  options.stopRequested = [&] {
    callPython([&] {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    });
    return pending != nullptr;
  };
  if (!log.is_none()) {
    options.log = [&](const std::string& line) { callPython([&] { log(line); }); };
    options.backendChosen = options.log;
  }
  if (!progress.is_none())
    options.progress = [&](const Progress& p, std::size_t block) {
      callPython([&] { progress(block, p.step, p.totalSteps, p.time); });
    };
  {
    py::gil_scoped_release release;
    executeRunFolder(options);  // stops early only when `pending` holds the reason
  }
  if (pending) throw std::move(*pending);
}

}  // namespace

void bindRun(py::module_& m) {
  m.def("run", &run, py::arg("folder"), py::arg("resume") = false, py::arg("threads") = 0,
        py::arg("backend") = "auto", py::arg("progress") = py::none(), py::arg("log") = py::none(),
        "Runs a GPUMD-style run folder (run.in, model.xyz, the model) as `sei run` does.");
}

}  // namespace sei::python
