#include "training/ModelFromInput.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei::training {

NepModel modelFromInput(const NepInput& in, const std::vector<ZblPairParameters>& zblPairs) {
  NepModel m;
  m.path = "(trained model)";
  m.token = in.modelToken();
  m.version = 4;
  m.chargeMode = in.chargeMode;
  m.elements = in.elements;
  for (const auto& e : in.elements) m.atomicNumbers.push_back(atomicNumber(e));
  m.zbl = in.zbl;
  m.flexibleZbl = in.zbl && !zblPairs.empty();
  if (in.zbl && !m.flexibleZbl) {
    m.zblOuter = in.zblOuter;
    m.zblInner = 0.5 * in.zblOuter;
    m.zblTypewiseFactor = in.zblTypewiseFactor;
  }
  m.zblPairs = m.flexibleZbl ? zblPairs : std::vector<ZblPairParameters>{};
  m.radialCutoff = in.radialCutoff;
  m.angularCutoff = in.angularCutoff;
  m.typewiseCutoff = in.typewiseCutoff;
  m.nMaxRadial = in.nMaxRadial;
  m.nMaxAngular = in.nMaxAngular;
  m.basisRadial = in.basisRadial;
  m.basisAngular = in.basisAngular;
  m.lMax = in.lMax;
  for (int b = 0; b < kNumHigherBlocks; ++b) m.higherBlocks[b] = in.higherFlags[b] != 0;
  m.hidden = in.neurons;
  const int T = in.numTypes(), D = m.dimension(), H = m.hidden;
  NepNetwork net;
  net.w0.assign(H * D, 0.0);
  net.b0.assign(H, 0.0);
  net.w1.assign(H, 0.0);
  if (m.hasCharges()) net.w1q.assign(H, 0.0);
  m.networks.assign(T, net);
  m.sqrtEpsilonInf = m.hasCharges() ? 0.0 : 1.0;
  m.radialCoefficients.assign(T * T * (m.nMaxRadial + 1) * (m.basisRadial + 1), 0.0);
  m.angularCoefficients.assign(T * T * (m.nMaxAngular + 1) * (m.basisAngular + 1), 0.0);
  m.scalers.assign(D, 1.0);
  return m;
}

std::vector<ZblPairParameters> readZblIn(const std::string& path, int numTypes) {
  std::ifstream file(path);
  if (!file) throw InputError(path, 0, "cannot open for reading");
  const int pairs = numTypes * (numTypes + 1) / 2;
  std::vector<double> v;
  for (double x; static_cast<int>(v.size()) < 10 * pairs && file >> x;) v.push_back(x);
  if (static_cast<int>(v.size()) != 10 * pairs)
    throw InputError(path, 0,
                     "expected " + std::to_string(10 * pairs) +
                         " numbers (10 per type pair: r_in r_out A1 B1 ... A4 B4), found " +
                         std::to_string(v.size()));
  std::vector<ZblPairParameters> out(pairs);
  for (int p = 0; p < pairs; ++p) {
    out[p].rInner = v[10 * p];
    out[p].rOuter = v[10 * p + 1];
    for (int q = 0; q < 4; ++q) {
      out[p].a[q] = v[10 * p + 2 + 2 * q];
      out[p].b[q] = v[10 * p + 3 + 2 * q];
    }
  }
  return out;
}

std::pair<int, int> maxNeighborCounts(
    const NepModel& model, const std::vector<const std::vector<TrainingStructure>*>& sets) {
  int radial = 0, angular = 0;
  NeighborList list;
  for (const auto* set : sets)
    for (const TrainingStructure& s : *set) {
      buildNeighborList(s.structure.cell, s.structure.positions, model.maxRadialCutoff(), list);
      for (std::size_t i = 0; i < s.size(); ++i) {
        int r = 0, a = 0;
        for (std::size_t p = list.begin(i); p < list.end(i); ++p) {
          const int ti = s.types[i], tj = s.types[list.index[p]];
          const double d = list.displacement[p].norm();
          r += d < model.pairRadialCutoff(ti, tj);
          a += d < model.pairAngularCutoff(ti, tj);
        }
        radial = std::max(radial, r);
        angular = std::max(angular, a);
      }
    }
  return {radial, angular};
}

void checkModelMatchesInput(const NepModel& model, const NepInput& in) {
  const NepModel expected = modelFromInput(in, model.zblPairs);
  auto fail = [&](const std::string& what) {
    throw InputError(model.path + ": " + what + " differs from " + in.path +
                     "; correct nep.in to match the model");
  };
  if (model.token != expected.token) fail("the model token '" + model.token + "'");
  if (model.elements != expected.elements) fail("the element list");
  if (model.radialCutoff != expected.radialCutoff || model.angularCutoff != expected.angularCutoff)
    fail("the cutoffs");
  if (model.nMaxRadial != expected.nMaxRadial || model.nMaxAngular != expected.nMaxAngular)
    fail("n_max");
  if (model.basisRadial != expected.basisRadial || model.basisAngular != expected.basisAngular)
    fail("basis_size");
  if (model.lMax != expected.lMax || model.higherBlocks != expected.higherBlocks) fail("l_max");
  if (model.hidden != expected.hidden) fail("the number of neurons");
  if (model.zbl && !model.flexibleZbl &&
      (model.zblOuter != expected.zblOuter || model.zblInner != expected.zblInner))
    fail("the ZBL cutoffs");
}

}  // namespace sei::training
