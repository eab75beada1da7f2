#include "Bindings.hpp"
#include "Interruption.hpp"
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
  Interruption interruption;
  options.stopRequested = [&] { return interruption.stopRequested(); };
  if (!log.is_none()) {
    options.log = [&](const std::string& line) { interruption.callPython([&] { log(line); }); };
    options.backendChosen = options.log;
  }
  if (!progress.is_none())
    options.progress = [&](const Progress& p, std::size_t block) {
      interruption.callPython([&] { progress(block, p.step, p.totalSteps, p.time); });
    };
  {
    py::gil_scoped_release release;
    executeRunFolder(options);  // stops early only when the interruption holds the reason
  }
  interruption.raiseIfStopped();
}

}  // namespace

void bindRun(py::module_& m) {
  m.def("run", &run, py::arg("folder"), py::arg("resume") = false, py::arg("threads") = 0,
        py::arg("backend") = "auto", py::arg("progress") = py::none(), py::arg("log") = py::none(),
        "Runs a GPUMD-style run folder (run.in, model.xyz, the model) as `sei run` does.");
}

}  // namespace sei::python
