#include "training/TrainOutputs.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"

namespace sei::training {
namespace {

/// Appends printf-formatted text.
template <class... Args>
void put(std::string& out, const char* format, Args... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, args...);
  out += buf;
}

constexpr double kNoVirial = -1e6;  ///< GPUMD's marker of a structure without virial labels

}  // namespace

void writeParityFiles(const std::string& dir, const std::string& set,
                      const std::vector<TrainingStructure>& structures,
                      const std::vector<std::size_t>& which,
                      const std::vector<StructurePrediction>& preds, bool charged) {
  std::string energy, force, virial, stress, charge, bec;
  bool anyBec = false;
  for (std::size_t k = 0; k < which.size(); ++k) {
    const TrainingStructure& s = structures[which[k]];
    const StructurePrediction& p = preds[k];
    const double n = static_cast<double>(s.size());
    const double toGpa = n / s.volume() * kPressureToGpa;
    put(energy, "%g %g\n", p.energy, s.energy);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto& f = p.forces[i];
      const auto& r = s.structure.forces[i];
      put(force, "%g %g %g %g %g %g\n", f[0], f[1], f[2], r[0], r[1], r[2]);
    }
    for (int d = 0; d < 6; ++d) put(virial, "%g ", p.virial[d]);
    for (int d = 0; d < 6; ++d) put(stress, "%g ", p.virial[d] * toGpa);
    for (int d = 0; d < 6; ++d) {
      const double ref = s.hasVirial ? s.virial[d] : kNoVirial;
      put(virial, d == 5 ? "%g\n" : "%g ", ref);
      put(stress, d == 5 ? "%g\n" : "%g ", s.hasVirial ? ref * toGpa : kNoVirial);
    }
    if (charged) {
      for (double q : p.rawCharges) put(charge, "%g\n", q);
      if (s.hasBec) {
        anyBec = true;
        for (std::size_t i = 0; i < s.size(); ++i) {
          for (int c = 0; c < 9; ++c) put(bec, "%g ", p.bec[9 * i + c]);
          for (int c = 0; c < 9; ++c) put(bec, c == 8 ? "%g\n" : "%g ", s.bec[9 * i + c]);
        }
      }
    }
  }
  const std::string base = dir + "/";
  writeFileAtomically(base + "energy_" + set + ".out", energy);
  writeFileAtomically(base + "force_" + set + ".out", force);
  writeFileAtomically(base + "virial_" + set + ".out", virial);
  writeFileAtomically(base + "stress_" + set + ".out", stress);
  if (charged) writeFileAtomically(base + "charge_" + set + ".out", charge);
  if (anyBec) writeFileAtomically(base + "bec_" + set + ".out", bec);
}

std::vector<std::size_t> parityOrder(const NepInput& in, const std::vector<TrainingStructure>& set,
                                     bool trainingSet) {
  const bool batched = trainingSet && !in.prediction && in.optimizer == Optimizer::Snes;
  return batchOrder(set, batched ? batchCount(set.size(), in.batch) : 1);
}

std::string appendLossRow(const std::string& dir, const LossRow& row, bool charged) {
  const std::string line = lossRowText(row, charged);
  std::ofstream loss(dir + "/loss.out", std::ios::app);
  loss << line;
  if (!loss.flush()) throw InputError(dir + "/loss.out", 0, "cannot append");
  return line.substr(0, line.size() - 1);
}

std::string lossRowText(const LossRow& r, bool charged) {
  std::string out;
  auto last = [](const std::vector<double>& v) { return v.empty() ? 0.0 : v.back(); };
  if (!charged) {
    put(out, "%-8ld%-11.5f%-11.5f%-11.5f", r.generation, r.total, r.l1, r.l2);
    for (const RmseTerms* t : {&r.train, &r.test})
      put(out, "%-13.5f%-13.5f%-13.5f", last(t->energy), last(t->force), last(t->virial));
  } else {
    put(out, "%-8ld%-9.5f%-9.5f%-9.5f", r.generation, r.total, r.l1, r.l2);
    for (const RmseTerms* t : {&r.train, &r.test})
      put(out, "%-9.5f%-9.5f%-9.5f%-9.5f%-9.5f", last(t->energy), last(t->force), last(t->virial),
          last(t->charge), last(t->bec));
  }
  return out + "\n";
}

std::vector<double> parseLossRow(const std::string& line) {
  std::istringstream in(line);
  std::vector<double> v;
  for (double x; in >> x;) v.push_back(x);
  return v;
}

std::vector<std::pair<double, double>> readParityFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path, 0, "cannot open the parity file for reading");
  std::vector<std::pair<double, double>> pairs;
  int number = 0;
  for (std::string line; std::getline(file, line);) {
    ++number;
    const std::vector<double> v = parseLossRow(line);
    if (v.empty()) continue;
    if (v.size() % 2 != 0)
      throw InputError(path, number, "expected predictions then references (an even count)");
    const std::size_t k = v.size() / 2;
    for (std::size_t j = 0; j < k; ++j)
      if (v[k + j] != -1e6) pairs.emplace_back(v[j], v[k + j]);
  }
  return pairs;
}

}  // namespace sei::training
