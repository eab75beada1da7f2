#pragma once

#include "core/HostDevice.hpp"

namespace sei::training {

/// A number v + d·t with t² = 0 (forward-mode automatic differentiation along one direction):
/// `d` carries the derivative of `v` with respect to a scalar t. The templated per-pair and
/// per-atom math of engine/nep runs on it unchanged (its cos, sin, ... are found by
/// argument-dependent lookup through core/HostDevice.hpp), which is how the parameter gradient
/// gets the derivative of every intermediate along a direction in position space. Everything
/// here is SEI_HD, so the CUDA trainer (engine/cuda) runs the same math on the device.
struct Dual {
  double v = 0.0;  ///< value
  double d = 0.0;  ///< derivative along t

  Dual() = default;
  SEI_HD Dual(double value, double derivative = 0.0)
      : v(value), d(derivative) {}  // NOLINT: implicit

  SEI_HD Dual& operator+=(const Dual& o) {
    v += o.v;
    d += o.d;
    return *this;
  }
  SEI_HD Dual& operator-=(const Dual& o) {
    v -= o.v;
    d -= o.d;
    return *this;
  }
  SEI_HD Dual& operator*=(const Dual& o) {
    d = d * o.v + v * o.d;
    v *= o.v;
    return *this;
  }
  SEI_HD Dual& operator*=(double s) {
    v *= s;
    d *= s;
    return *this;
  }
  SEI_HD Dual& operator/=(const Dual& o) {
    const double inv = 1.0 / o.v;
    v *= inv;
    d = (d - v * o.d) * inv;
    return *this;
  }
};

SEI_HD inline Dual operator-(const Dual& a) { return {-a.v, -a.d}; }
SEI_HD inline Dual operator+(Dual a, const Dual& b) { return a += b; }
SEI_HD inline Dual operator-(Dual a, const Dual& b) { return a -= b; }
SEI_HD inline Dual operator*(Dual a, const Dual& b) { return a *= b; }
SEI_HD inline Dual operator*(Dual a, double s) { return a *= s; }
SEI_HD inline Dual operator*(double s, Dual a) { return a *= s; }
SEI_HD inline Dual operator/(Dual a, const Dual& b) { return a /= b; }
// Comparisons look at the value only (branches such as r < r_c are taken at t = 0).
SEI_HD inline bool operator<(const Dual& a, const Dual& b) { return a.v < b.v; }
SEI_HD inline bool operator>(const Dual& a, const Dual& b) { return a.v > b.v; }
SEI_HD inline bool operator<=(const Dual& a, const Dual& b) { return a.v <= b.v; }
SEI_HD inline bool operator>=(const Dual& a, const Dual& b) { return a.v >= b.v; }

SEI_HD inline Dual sqrt(const Dual& x) {
  const double s = ::sqrt(x.v);
  return {s, x.d / (2.0 * s)};
}
SEI_HD inline Dual cos(const Dual& x) { return {::cos(x.v), -::sin(x.v) * x.d}; }
SEI_HD inline Dual sin(const Dual& x) { return {::sin(x.v), ::cos(x.v) * x.d}; }
SEI_HD inline Dual exp(const Dual& x) {
  const double e = ::exp(x.v);
  return {e, e * x.d};
}
SEI_HD inline Dual tanh(const Dual& x) {
  const double t = ::tanh(x.v);
  return {t, (1.0 - t * t) * x.d};
}
SEI_HD inline Dual erfc(const Dual& x) {
  // d erfc(x)/dx = −2/√π e^{−x²}
  return {::erfc(x.v), -2.0 / ::sqrt(hd::kPi) * ::exp(-x.v * x.v) * x.d};
}

}  // namespace sei::training
