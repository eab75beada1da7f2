#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace sei {

/// Random numbers for thermostats and initial velocities. Normal and gamma variates are drawn
/// by our own algorithms from the 64-bit Mersenne Twister, because std::normal_distribution is
/// implementation-defined and caches state: with ours, the engine state alone (saved in
/// checkpoints) fixes every later number, on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed = 1) : engine_(seed) {}

  std::uint64_t bits() { return engine_(); }  ///< 64 random bits (keys of counter streams)
  double uniform();                           ///< in (0, 1)
  double normal();             ///< standard normal (Box–Muller, one value per call)
  double gamma(double shape);  ///< Gamma(shape, 1), Marsaglia–Tsang
  /// Sum of n squared standard normals (χ² with n degrees of freedom).
  double chiSquared(int n);

  std::string state() const;  ///< engine state as text, for checkpoints
  void setState(const std::string& text);

 private:
  std::mt19937_64 engine_;
};

}  // namespace sei
