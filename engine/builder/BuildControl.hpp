#pragma once

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>

namespace sei {

/// Progress and cancellation of a build, so a front end can run it off its GUI thread.
struct BuildControl {
  /// Called now and then with the stage ("slab", "molecules", "packing") and the fraction of
  /// that stage done (0..1; packing: the share of molecules already free of close contacts).
  std::function<void(const std::string& stage, double fraction)> progress;
  /// Checked between packing sweeps; when it becomes true the build throws BuildCancelled.
  const std::atomic<bool>* cancel = nullptr;

  void report(const std::string& stage, double fraction) const {
    if (progress) progress(stage, fraction);
  }
  bool cancelled() const { return cancel && cancel->load(); }
};

/// The build was cancelled through BuildControl::cancel; nothing was produced.
class BuildCancelled : public std::runtime_error {
 public:
  BuildCancelled() : std::runtime_error("build cancelled") {}
};

}  // namespace sei
