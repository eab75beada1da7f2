#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/Backend.hpp"
#include "nep/NepEvaluator.hpp"
#include "nep/NepModel.hpp"

namespace sei {

/// One force backend, as it registers itself (LAMMPS' styles are the model): the CPU evaluator
/// registers in this layer, an accelerator backend from its own private target, so that no
/// engine file names it. Adding a backend touches its own files only.
struct BackendDescriptor {
  std::string name;   ///< what users write: "cpu", "cuda"
  std::string label;  ///< what messages say: "CPU", "CUDA"
  /// Whether the backend can run on this machine; `why` gets the device's name or the reason
  /// there is none (no device, a driver older than the runtime, ...).
  std::function<bool(std::string& why)> available;
  /// Builds the backend; throws std::runtime_error when the device refuses.
  std::function<std::shared_ptr<Backend>(std::shared_ptr<const NepModel>,
                                         const NepEvaluatorOptions&)>
      create;
  /// Accelerator memory in use (all processes), bytes; empty for backends without a device.
  std::function<std::size_t()> memoryInUse;
};

/// Adds a backend to the registry (called from a static initialiser of the backend's target).
/// Returns true, so that `static const bool registered = registerBackend(...)` registers it.
bool registerBackend(BackendDescriptor descriptor);

/// Backends compiled into this build, in registration order with "cpu" first.
std::vector<std::string> availableBackends();

/// Whether backend `name` is built and can run here; `why` says which device or why not.
bool backendUsable(const std::string& name, std::string& why);

/// Accelerator memory in use for backend `name` (bytes); 0 for the CPU or a backend not built.
std::size_t backendMemoryInUse(const std::string& name);

/// A force backend chosen by name, with a line for the user.
struct BackendChoice {
  std::shared_ptr<Backend> backend;
  std::string note;  ///< one line for the user: the device used, or why the CPU was chosen
};

/// name: a registered backend, or "auto" (the first usable accelerator, else the CPU with a
/// note). Throws InputError for an unknown name, and for an accelerator that is not built or
/// cannot be used here, saying why. The CPU evaluator uses options.threads; all backends use
/// kspace and temperature.
BackendChoice makeBackend(const std::string& name, std::shared_ptr<const NepModel> model,
                          const NepEvaluatorOptions& options);

}  // namespace sei
