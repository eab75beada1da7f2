#include "training/Loss.hpp"

#include <cmath>

namespace sei::training {
namespace {

/// Accumulates per-type sums and counts; rms() gives sqrt(sum/count) per type (0 if empty).
struct TypeSums {
  std::vector<double> sum, count;
  explicit TypeSums(int T) : sum(T + 1, 0.0), count(T + 1, 0.0) {}
  void add(const std::vector<char>& has, double value, double n) {
    for (std::size_t t = 0; t < sum.size(); ++t)
      if (has[t]) {
        sum[t] += value;
        count[t] += n;
      }
  }
  std::vector<double> rms() const {
    std::vector<double> r(sum.size(), 0.0);
    for (std::size_t t = 0; t < sum.size(); ++t)
      if (count[t] > 0) r[t] = std::sqrt(sum[t] / count[t]);
    return r;
  }
};

/// has[t]: the structure contains type t; has[T] is always true.
std::vector<char> typesPresent(const TrainingStructure& s, int T) {
  std::vector<char> has(T + 1, 0);
  has[T] = 1;
  for (int t : s.types) has[t] = 1;
  return has;
}

double forceFactor(const NepInput& in, const TrainingStructure& s, std::size_t i, bool weighted) {
  if (!weighted) return 1.0;
  const double tw = in.typeWeight[s.types[i]];
  double f = tw * tw;
  if (in.forceDelta > 0.0) f *= in.forceDelta / (in.forceDelta + s.structure.forces[i].norm());
  return f;
}

double energyShift(const std::vector<TrainingStructure>& set, const std::vector<std::size_t>& which,
                   const std::vector<StructurePrediction>& preds) {
  double shift = 0.0, weights = 0.0;
  for (std::size_t k = 0; k < which.size(); ++k) {
    const TrainingStructure& s = set[which[k]];
    shift += (preds[k].energy - s.energy) * s.energyWeight;
    weights += s.energyWeight;
  }
  return weights > 0.0 ? shift / weights : 0.0;
}

double shearWeight(const NepInput& in, bool weighted) {
  return weighted ? in.lambdaShear * in.lambdaShear : 1.0;
}

}  // namespace

RmseTerms rmseTerms(const NepInput& in, const std::vector<TrainingStructure>& set,
                    const std::vector<std::size_t>& which,
                    const std::vector<StructurePrediction>& preds, const RmseOptions& options) {
  const int T = in.numTypes();
  const bool w = options.useWeight;
  RmseTerms terms;
  terms.energyShift = options.removeEnergyShift ? energyShift(set, which, preds) : 0.0;
  TypeSums energy(T), force(T), virial(T), charge(T), bec(T);
  const double shear = shearWeight(in, w);
  for (std::size_t k = 0; k < which.size(); ++k) {
    const TrainingStructure& s = set[which[k]];
    const StructurePrediction& p = preds[k];
    const std::vector<char> has = typesPresent(s, T);
    const double n = static_cast<double>(s.size());
    const double sw = w ? s.weight * s.weight : 1.0;

    const double de = p.energy - s.energy - terms.energyShift;
    energy.add(has, sw * de * de * s.energyWeight, 1.0);

    double f2 = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i)
      f2 += forceFactor(in, s, i, w) * (p.forces[i] - s.structure.forces[i]).squaredNorm();
    force.add(has, sw * f2, 3.0 * n);

    if (s.hasVirial) {
      double v2 = 0.0;
      for (int d = 0; d < 6; ++d) {
        const double dv = p.virial[d] - s.virial[d];
        v2 += (d >= 3 ? shear : 1.0) * dv * dv;
      }
      virial.add(has, sw * v2, 6.0);
    }
    if (!p.rawCharges.empty()) {
      double q = 0.0;
      for (double qi : p.rawCharges) q += qi;
      const double dq = (q - s.totalCharge) / n;
      charge.add(has, dq * dq, 1.0);
      if (s.hasBec) {
        double z2 = 0.0;
        for (std::size_t c = 0; c < s.bec.size(); ++c) z2 += std::pow(p.bec[c] - s.bec[c], 2);
        bec.add(has, z2 / n, 9.0);
      }
    }
  }
  terms.energy = energy.rms();
  terms.force = force.rms();
  terms.virial = virial.rms();
  terms.charge = charge.rms();
  terms.bec = bec.rms();
  return terms;
}

double dataLoss(const NepInput& in, const RmseTerms& r, int t) {
  return in.lambdaE * r.energy[t] + in.lambdaF * r.force[t] + in.lambdaV * r.virial[t] +
         in.lambdaQ * r.charge[t] + in.lambdaZ * r.bec[t];
}

std::vector<StructureAdjoint> lossAdjoints(const NepInput& in,
                                           const std::vector<TrainingStructure>& set,
                                           const std::vector<std::size_t>& which,
                                           const std::vector<StructurePrediction>& preds,
                                           bool removeEnergyShift) {
  const int T = in.numTypes();
  const RmseTerms r = rmseTerms(in, set, which, preds, {true, removeEnergyShift});
  // Counts of the t = T terms (denominators of the mean squares).
  double nE = 0.0, nF = 0.0, nV = 0.0, nQ = 0.0, nZ = 0.0, sumEw = 0.0, meanTerm = 0.0;
  for (std::size_t k = 0; k < which.size(); ++k) {
    const TrainingStructure& s = set[which[k]];
    nE += 1.0;
    nF += 3.0 * s.size();
    if (s.hasVirial) nV += 6.0;
    if (!preds[k].rawCharges.empty()) nQ += 1.0;
    if (!preds[k].rawCharges.empty() && s.hasBec) nZ += 9.0;
    sumEw += s.energyWeight;
    const double de = preds[k].energy - s.energy - r.energyShift;
    meanTerm += s.weight * s.weight * s.energyWeight * de;
  }
  // L = λ·sqrt(S/n): dL/dS = λ/(2·n·rms).
  auto scale = [](double lambda, double n, double rms) {
    return (n > 0.0 && rms > 0.0) ? lambda / (2.0 * n * rms) : 0.0;
  };
  const double cE = scale(in.lambdaE, nE, r.energy[T]), cF = scale(in.lambdaF, nF, r.force[T]);
  const double cV = scale(in.lambdaV, nV, r.virial[T]), cQ = scale(in.lambdaQ, nQ, r.charge[T]);
  const double cZ = scale(in.lambdaZ, nZ, r.bec[T]);
  const double shear = shearWeight(in, true);
  std::vector<StructureAdjoint> out(which.size());
  for (std::size_t k = 0; k < which.size(); ++k) {
    const TrainingStructure& s = set[which[k]];
    const StructurePrediction& p = preds[k];
    StructureAdjoint& a = out[k];
    const double n = static_cast<double>(s.size());
    const double sw = s.weight * s.weight;
    // S_E = Σ w²·ew·(Δ − shift)², shift = Σ ew·Δ / Σ ew (its derivative is the second term).
    const double de = p.energy - s.energy - r.energyShift;
    const double dShift = removeEnergyShift ? 2.0 * (s.energyWeight / sumEw) * meanTerm : 0.0;
    const double dS = 2.0 * sw * s.energyWeight * de - dShift;
    a.energy = cE * dS / n;
    a.forces.resize(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
      a.forces[i] =
          cF * 2.0 * sw * forceFactor(in, s, i, true) * (p.forces[i] - s.structure.forces[i]);
    if (s.hasVirial) {
      // virial[d] = W(a,b)/n for (a,b) = (0,0) (1,1) (2,2) (0,1) (1,2) (2,0).
      static const int kA[6] = {0, 1, 2, 0, 1, 2}, kB[6] = {0, 1, 2, 1, 2, 0};
      for (int d = 0; d < 6; ++d)
        a.virial(kA[d], kB[d]) =
            cV * 2.0 * sw * (d >= 3 ? shear : 1.0) * (p.virial[d] - s.virial[d]) / n;
    }
    if (!p.rawCharges.empty()) {
      double q = 0.0;
      for (double qi : p.rawCharges) q += qi;
      a.rawCharges.assign(s.size(), cQ * 2.0 * (q - s.totalCharge) / (n * n));
      if (s.hasBec) {
        a.bec.resize(s.bec.size());
        for (std::size_t c = 0; c < s.bec.size(); ++c)
          a.bec[c] = cZ * 2.0 * (p.bec[c] - s.bec[c]) / n;
      }
    }
  }
  return out;
}

bool oneComposition(const std::vector<TrainingStructure>& set,
                    const std::vector<std::size_t>& which, int numTypes) {
  // Compare type counts cross-multiplied by sizes: exact in integers, no fractions.
  auto counts = [numTypes](const TrainingStructure& s) {
    std::vector<long> c(numTypes, 0);
    for (int t : s.types) ++c[t];
    return c;
  };
  if (which.empty()) return true;
  const std::vector<long> first = counts(set[which[0]]);
  const long n0 = static_cast<long>(set[which[0]].size());
  for (std::size_t k : which) {
    const TrainingStructure& s = set[k];
    const std::vector<long> c = counts(s);
    const long n = static_cast<long>(s.size());
    for (int t = 0; t < numTypes; ++t)
      if (c[t] * n0 != first[t] * n) return false;
  }
  return true;
}

std::vector<int> parameterTypes(const NepModel& m) {
  const int T = m.numTypes();
  const std::size_t perNet = m.networks[0].w0.size() + m.networks[0].b0.size() +
                             m.networks[0].w1.size() + m.networks[0].w1q.size() +
                             (m.version == 5 ? 1 : 0);
  std::vector<int> types;
  for (int t = 0; t < T; ++t) types.insert(types.end(), perNet, t);
  types.insert(types.end(), m.hasCharges() ? 2 : 1, T);
  for (const std::vector<double>* c : {&m.radialCoefficients, &m.angularCoefficients})
    for (std::size_t k = 0; k < c->size(); ++k) types.push_back(static_cast<int>((k / T) % T));
  return types;
}

Regularization regularization(const std::vector<double>& theta, const std::vector<int>& typeOf,
                              int t, int numTypes, double lambda1, double lambda2) {
  double s1 = 0.0, s2 = 0.0;
  for (std::size_t v = 0; v < theta.size(); ++v) {
    const bool counted = t < numTypes ? typeOf[v] == t : typeOf[v] != numTypes;
    if (counted) {
      s1 += std::abs(theta[v]);
      s2 += theta[v] * theta[v];
    }
  }
  const double n = t < numTypes ? static_cast<double>(theta.size()) / numTypes
                                : static_cast<double>(theta.size());
  return {lambda1 * s1 / n, lambda2 * std::sqrt(s2 / n)};
}

double automaticLambda(double lambda, std::size_t numParameters, int numTypes) {
  return lambda >= 0.0 ? lambda : std::sqrt(numParameters * 1e-6 / numTypes);
}

}  // namespace sei::training
