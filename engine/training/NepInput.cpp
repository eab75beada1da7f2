#include "training/NepInput.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"

namespace sei::training {
namespace {

/// One keyword line: its tokens and checked conversions that fail with file:line.
class Line {
 public:
  Line(std::vector<std::string> tokens, const std::string& path, int number)
      : t_(std::move(tokens)), path_(path), number_(number) {}

  std::size_t args() const { return t_.size() - 1; }
  const std::string& arg(std::size_t k) const { return t_[k]; }

  void expectArgs(std::size_t lo, std::size_t hi, const std::string& form) const {
    if (args() < lo || args() > hi)
      fail("expected '" + form + "', found " + std::to_string(args()) + " argument" +
           (args() == 1 ? "" : "s"));
  }

  double real(std::size_t k, double lo, double hi, const std::string& what) const {
    double v = 0.0;
    const std::string& s = t_[k];
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
      fail("expected a number for " + what + ", found '" + s + "'");
    if (v < lo || v > hi)
      fail(what + " must be within [" + shown(lo) + ", " + shown(hi) + "], found " + s);
    return v;
  }

  int integer(std::size_t k, long lo, long hi, const std::string& what) const {
    long v = 0;
    const std::string& s = t_[k];
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
      fail("expected an integer for " + what + ", found '" + s + "'");
    if (v < lo || v > hi)
      fail(what + " must be within " + std::to_string(lo) + ".." + std::to_string(hi) + ", found " +
           s);
    return static_cast<int>(v);
  }

  bool flag(std::size_t k, const std::string& what) const { return integer(k, 0, 1, what) == 1; }
  /// Whether argument k is `first` (true) or `second` (false); anything else fails.
  bool either(std::size_t k, const std::string& first, const std::string& second) const {
    if (arg(k) != first && arg(k) != second)
      fail("expected " + first + " or " + second + ", found '" + arg(k) + "'");
    return arg(k) == first;
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(path_, number_, t_[0] + ": " + message);
  }

 private:
  static std::string shown(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }
  std::vector<std::string> t_;
  const std::string& path_;
  int number_;
};

using Handler = std::function<void(const Line&, NepInput&)>;

void parseType(const Line& l, NepInput& in) {
  if (l.args() < 2) l.fail("expected 'type T element_1 ... element_T'");
  const int T = l.integer(1, 1, kMaxAtomicNumber, "the number of types");
  if (l.args() != static_cast<std::size_t>(T) + 1)
    l.fail("expected " + std::to_string(T) + " element symbols after T, found " +
           std::to_string(l.args() - 1));
  in.elements.clear();
  for (int t = 0; t < T; ++t) {
    const std::string& e = l.arg(2 + t);
    if (atomicNumber(e) == 0) l.fail("'" + e + "' is not an element symbol (H..Pu)");
    for (const auto& known : in.elements)
      if (known == e) l.fail("element '" + e + "' is listed twice");
    in.elements.push_back(e);
  }
}

/// Keywords that need `type` first (GPUMD refuses them before it, too).
int typesBefore(const Line& l, const NepInput& in) {
  if (in.elements.empty()) l.fail("must come after 'type'");
  return in.numTypes();
}

void parseCutoff(const Line& l, NepInput& in) {
  const int T = typesBefore(l, in);
  if (l.args() != 2 && l.args() != static_cast<std::size_t>(2 * T))
    l.fail("expected 'cutoff r_radial r_angular' or 2·T = " + std::to_string(2 * T) +
           " typewise cutoffs, found " + std::to_string(l.args()) + " numbers");
  in.typewiseCutoff = l.args() != 2;
  in.radialCutoff.assign(T, 0.0);
  in.angularCutoff.assign(T, 0.0);
  for (int t = 0; t < T; ++t) {
    const std::size_t k = in.typewiseCutoff ? 1 + 2 * t : 1;
    const double rc = l.real(k, 0.0, 100.0, "the radial cutoff (Å)");
    const double ac =
        l.real(k + 1, 3.0, rc, "the angular cutoff (Å; at least 3, at most the radial)");
    in.radialCutoff[t] = rc;
    in.angularCutoff[t] = ac;
  }
}

void parseLMax(const Line& l, NepInput& in) {
  l.expectArgs(1, 7, "l_max L [f_222 f_1111 f_112 f_123 f_233 f_134]");
  in.lMax = l.integer(1, 2, 8, "l_max of the 3-body descriptor");
  static const char* const kNames[] = {"f_222", "f_1111", "f_112", "f_123", "f_233", "f_134"};
  for (std::size_t k = 2; k <= l.args(); ++k)
    in.higherFlags[k - 2] = l.integer(k, 0, 8, kNames[k - 2]);
}

void parseNeuron(const Line& l, NepInput& in) {
  l.expectArgs(1, 2, "neuron N");
  in.neurons = l.integer(1, 1, 120, "the number of neurons");
  if (l.args() == 2 && l.integer(2, 0, 120, "the second hidden layer") != 0)
    l.fail("a second hidden layer is not supported (GPUMD's md cannot run it); use 'neuron " +
           l.arg(1) + "'");
}

void parseZbl(const Line& l, NepInput& in) {
  l.expectArgs(1, 1, "zbl r_outer");
  in.zbl = true;
  in.zblOuter = l.real(1, 1.0, 4.0, "the outer ZBL cutoff (Å)");
}

void parseTypeWeight(const Line& l, NepInput& in) {
  const int T = typesBefore(l, in);
  if (l.args() != static_cast<std::size_t>(T))
    l.fail("expected " + std::to_string(T) + " weights (one per type), found " +
           std::to_string(l.args()));
  in.typeWeight.resize(T);
  for (int t = 0; t < T; ++t) in.typeWeight[t] = l.real(1 + t, 0.0, 1e30, "a type weight");
}

Handler real(double NepInput::*field, double lo, double hi, const char* what) {
  return [=](const Line& l, NepInput& in) {
    l.expectArgs(1, 1, std::string(l.arg(0)) + " value");
    in.*field = l.real(1, lo, hi, what);
  };
}

Handler integer(int NepInput::*field, long lo, long hi, const char* what) {
  return [=](const Line& l, NepInput& in) {
    l.expectArgs(1, 1, std::string(l.arg(0)) + " value");
    in.*field = l.integer(1, lo, hi, what);
  };
}

Handler pair(int NepInput::*a, int NepInput::*b, long hiA, long hiB, const char* form) {
  return [=](const Line& l, NepInput& in) {
    l.expectArgs(2, 2, form);
    in.*a = l.integer(1, 0, hiA, "the radial value");
    in.*b = l.integer(2, 0, hiB, "the angular value");
  };
}

const std::map<std::string, Handler>& handlers() {
  constexpr double kBig = 1e30;
  static const std::map<std::string, Handler> table = {
      {"type", parseType},
      {"type_weight", parseTypeWeight},
      {"cutoff", parseCutoff},
      {"n_max", pair(&NepInput::nMaxRadial, &NepInput::nMaxAngular, 12, 8, "n_max n_R n_A")},
      {"basis_size",
       pair(&NepInput::basisRadial, &NepInput::basisAngular, 16, 12, "basis_size K_R K_A")},
      {"l_max", parseLMax},
      {"neuron", parseNeuron},
      {"zbl", parseZbl},
      {"version",
       [](const Line& l, NepInput&) {
         l.expectArgs(1, 1, "version 4");
         l.integer(1, 4, 4, "version (GPUMD's nep trains NEP4 only)");
       }},
      {"model_type", nullptr},
      {"mode", nullptr},
      {"prediction",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 1, "prediction 0|1");
         in.prediction = l.flag(1, "prediction");
       }},
      {"lambda_1", real(&NepInput::lambda1, 0.0, kBig, "the L1 weight")},
      {"lambda_2", real(&NepInput::lambda2, 0.0, kBig, "the L2 weight")},
      {"lambda_e", real(&NepInput::lambdaE, 0.0, kBig, "the energy weight")},
      {"lambda_f", real(&NepInput::lambdaF, 0.0, kBig, "the force weight")},
      {"lambda_v", real(&NepInput::lambdaV, 0.0, kBig, "the virial weight")},
      {"lambda_shear", real(&NepInput::lambdaShear, 0.0, kBig, "the shear virial weight")},
      {"lambda_q", real(&NepInput::lambdaQ, 0.0, kBig, "the charge weight")},
      {"lambda_z", real(&NepInput::lambdaZ, 0.0, kBig, "the BEC weight")},
      {"force_delta", real(&NepInput::forceDelta, -kBig, kBig, "force_delta (eV/Å)")},
      {"atomic_v",
       [](const Line& l, NepInput&) {
         l.expectArgs(1, 1, "atomic_v 0|1");
         if (l.flag(1, "atomic_v"))
           l.fail("atomic tensors are only for dipole or polarizability models (as in GPUMD)");
       }},
      {"batch",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 2, "batch N [use_full_batch]");
         in.batch = l.integer(1, 1, 1L << 30, "the batch size");
         in.batchSet = true;
         if (l.args() == 2) in.fullBatch = l.flag(2, "use_full_batch");
       }},
      {"population", integer(&NepInput::population, 10, 200, "the population size")},
      {"generation", integer(&NepInput::generation, 0, 10000000, "the number of generations")},
      {"initial_para", real(&NepInput::initialPara, 0.1, 1.0, "initial_para")},
      {"sigma0", real(&NepInput::sigma0, 0.01, 0.1, "sigma0")},
      {"use_typewise_cutoff_zbl",
       [](const Line& l, NepInput& in) {
         l.expectArgs(0, 1, "use_typewise_cutoff_zbl [factor]");
         in.zblTypewiseFactor = l.args() == 1 ? l.real(1, 0.5, kBig, "the factor") : 0.7;
       }},
      {"use_typewise_cutoff",
       [](const Line& l, NepInput&) {
         l.fail(
             "was removed from GPUMD's nep; give per-type cutoffs as 'cutoff rc_1 ac_1 ... "
             "rc_T ac_T'");
       }},
      {"output_descriptor", integer(&NepInput::outputDescriptor, 0, 2, "output_descriptor")},
      {"charge_mode",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 2, "charge_mode 0|1|2 [flip_charge]");
         in.chargeMode = l.integer(1, 0, 2, "the charge mode");
         if (l.args() == 2) in.flipCharge = l.flag(2, "flip_charge");
       }},
      {"vdw", nullptr},
      {"charge_vdw", nullptr},
      {"fine_tune",
       [](const Line& l, NepInput& in) {
         l.expectArgs(2, 3, "fine_tune nep.txt nep.restart [fine_tune_descriptor]");
         in.fineTuneModel = l.arg(1);
         in.fineTuneRestart = l.arg(2);
         if (l.args() == 3) in.fineTuneDescriptor = l.flag(3, "fine_tune_descriptor");
       }},
      {"save_potential",
       [](const Line& l, NepInput& in) {
         l.expectArgs(3, 3, "save_potential interval format restart");
         in.savePotential = l.integer(1, 0, 1L << 30, "the interval");
         in.savePotentialFormat = l.integer(2, 0, 1, "the format");
         in.savePotentialRestart = l.flag(3, "restart");
       }},
      {"output_interval", integer(&NepInput::outputInterval, 1, 1L << 30, "output_interval")},
      {"import_q_scaler",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 1, "import_q_scaler 0|1");
         in.importQScaler = l.flag(1, "import_q_scaler");
       }},
      // Extensions.
      {"optimizer",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 1, "optimizer snes|adam");
         in.optimizer = l.either(1, "snes", "adam") ? Optimizer::Snes : Optimizer::Adam;
       }},
      {"seed",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 1, "seed N");
         in.seed = static_cast<unsigned long long>(l.integer(1, 0, 2147483647L, "the seed"));
       }},
      {"epoch", integer(&NepInput::epoch, 0, 10000, "the number of epochs")},
      {"start_lr", real(&NepInput::startLr, 0.0, kBig, "the start learning rate")},
      {"stop_lr", real(&NepInput::stopLr, 0.0, kBig, "the stop learning rate")},
      {"weight_decay", real(&NepInput::weightDecay, 0.0, kBig, "the weight decay")},
      {"lr_cos_restart",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 5, "lr_cos_restart 0|1 [warmup period period_factor decay_factor]");
         if (l.args() != 1 && l.args() != 5)
           l.fail("expected 1 or 5 arguments, found " + std::to_string(l.args()));
         in.lrCosRestart = l.flag(1, "lr_cos_restart");
         if (l.args() == 5) {
           in.lrWarmupEpochs = l.integer(2, 0, 1L << 30, "warmup_epochs");
           in.lrInitialPeriod = l.integer(3, 1, 1L << 30, "initial_period_epochs");
           in.lrPeriodFactor = l.real(4, 1e-300, kBig, "period_factor");
           in.lrDecayFactor = l.real(5, 1e-300, kBig, "decay_factor");
         }
       }},
      {"energy_shift",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 1, "energy_shift 0|1");
         in.energyShift = l.flag(1, "energy_shift");
       }},
      {"charge_sign",
       [](const Line& l, NepInput& in) {
         l.expectArgs(1, 1, "charge_sign auto|start");
         in.chargeSign = l.either(1, "auto", "start") ? ChargeSign::Auto : ChargeSign::Start;
       }},
  };
  return table;
}

/// GPUMD keywords we parse but whose models we do not train; the reason goes into the error.
void refuseModelKind(const Line& l) {
  const std::string& k = l.arg(0);
  if (k == "model_type" || k == "mode") {
    l.expectArgs(1, 1, k + " 0|1|2|3");
    const int mode = l.integer(1, 0, 3, "the model type");
    if (mode == 1 || mode == 2)
      l.fail("dipole and polarizability (TNEP) models are not trained by sei train");
    if (mode == 3) l.fail("temperature models are not trained by sei train");
    return;
  }
  l.expectArgs(1, 1, k + " 0|1");
  if (l.flag(1, k))
    l.fail("vdW models are not trained by sei train (GPUMD's md cannot run them either)");
}

void checkConsistency(NepInput& in, const std::string& path) {
  if (in.elements.empty()) throw InputError(path, 0, "'type' is missing");
  const int T = in.numTypes();
  if (in.radialCutoff.empty()) {
    in.radialCutoff.assign(T, 8.0);
    in.angularCutoff.assign(T, 4.0);
  }
  if (in.typeWeight.empty()) in.typeWeight.assign(T, 1.0);
  if (in.chargeMode != 0 && in.typewiseCutoff)
    throw InputError(path, 0, "typewise cutoffs are not allowed with charge_mode (as in GPUMD)");
  if (in.zblTypewiseFactor > 0.0 && !in.zbl)
    throw InputError(path, 0, "use_typewise_cutoff_zbl needs 'zbl'");
  if (!in.fineTuneModel.empty() && in.optimizer == Optimizer::Adam)
    throw InputError(path, 0,
                     "fine_tune starts SNES (GPUMD's nep) from a foundation model's nep.restart; "
                     "with optimizer adam start from a model with `sei train --init-from`");
  if (!in.fineTuneModel.empty() && in.importQScaler)
    throw InputError(path, 0, "fine_tune takes the foundation's scalers; drop import_q_scaler");
  int blocks = in.lMax;
  for (int f : in.higherFlags) blocks += f != 0;
  if ((in.nMaxAngular + 1) * blocks > 90)
    throw InputError(path, 0, "more than 90 angular descriptors ((n_max_A+1)·blocks)");
  if (in.optimizer == Optimizer::Adam && !in.batchSet) in.batch = 2;  // GNEP's default
}

}  // namespace

std::string NepInput::modelToken() const {
  std::string token = "nep4";
  if (zbl) token += "_zbl";
  if (chargeMode != 0) token += "_charge" + std::to_string(chargeMode);
  return token;
}

NepInput parseNepInput(const std::string& text, const std::string& path) {
  NepInput in;
  in.path = path;
  std::istringstream stream(text);
  int number = 0;
  for (std::string raw; std::getline(stream, raw);) {
    ++number;
    std::istringstream words(raw);
    std::vector<std::string> tokens;
    for (std::string w; words >> w && w[0] != '#';) tokens.push_back(w);
    if (tokens.empty()) continue;
    const Line line(tokens, path, number);
    const auto it = handlers().find(tokens[0]);
    if (it == handlers().end())
      throw InputError(
          path, number,
          "unknown keyword '" + tokens[0] + "' (see 'sei train --help' for the keywords)");
    if (it->second)
      it->second(line, in);
    else
      refuseModelKind(line);
  }
  checkConsistency(in, path);
  return in;
}

NepInput readNepInput(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path, 0, "cannot open nep.in for reading");
  std::ostringstream text;
  text << file.rdbuf();
  return parseNepInput(text.str(), path);
}

std::string withKeywordValues(const std::string& text,
                              const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<bool> written(values.size(), false);
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    std::string keyword;
    std::istringstream(line) >> keyword;
    std::size_t k = 0;
    while (k < values.size() && values[k].first != keyword) ++k;
    if (k == values.size()) {
      out += line + "\n";
    } else if (!written[k]) {
      out += keyword + " " + values[k].second + "\n";
      written[k] = true;
    }
  }
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!written[k]) out += values[k].first + " " + values[k].second + "\n";
  return out;
}

}  // namespace sei::training
