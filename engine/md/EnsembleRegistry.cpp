#include "md/EnsembleRegistry.hpp"

#include <algorithm>

#include "core/Error.hpp"

// The descriptors the build found (one SEI_ENSEMBLE per ensemble source file).
#define SEI_ENSEMBLE_ENTRY(keyword) SEI_ENSEMBLE(keyword);
#include "md/EnsembleList.inc"
#undef SEI_ENSEMBLE_ENTRY

namespace sei {

const std::vector<EnsembleDescriptor>& registeredEnsembles() {
  static const std::vector<EnsembleDescriptor> all = [] {
    std::vector<EnsembleDescriptor> list{
#define SEI_ENSEMBLE_ENTRY(keyword) seiEnsemble_##keyword(),
#include "md/EnsembleList.inc"
#undef SEI_ENSEMBLE_ENTRY
    };
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.menuOrder < b.menuOrder; });
    return list;
  }();
  return all;
}

const EnsembleDescriptor* findEnsemble(std::string_view keyword) {
  const auto& all = registeredEnsembles();
  const auto it = std::find_if(all.begin(), all.end(),
                               [&](const EnsembleDescriptor& d) { return d.keyword == keyword; });
  return it == all.end() ? nullptr : &*it;
}

std::string ensembleKeywords() {
  const auto& all = registeredEnsembles();
  std::string text;
  for (std::size_t k = 0; k < all.size(); ++k)
    text += (k == 0 ? "" : k + 1 == all.size() ? " or " : ", ") + all[k].keyword;
  return text;
}

std::vector<EnsembleParameter> ensembleParameters(EnsembleForm form) {
  std::vector<EnsembleParameter> p;
  if (form == EnsembleForm::Plain) return p;
  p.push_back({"T_start", "K", "target temperature at the start of the block"});
  p.push_back({"T_end", "K", "target temperature at the end of the block (linear ramp)"});
  p.push_back({"T_coup", "time steps", "thermostat coupling time"});
  if (form == EnsembleForm::Thermostat) return p;
  for (const char* c : {"xx", "yy", "zz"})
    p.push_back({std::string("p_") + c, "GPa", "target pressure"});
  for (const char* c : {"xx", "yy", "zz"})
    p.push_back({std::string("C_") + c, "GPa",
                 "elastic modulus (above 2000 GPa the direction is not coupled)"});
  p.push_back({"p_coup", "time steps", "barostat coupling time"});
  return p;
}

std::unique_ptr<Ensemble> makeEnsemble(const EnsembleSettings& settings, double timeStep,
                                       const std::string& source) {
  const EnsembleDescriptor* d = findEnsemble(settings.keyword);
  if (!d) {
    throw InputError(source, settings.line,
                     "unknown ensemble '" + settings.keyword + "', expected " + ensembleKeywords());
  }
  return d->make(settings, timeStep, source);
}

}  // namespace sei
