#include "md/BackendFactory.hpp"

#include "core/Error.hpp"
#ifdef SEI_HAVE_CUDA
#include "cuda/CudaBackend.hpp"
#endif

namespace sei {

std::vector<std::string> availableBackends() {
#ifdef SEI_HAVE_CUDA
  return {"cpu", "cuda"};
#else
  return {"cpu"};
#endif
}

bool cudaDeviceAvailable(std::string& why) {
#ifdef SEI_HAVE_CUDA
  const cuda::DeviceStatus status = cuda::probeDevice();
  why = status.description;
  return status.available;
#else
  why = "this build has no CUDA backend (configure with -DSEI_WITH_CUDA=ON and a CUDA toolkit)";
  return false;
#endif
}

std::size_t cudaMemoryInUse() {
#ifdef SEI_HAVE_CUDA
  return cuda::deviceMemoryInUse();
#else
  return 0;
#endif
}

BackendChoice makeBackend(const std::string& name, std::shared_ptr<const NepModel> model,
                          const NepEvaluatorOptions& options) {
  if (name != "cpu" && name != "cuda" && name != "auto")
    throw InputError("unknown backend '" + name + "', expected 'cpu', 'cuda' or 'auto'");
  std::string why = "CPU backend";
  if (name != "cpu") {
    std::string device;
    const bool gpu = cudaDeviceAvailable(device);
    if (name == "cuda" && !gpu) throw InputError("backend 'cuda' cannot run: " + device);
    why = "CPU backend (no CUDA: " + device + ")";
#ifdef SEI_HAVE_CUDA
    if (gpu) {
      try {
        return {std::make_shared<cuda::CudaBackend>(model, options), "CUDA backend on " + device};
      } catch (const std::runtime_error& e) {
        if (name == "cuda") throw InputError(std::string("backend 'cuda' cannot run: ") + e.what());
        why = std::string("CPU backend (CUDA backend unavailable: ") + e.what() + ")";
      }
    }
#endif
  }
  return {std::make_shared<NepEvaluator>(std::move(model), options), why};
}

}  // namespace sei
