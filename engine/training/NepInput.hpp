#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sei::training {

enum class Optimizer { Snes, Adam };
enum class ChargeSign { Auto, Start };

/// Everything `nep.in` says, with GPUMD `nep`'s defaults (GPUMD d98135de, parameters.cu) where
/// it is silent. Keywords of GNEP (`gnep`, Adam) and our own (`optimizer`, `seed`) are
/// extensions; the defaults of `batch` differ between the two optimisers, so `batchSet` says
/// whether nep.in gave one.
struct NepInput {
  std::string path;  ///< file it came from, for messages

  // Model (written to the nep.txt header).
  std::vector<std::string> elements;  ///< `type`
  std::vector<double> typeWeight;     ///< `type_weight`, per type, default 1
  std::vector<double> radialCutoff;   ///< `cutoff`, per type, Å (default 8)
  std::vector<double> angularCutoff;  ///< per type, Å (default 4)
  bool typewiseCutoff = false;        ///< `cutoff` gave 2·T numbers
  int nMaxRadial = 6, nMaxAngular = 6;
  int basisRadial = 6, basisAngular = 6;
  int lMax = 4;                                    ///< 3-body l_max, 2..8
  std::vector<int> higherFlags{2, 0, 0, 0, 0, 0};  ///< f_222, f_1111, f_112, f_123, f_233, f_134
  int neurons = 30;                                ///< hidden neurons, 1..120
  bool zbl = false;
  double zblOuter = 0.0;           ///< Å, `zbl r_out` (inner = r_out/2)
  double zblTypewiseFactor = 0.0;  ///< `use_typewise_cutoff_zbl [f]` (0.7 without f); 0 = off
  int chargeMode = 0;              ///< 0 NEP, 1 or 2 qNEP
  bool flipCharge = false;         ///< `charge_mode m 1`: negate charge weights on restart

  // Loss.
  double lambda1 = -1.0, lambda2 = -1.0;  ///< -1: automatic, sqrt(P·1e-6/T)
  double lambdaE = 1.0, lambdaF = 1.0, lambdaV = 0.1, lambdaShear = 1.0;
  double lambdaQ = 0.1, lambdaZ = 0.5;
  double forceDelta = 0.0;  ///< eV/Å, 0 = off

  // SNES.
  int batch = 1000;
  bool batchSet = false;
  bool fullBatch = false;  ///< `batch N 1`
  int population = 50;
  int generation = 100000;
  double initialPara = 1.0;
  double sigma0 = 0.1;

  // Run control and outputs.
  bool prediction = false;
  int outputInterval = 100;
  int savePotential = 100000;   ///< interval of nep_y*.txt copies, 0 = never
  int savePotentialFormat = 1;  ///< 1: time stamp in the name, 0: generation number
  bool savePotentialRestart = false;
  int outputDescriptor = 0;                    ///< 0..2
  bool importQScaler = false;                  ///< take the scalers from an existing nep.txt
  std::string fineTuneModel, fineTuneRestart;  ///< `fine_tune nep.txt nep.restart [d]`
  bool fineTuneDescriptor = true;              ///< d: train the descriptor coefficients too

  // Extensions (documented in README): optimiser choice, GNEP's Adam keywords, a seed.
  Optimizer optimizer = Optimizer::Snes;
  /// Adam epochs; 1500, with which a nep.in of only `type` trains GPUMD's PbTe example below
  /// the energy and force RMSEs of GPUMD's 20,000 SNES generations, NEP and qNEP (README,
  /// Training; 1000 left NEP's energy RMSE 0.01 meV/atom above).
  int epoch = 1500;
  double startLr = 1e-3, stopLr = 1e-7, weightDecay = 0.0;
  bool lrCosRestart = false;
  int lrWarmupEpochs = 1, lrInitialPeriod = 10;
  double lrPeriodFactor = 2.0, lrDecayFactor = 0.8;
  bool energyShift = false;
  /// `charge_sign auto|start`: without BEC labels the data leave a qNEP's charges one free sign;
  /// auto writes the models with the more electronegative elements negative, start as the start
  /// put them (GPUMD's nep).
  ChargeSign chargeSign = ChargeSign::Auto;
  unsigned long long seed = 1234567;  ///< `seed`: SNES sampling and initial parameters

  int numTypes() const { return static_cast<int>(elements.size()); }
  /// The model token GPUMD writes for these settings, e.g. "nep4_zbl_charge2".
  std::string modelToken() const;
};

/// Parses nep.in text. Throws InputError "path:line: ..." naming the keyword and what was
/// expected, for unknown keywords, wrong argument counts, values out of GPUMD's ranges and
/// keywords GPUMD accepts that we do not train (dipole/polarizability/temperature models,
/// vdW, a second hidden layer).
NepInput parseNepInput(const std::string& text, const std::string& path);
/// Reads and parses a nep.in file.
NepInput readNepInput(const std::string& path);

/// nep.in text with each given keyword's line replaced by "keyword value" (the first such line;
/// later ones dropped) or appended when absent; every other line, comments included, kept as is.
/// The Train panel's form writes its changes through this.
std::string withKeywordValues(const std::string& text,
                              const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace sei::training
