#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/Backend.hpp"
#include "nep/NepEvaluator.hpp"
#include "nep/NepModel.hpp"

namespace sei {

/// Backends compiled into this build: "cpu", and "cuda" when built with SEI_WITH_CUDA.
std::vector<std::string> availableBackends();

/// Whether a usable CUDA device exists; `why` gets its name or the reason there is none
/// (CUDA not built, no device, a driver older than the runtime, ...).
bool cudaDeviceAvailable(std::string& why);

/// Device memory in use on the CUDA device (cudaMemGetInfo: total − free, all processes),
/// bytes; 0 in a build without CUDA.
std::size_t cudaMemoryInUse();

/// A force backend chosen by name. The CPU evaluator uses options.threads; both use kspace and
/// temperature.
struct BackendChoice {
  std::shared_ptr<Backend> backend;
  std::string note;  ///< one line for the user: the device used, or why the CPU was chosen
};

/// name: "cpu", "cuda", or "auto" (cuda when a device exists, else cpu with a note). Throws
/// InputError for an unknown name, and for "cuda" when CUDA is not built or no device can be
/// used, saying why.
BackendChoice makeBackend(const std::string& name, std::shared_ptr<const NepModel> model,
                          const NepEvaluatorOptions& options);

}  // namespace sei
