#include "training/TrainingRun.hpp"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "training/ChargeParity.hpp"

namespace sei::training {

void TrainingRun::adviseChargeSigns() const {
  if (in_.chargeMode == 0) return;
  for (const TrainingStructure& s : f_.train)
    if (s.hasBec) return;  // Born effective charges fix the sign
  const std::string path = f_.dir + "/charge_train.out";
  if (!std::filesystem::exists(path)) return;
  const ChargeSummary q = readChargeFile(path, chargeLayout(in_, f_.train, true), in_.numTypes());
  std::ostringstream line;
  line << "mean charges";
  const char* separator = " ";
  for (int t = 0; t < in_.numTypes(); ++t) {
    if (q.byType[t].empty()) continue;  // an element of nep.in absent from the set
    line << separator << in_.elements[t] << " " << std::showpos << std::fixed
         << std::setprecision(3) << q.meanNeutral[t] << std::noshowpos << " e";
    separator = ", ";
  }
  line << " (each structure's charges shifted to its total charge, as in MD)";
  line << "; energies, forces and virials leave their sign to the start (no BEC labels): "
       << "`charge_mode " << in_.chargeMode
       << " 1` in nep.in turns them over when a run resumes (with more epochs or generations)";
  advise(line.str());
}

}  // namespace sei::training
