#include "md/BackendRegistry.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/Error.hpp"

namespace sei {
namespace {

std::shared_ptr<Backend> makeCpuBackend(std::shared_ptr<const NepModel> model,
                                        const NepEvaluatorOptions& options) {
  return std::make_shared<NepEvaluator>(std::move(model), options);
}

// A function-local registry, so that static initialisers of other targets may register into it
// whatever the order in which the linker runs them.
std::vector<BackendDescriptor>& registry() {
  static std::vector<BackendDescriptor> backends{
      {"cpu",
       "CPU",
       [](std::string& why) { return (why = "CPU backend", true); },
       makeCpuBackend,
       {}}};
  return backends;
}

const BackendDescriptor* findBackend(const std::string& name) {
  const auto& all = registry();
  const auto it = std::find_if(all.begin(), all.end(),
                               [&](const BackendDescriptor& d) { return d.name == name; });
  return it == all.end() ? nullptr : &*it;
}

std::string knownNames() {
  std::string names;
  for (const BackendDescriptor& d : registry()) names += "'" + d.name + "', ";
  return names + "or 'auto'";
}

}  // namespace

bool registerBackend(BackendDescriptor descriptor) {
  registry().push_back(std::move(descriptor));
  return true;
}

std::vector<std::string> availableBackends() {
  std::vector<std::string> names;
  for (const BackendDescriptor& d : registry()) names.push_back(d.name);
  return names;
}

bool backendUsable(const std::string& name, std::string& why) {
  const BackendDescriptor* d = findBackend(name);
  if (!d) {
    why = "this build has no " + name +
          " backend (for CUDA: configure with -DSEI_WITH_CUDA=ON and a CUDA toolkit)";
    return false;
  }
  return d->available(why);
}

std::size_t backendMemoryInUse(const std::string& name) {
  const BackendDescriptor* d = findBackend(name);
  return d && d->memoryInUse ? d->memoryInUse() : 0;
}

BackendChoice makeBackend(const std::string& name, std::shared_ptr<const NepModel> model,
                          const NepEvaluatorOptions& options) {
  if (name != "auto") {
    const BackendDescriptor* d = findBackend(name);
    // "cuda" is known even in builds without it, so that the message says why it cannot run.
    if (!d && name != "cuda")
      throw InputError("unknown backend '" + name + "', expected " + knownNames());
    std::string why;
    if (!backendUsable(name, why)) throw InputError("backend '" + name + "' cannot run: " + why);
    if (name == "cpu") return {d->create(std::move(model), options), why};
    try {
      return {d->create(std::move(model), options), d->label + " backend on " + why};
    } catch (const std::runtime_error& e) {
      throw InputError("backend '" + name + "' cannot run: " + e.what());
    }
  }
  // "auto": the first accelerator that can run here, else the CPU (registered first).
  std::string reasons;
  for (const BackendDescriptor& d : registry()) {
    if (d.name == "cpu") continue;
    std::string why;
    if (d.available(why)) {
      try {
        return {d.create(model, options), d.label + " backend on " + why};
      } catch (const std::runtime_error& e) {
        why = d.label + " backend unavailable: " + e.what();
      }
    } else {
      why = "no " + d.label + ": " + why;
    }
    reasons += (reasons.empty() ? "" : "; ") + why;
  }
  if (reasons.empty()) reasons = "no accelerator backend in this build";
  return {makeCpuBackend(std::move(model), options), "CPU backend (" + reasons + ")"};
}

}  // namespace sei
