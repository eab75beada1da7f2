#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/NepAtomKernels.hpp"
#include "nep/AngularTerms.hpp"
#include "nep/NepModel.hpp"
#include "nep/Zbl.hpp"

namespace sei::cuda {

/// A model flattened into the arrays NepParams points to, on the host, with parameters rounded
/// to Real. The CUDA backend uploads these; the CPU-side tests use them in place.
template <class Real>
struct NepModelBuffers {
  std::vector<Real> cRadial, cAngular, rcRadial, rcAngular;
  std::vector<double> w0, b0, w1, w1q, scalers, typeBias;
  std::vector<nep::AngularTerm> angular;
  std::vector<nep::Monomial> monomials;
  std::vector<int> blockStart;
  std::vector<nep::ZblPair> zbl;
  NepParams<Real> shape{};  ///< sizes and flags; pointers unset

  /// Throws std::runtime_error if the model exceeds the kernels' fixed limits.
  explicit NepModelBuffers(const NepModel& m) {
    const int T = m.numTypes();
    if (m.nMaxRadial + 1 > kMaxChannels || m.nMaxAngular + 1 > kMaxChannels ||
        m.basisRadial + 1 > kMaxBasis || m.basisAngular + 1 > kMaxBasis)
      throw std::runtime_error(m.path + ": the CUDA backend supports n_max and basis_size up to " +
                               std::to_string(kMaxChannels - 1) + "; use --backend cpu");
    auto toReal = [](const std::vector<double>& v) {
      return std::vector<Real>(v.begin(), v.end());
    };
    cRadial = toReal(pairMajorCoefficients(m.radialCoefficients, T, m.nMaxRadial, m.basisRadial));
    cAngular =
        toReal(pairMajorCoefficients(m.angularCoefficients, T, m.nMaxAngular, m.basisAngular));
    for (int t1 = 0; t1 < T; ++t1)
      for (int t2 = 0; t2 < T; ++t2) {
        rcRadial.push_back(Real(m.pairRadialCutoff(t1, t2)));
        rcAngular.push_back(Real(m.pairAngularCutoff(t1, t2)));
      }
    for (const NepNetwork& net : m.networks) {
      w0.insert(w0.end(), net.w0.begin(), net.w0.end());
      b0.insert(b0.end(), net.b0.begin(), net.b0.end());
      w1.insert(w1.end(), net.w1.begin(), net.w1.end());
      w1q.insert(w1q.end(), net.w1q.begin(), net.w1q.end());
      typeBias.push_back(net.typeBias);
    }
    scalers = m.scalers;
    angular = nep::AngularFunctions(m.lMax).terms();
    blockStart.push_back(0);
    for (const nep::BlockPolynomial& b : nep::angularBlocks(m)) {
      monomials.insert(monomials.end(), b.terms.begin(), b.terms.end());
      blockStart.push_back(static_cast<int>(monomials.size()));
    }
    if (m.zbl) zbl = nep::Zbl(m).pairs();

    NepParams<Real>& p = shape;
    p.numTypes = T;
    p.dim = m.dimension();
    p.nR = m.nMaxRadial;
    p.nA = m.nMaxAngular;
    p.kR = m.basisRadial;
    p.kA = m.basisAngular;
    p.numSums = nep::numAngularSums(m.lMax);
    p.hidden = m.hidden;
    p.lMax = m.lMax;
    p.numBlocks = static_cast<int>(blockStart.size()) - 1;
    p.charged = m.hasCharges() ? 1 : 0;
    p.temperatureDescriptor = m.temperatureDescriptor ? 1 : 0;
    p.outputBias = m.outputBias;
  }

  /// NepParams pointing into `a`: these vectors or their device copies (any type with the same
  /// member names whose members have data() and size()).
  template <class Arrays>
  NepParams<Real> bind(const Arrays& a, double temperature) const {
    NepParams<Real> p = shape;
    p.temperature = temperature;
    p.cRadial = a.cRadial.data();
    p.cAngular = a.cAngular.data();
    p.rcRadial = a.rcRadial.data();
    p.rcAngular = a.rcAngular.data();
    p.w0 = a.w0.data();
    p.b0 = a.b0.data();
    p.w1 = a.w1.data();
    p.w1q = a.w1q.size() ? a.w1q.data() : nullptr;
    p.typeBias = a.typeBias.data();
    p.scalers = a.scalers.data();
    p.angular = a.angular.data();
    p.monomials = a.monomials.data();
    p.blockStart = a.blockStart.data();
    p.zbl = a.zbl.size() ? a.zbl.data() : nullptr;
    return p;
  }
  NepParams<Real> hostParams(double temperature) const { return bind(*this, temperature); }
};

}  // namespace sei::cuda
