#include "training/BatchGradientBackend.hpp"

#include <algorithm>

#include "core/Error.hpp"

namespace sei::training {
namespace {

/// Today's CPU trainer: batchLossAndGradient on OpenMP threads.
class CpuBatchGradient : public BatchGradientBackend {
 public:
  explicit CpuBatchGradient(int threads) : threads_(threads) {}
  BatchLossGradient compute(std::shared_ptr<const NepModel> model,
                            const std::vector<BatchStructure>& batch, const BatchLossFunction& loss,
                            bool bornEffectiveCharges) override {
    return batchLossAndGradient(std::move(model), batch, loss, threads_, {}, bornEffectiveCharges);
  }
  std::string label() const override { return "CPU"; }

 private:
  int threads_;
};

// Function-local, so that static initialisers of other targets may register whatever the order.
std::vector<BatchGradientDescriptor>& registry() {
  static std::vector<BatchGradientDescriptor> backends{
      {"cpu", [](std::string& why) { return (why = "CPU", true); },
       [](int threads) { return std::make_unique<CpuBatchGradient>(threads); }}};
  return backends;
}

const BatchGradientDescriptor* find(const std::string& name) {
  const auto& all = registry();
  const auto it = std::find_if(all.begin(), all.end(),
                               [&](const BatchGradientDescriptor& d) { return d.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace

bool registerBatchGradientBackend(BatchGradientDescriptor descriptor) {
  registry().push_back(std::move(descriptor));
  return true;
}

std::vector<std::string> batchGradientBackends() {
  std::vector<std::string> names;
  for (const BatchGradientDescriptor& d : registry()) names.push_back(d.name);
  return names;
}

bool batchGradientBackendUsable(const std::string& name, std::string& why) {
  const BatchGradientDescriptor* d = find(name);
  if (!d) {
    why = "this build has no " + name +
          " trainer (for CUDA: configure with -DSEI_WITH_CUDA=ON and a CUDA toolkit)";
    return false;
  }
  return d->available(why);
}

std::unique_ptr<BatchGradientBackend> makeBatchGradientBackend(const std::string& name,
                                                               int threads) {
  // "cuda" is known even in builds without it, so that the message says why it cannot run.
  if (!find(name) && name != "cuda") {
    std::string names;
    for (const std::string& n : batchGradientBackends())
      names += (names.empty() ? "'" : ", '") + n + "'";
    throw InputError("unknown trainer backend '" + name + "', expected " + names);
  }
  std::string why;
  if (!batchGradientBackendUsable(name, why))
    throw InputError("trainer backend '" + name + "' cannot run: " + why);
  try {
    return find(name)->create(threads);
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw InputError("trainer backend '" + name + "' cannot run: " + e.what());
  }
}

}  // namespace sei::training
