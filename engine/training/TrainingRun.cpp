#include "training/TrainingRun.hpp"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "md/WatchdogSettings.hpp"
#include "training/ChargeOrientation.hpp"
#include "training/ChargeParity.hpp"

namespace sei::training {

TrainingRun::TrainingRun(TrainingFolder& f, const TrainOptions& options)
    : f_(f),
      in_(f.input),
      options_(options),
      evaluator_(options.threads),
      orientsCharges_(orientsCharges(f.input, f.train)) {
  if (orientsCharges_ && in_.flipCharge)
    advise("charge_mode " + std::to_string(in_.chargeMode) +
           " 1 turns the restart's charges over, but charge_sign auto writes the models with "
           "the more electronegative elements negative whatever their sign in training; "
           "charge_sign start keeps the turned sign");
}

bool TrainingRun::turnsChargesOver(const std::vector<std::size_t>& which,
                                   const std::vector<StructurePrediction>& preds) const {
  return orientsCharges_ && electronegativityAlignment(in_, f_.train, which, preds) > 0.0;
}

void TrainingRun::adviseCharges() const {
  if (in_.chargeMode == 0) return;
  const std::string path = f_.dir + "/charge_train.out";
  if (!std::filesystem::exists(path)) return;
  const ChargeSummary q = readChargeFile(path, chargeLayout(in_, f_.train, true), in_.numTypes());
  if (!hasBecLabels(f_.train)) adviseChargeSign(q);  // Born effective charges fix the sign
  adviseNeutrality(q);
}

void TrainingRun::adviseChargeSign(const ChargeSummary& q) const {
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
  line << "; energies, forces and virials leave their sign free (no BEC labels): ";
  if (orientsCharges_)
    line << "written with the more electronegative elements negative (Allen's scale; "
         << "`charge_sign start` keeps the start's sign instead)";
  else
    line << "the start's sign, which `charge_mode " << in_.chargeMode
         << " 1` in nep.in turns over when a run resumes (with more epochs or generations)";
  advise(line.str());
}

void TrainingRun::adviseNeutrality(const ChargeSummary& q) const {
  // MD shifts every charge by the net charge per atom, and its watchdog stops a run where that
  // shift passes a threshold (a sign of leaving the training data); a model that is that far
  // off neutral on its own training set would be stopped by every run near those structures.
  const double limit = WatchdogSettings{}.neutrality;
  if (!(q.worstNet > limit)) return;
  std::ostringstream line;
  line << std::fixed << std::setprecision(3) << "raw charges off neutral by up to " << q.worstNet
       << " e/atom (" << f_.train[q.worstStructure].name << "; RMS " << q.netRmse
       << " e/atom over the training set), beyond the " << std::setprecision(2) << limit
       << " e/atom at which MD's watchdog stops a run by default (`neutrality` of run.in's "
       << "`watchdog`); a larger lambda_q (now " << std::defaultfloat << in_.lambdaQ
       << ") holds them nearer neutral";
  advise(line.str());
}

}  // namespace sei::training
