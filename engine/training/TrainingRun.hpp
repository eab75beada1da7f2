#pragma once

#include <string>

#include "training/ChargeParity.hpp"
#include "training/Prediction.hpp"
#include "training/Trainer.hpp"

namespace sei::training {

/// What a run of either optimiser holds: the training folder, its nep.in, the caller's options
/// and an evaluator of the sets on the options' threads.
class TrainingRun {
 protected:
  TrainingRun(TrainingFolder& f, const TrainOptions& options)
      : f_(f), in_(f.input), options_(options), evaluator_(options.threads) {}

  /// One progress line to the caller's log, if it gave one.
  void say(const std::string& line) const {
    if (options_.log) options_.log(line);
  }
  /// Advice on the settings: to the caller's note channel, else its log.
  void advise(const std::string& line) const {
    if (options_.note)
      options_.note(line);
    else
      say(line);
  }
  /// After a qNEP run, from charge_train.out (nothing when it was not written): on data without
  /// BEC labels each element's mean charge, and that the sign is the start's (energies, forces
  /// and virials are even in the charges) with the way to turn it over; and where a training
  /// structure's raw charges are further off neutral than MD's watchdog allows, that and the
  /// remedy.
  void adviseCharges() const;

  TrainingFolder& f_;
  const NepInput& in_;
  const TrainOptions& options_;
  SetEvaluator evaluator_;

 private:
  void adviseChargeSign(const ChargeSummary& q) const;
  void adviseNeutrality(const ChargeSummary& q) const;
};

}  // namespace sei::training
