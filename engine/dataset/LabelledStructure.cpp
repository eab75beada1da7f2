#include "dataset/LabelledStructure.hpp"

#include <cmath>
#include <sstream>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "io/NumberText.hpp"

namespace sei::dataset {

EnergyKind parseEnergyKind(const std::string& text, const std::string& option) {
  if (text == "free") return EnergyKind::Free;
  if (text == "without-entropy") return EnergyKind::WithoutEntropy;
  if (text == "sigma0") return EnergyKind::Sigma0;
  throw InputError(option + " expects free, without-entropy or sigma0, got '" + text + "'");
}

const char* energyKindName(EnergyKind kind) {
  switch (kind) {
    case EnergyKind::Free:
      return "free";
    case EnergyKind::WithoutEntropy:
      return "without-entropy";
    case EnergyKind::Sigma0:
      return "sigma0";
  }
  return "free";
}

double periodicVolume(const Structure& s, const std::string& source) {
  if (!s.cell.fullyPeriodic() || s.cell.volume() <= 0.0)
    throw InputError(source + ": a stress needs a cell periodic in x, y and z");
  return s.cell.volume();
}

namespace {

void check(const LabelledStructure& l) {
  if (l.structure.size() == 0) throw InputError(l.source + ": has no atoms");
  if (!l.hasEnergy) throw InputError(l.source + ": has no energy, expected an energy label (eV)");
  if (!l.hasForces()) throw InputError(l.source + ": has no forces, expected one per atom (eV/Å)");
  if (!std::isfinite(l.energy)) throw InputError(l.source + ": energy is not a finite number");
  for (std::size_t i = 0; i < l.structure.size(); ++i)
    if (!l.structure.forces[i].allFinite() || !l.structure.positions[i].allFinite())
      throw InputError(l.source + ": atom " + std::to_string(i + 1) +
                       " has a non-finite position or force");
  if (l.hasVirial && !l.virial.allFinite()) throw InputError(l.source + ": virial is not finite");
  if (l.hasTotalCharge && !std::isfinite(l.totalCharge))
    throw InputError(l.source + ": charge is not finite");
}

}  // namespace

std::string trainingXyzText(const std::vector<LabelledStructure>& set) {
  if (set.empty()) throw InputError("no structures to write, expected at least one");
  for (const LabelledStructure& l : set) check(l);
  std::ostringstream out;
  for (const LabelledStructure& l : set) {
    const Structure& s = l.structure;
    ExtXyzFrameLayout layout;
    layout.leadingKeys = "energy=";
    appendShortest(layout.leadingKeys, l.energy);
    if (l.hasVirial) {
      layout.leadingKeys += " virial=\"";
      for (int k = 0; k < 9; ++k) {
        if (k > 0) layout.leadingKeys += ' ';
        appendShortest(layout.leadingKeys, l.virial(k / 3, k % 3));
      }
      layout.leadingKeys += '"';
    }
    if (l.hasTotalCharge) {
      layout.leadingKeys += " charge=";
      appendShortest(layout.leadingKeys, l.totalCharge);
    }
    layout.columns.push_back({"forces", 3, [&s](std::size_t i, double* v) {
                                for (int d = 0; d < 3; ++d) v[d] = s.forces[i][d];
                              }});
    if (s.charges.size() == s.size())
      layout.columns.push_back(
          {"charge", 1, [&s](std::size_t i, double* v) { v[0] = s.charges[i]; }});
    if (s.bec.size() == 9 * s.size())
      layout.columns.push_back({"bec", 9, [&s](std::size_t i, double* v) {
                                  for (int k = 0; k < 9; ++k) v[k] = s.bec[9 * i + k];
                                }});
    try {
      writeCustomExtXyzFrame(out, s, layout);
    } catch (const std::invalid_argument& e) {
      throw InputError(l.source + ": " + e.what());
    }
  }
  return out.str();
}

void writeTrainingXyz(const std::string& path, const std::vector<LabelledStructure>& set) {
  writeFileAtomically(path, trainingXyzText(set));
}

}  // namespace sei::dataset
