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
  TrainingRun(TrainingFolder& f, const TrainOptions& options);

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
  /// BEC labels each element's mean charge and how their free sign was chosen (energies, forces
  /// and virials are even in the charges): by charge_sign auto, or the start's with the way to
  /// turn it over; and where a training structure's raw charges are further off neutral than
  /// MD's watchdog allows, that and the remedy.
  void adviseCharges() const;
  /// `charge_sign auto` on data without BEC labels (orientsCharges): whether the model whose
  /// predictions on the training structures `which` are `preds` has its electronegative
  /// elements positive, so that the model to write is the one with its charges turned over.
  bool turnsChargesOver(const std::vector<std::size_t>& which,
                        const std::vector<StructurePrediction>& preds) const;

  TrainingFolder& f_;
  const NepInput& in_;
  const TrainOptions& options_;
  SetEvaluator evaluator_;
  const bool orientsCharges_;  ///< charge_sign auto on a qNEP without BEC labels

 private:
  void adviseChargeSign(const ChargeSummary& q) const;
  void adviseNeutrality(const ChargeSummary& q) const;
};

}  // namespace sei::training
