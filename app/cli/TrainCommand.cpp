#include <cstdio>
#include <set>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "training/Trainer.hpp"

namespace sei::cli {
namespace {

const char* const kTrainHelp =
    R"(Usage: sei train [--dir DIR] [--threads N] [--backend cpu|cuda] [--quiet]

Trains a NEP or qNEP model as GPUMD's `nep` does, on the CPU, from a folder holding nep.in,
train.xyz and optionally test.xyz (and zbl.in for flexible ZBL). Every nep.in keyword of GPUMD's
nep for NEP and qNEP is read with its defaults: version, type, type_weight, zbl,
use_typewise_cutoff_zbl, cutoff (2 or 2*T numbers), n_max, basis_size, l_max, neuron, lambda_1,
lambda_2, lambda_e, lambda_f, lambda_v, lambda_shear, lambda_q, lambda_z, force_delta, batch,
population, generation, charge_mode, initial_para, sigma0, prediction, save_potential,
output_interval, output_descriptor, import_q_scaler, atomic_v, model_type, fine_tune (SNES
from a foundation model's nep.restart, restricted to nep.in's elements). Refused with their
line: dipole/polarizability/temperature models, vdw, charge_vdw, fine_tune with optimizer adam,
a second hidden layer, unknown keywords. Extensions: `optimizer snes|adam` (default snes), `seed N` (SNES
sampling and initial parameters; default 1234567), `charge_sign auto|start` (qNEP without BEC
labels, whose data leave the charges one free sign: auto, the default, writes the models with
the more electronegative elements negative, start keeps the start's sign as GPUMD does) and
GNEP's Adam keywords epoch, start_lr, stop_lr, weight_decay, lr_cos_restart, energy_shift.

train.xyz / test.xyz: GPUMD's extended XYZ with energy= (eV), force(s):R:3, optional virial=
(9 numbers, eV) or stress= (eV/A^3, virial = -stress*V), weight=, energy_weight=, charge=
(total charge, qNEP) and bec:R:9 (qNEP).

Output in DIR, in GPUMD's formats: loss.out, nep.txt (every output_interval generations),
nep.restart (+ nep.restart.sei with the generation, so a rerun resumes exactly), energy_*,
force_*, virial_*, stress_*, charge_*, bec_*.out for train and test. `prediction 1` evaluates
DIR/nep.txt on the sets and writes only the *_train.out / *_test.out files.
With `optimizer adam`: one loss.out row (column 1 = epoch) and nep.txt after every epoch, and
nep.restart.adam (parameters and Adam moments) instead of nep.restart; defaults epoch 50,
batch 2, start_lr 1e-3, stop_lr 1e-7, weight_decay 0.

Options:
  --dir DIR       training folder (default: the current folder)
  --threads N     CPU threads (default: all)
  --backend B     where `optimizer adam` computes its batch gradients: cpu (default) or cuda
                  (an NVIDIA GPU; refused with one line when no device is usable, and for
                  SNES; qNEP's Ewald sums stay on the CPU, BEC terms are CPU-only)
  --quiet         no progress lines

Ctrl-C (SIGINT) or SIGTERM stops after the current generation (Adam: epoch) and writes the
restart; running sei train again resumes there. Exit status: 0 finished, 2 bad input (nothing
written), 130 stopped by a signal.
)";

}  // namespace

int runTrain(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kTrainHelp)) return 0;
  const Arguments arguments("train", args, {"dir", "threads", "backend"}, {"quiet"});
  training::TrainOptions options;
  options.dir = arguments.value("dir", ".");
  options.threads = arguments.integer("threads", 0, 0, 4096);
  options.backend = arguments.value("backend", "cpu");
  const std::atomic<bool>& stop = stopOnSignals();
  options.stopRequested = [&stop] { return stop.load(); };
  options.log = progressPrinter(arguments.has("quiet"));
  options.note = [](const std::string& line) {
    std::fprintf(stderr, "sei train: note: %s\n", line.c_str());
  };
  switch (training::runTraining(options)) {
    case training::TrainOutcome::Stopped:
      std::fprintf(stderr, "sei train: stopped; restart written, run again to resume\n");
      return 130;
    case training::TrainOutcome::Predicted:
    case training::TrainOutcome::Finished:
      return 0;
  }
  return 0;
}

}  // namespace sei::cli
