// Registers the CUDA backend with the engine's backend registry when this target is linked
// (whole-archive, see CMakeLists.txt), so that no engine file needs to know it exists.
#include "cuda/CudaBackend.hpp"
#include "md/BackendRegistry.hpp"

namespace sei::cuda {
namespace {

bool available(std::string& why) {
  const DeviceStatus status = probeDevice();
  why = status.description;
  return status.available;
}

std::shared_ptr<Backend> create(std::shared_ptr<const NepModel> model,
                                const NepEvaluatorOptions& options) {
  return std::make_shared<CudaBackend>(std::move(model), options);
}

[[maybe_unused]] const bool registered =
    registerBackend({"cuda", "CUDA", available, create, deviceMemoryInUse});

}  // namespace
}  // namespace sei::cuda
