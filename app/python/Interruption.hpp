#pragma once

#include <pybind11/pybind11.h>

#include <functional>
#include <memory>

namespace sei::python {

/// Long engine work (runs, builds) goes on without the GIL and polls this between its steps: it
/// takes the GIL to call Python callbacks and to let Python's signal handlers run, and keeps the
/// first Python exception (KeyboardInterrupt from Ctrl-C, or one a callback raised), which asks
/// the work to stop; raiseIfStopped() raises it once the work has returned.
class Interruption {
 public:
  /// Runs `call` (Python code) under the GIL unless an exception is already pending.
  void callPython(const std::function<void()>& call) {
    pybind11::gil_scoped_acquire gil;
    if (pending_) return;
    try {
      call();
    } catch (pybind11::error_already_set& e) {
      pending_ = std::make_unique<pybind11::error_already_set>(std::move(e));
    }
  }
  /// Lets pending signals raise (Ctrl-C); true when the work should stop.
  bool stopRequested() {
    callPython([] {
      if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
    });
    return stopped();
  }
  bool stopped() const { return pending_ != nullptr; }
  /// Call with the GIL held, after the work returned.
  void raiseIfStopped() {
    if (pending_) throw std::move(*pending_);
  }

 private:
  std::unique_ptr<pybind11::error_already_set> pending_;
};

}  // namespace sei::python
