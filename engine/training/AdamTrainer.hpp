#pragma once

#include "training/BatchGradientBackend.hpp"
#include "training/Trainer.hpp"

namespace sei::training {

/// `optimizer adam` (GNEP's keywords): Adam epochs over GPUMD-ordered mini-batches of `batch`
/// structures, exact gradients (training/BatchGradient) of the same loss the SNES trainer ranks
/// by (Loss.hpp: dataLoss with its lossAdjoints), the learning rate of LearningRateSchedule.
/// When the training set holds several compositions, a batch of one composition keeps its mean
/// energy error (its own shift would leave it no energy to learn: with `batch 1`, every batch),
/// and b_out takes up the whole set's energy shift at the start and after every epoch.
/// After every epoch it appends one loss.out row (column 1 = epoch; train RMSEs over the whole
/// training set at the epoch's final parameters, L1 = L2 = 0) and writes nep.txt and
/// nep.restart.adam (parameters, Adam moments, step count: a resumed run equals the
/// uninterrupted one). A stop request is polled before each epoch. The batch gradients come from
/// `gradients` (the CPU's or an accelerator's).
TrainOutcome trainWithAdam(TrainingFolder& folder, const TrainOptions& options,
                           BatchGradientBackend& gradients);

}  // namespace sei::training
