#pragma once

#include "cuda/DeviceArray.hpp"
#include "cuda/NepModelBuffers.hpp"

namespace sei::cuda {

/// Host model buffers copied to the device, and NepParams pointing at the copies (Real: the
/// MD backend's precision, or double for the trainer).
template <class Real>
struct DeviceModel {
  DeviceArray<Real> cRadial, cAngular, rcRadial, rcAngular;
  DeviceArray<double> w0, b0, w1, w1q, scalers, typeBias;
  DeviceArray<nep::AngularTerm> angular;
  DeviceArray<nep::Monomial> monomials;
  DeviceArray<int> blockStart;
  DeviceArray<nep::ZblPair> zbl;
  NepParams<Real> params{};

  DeviceModel() = default;
  DeviceModel(const NepModelBuffers<Real>& h, double temperature) { upload(h, temperature); }

  /// Copies `h` over the arrays, which grow only when `h` is larger (the trainer re-uploads
  /// its model at every step).
  void upload(const NepModelBuffers<Real>& h, double temperature) {
    cRadial.upload(h.cRadial);
    cAngular.upload(h.cAngular);
    rcRadial.upload(h.rcRadial);
    rcAngular.upload(h.rcAngular);
    w0.upload(h.w0);
    b0.upload(h.b0);
    w1.upload(h.w1);
    w1q.upload(h.w1q);
    scalers.upload(h.scalers);
    typeBias.upload(h.typeBias);
    angular.upload(h.angular);
    monomials.upload(h.monomials);
    blockStart.upload(h.blockStart);
    zbl.upload(h.zbl);
    params = h.bind(*this, temperature);
  }

  std::size_t bytes() const {
    return cRadial.bytes() + cAngular.bytes() + rcRadial.bytes() + rcAngular.bytes() + w0.bytes() +
           b0.bytes() + w1.bytes() + w1q.bytes() + scalers.bytes() + typeBias.bytes() +
           angular.bytes() + monomials.bytes() + blockStart.bytes() + zbl.bytes();
  }
};

}  // namespace sei::cuda
