#include "md/Random.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace sei {

double Random::uniform() {
  // 53 random bits, shifted by half a step so that 0 and 1 never occur.
  return ((engine_() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double Random::normal() {
  const double u1 = uniform(), u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

double Random::gamma(double shape) {
  if (shape < 1.0) {
    // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
    return gamma(shape + 1.0) * std::pow(uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

double Random::chiSquared(int n) {
  if (n <= 0) return 0.0;
  return 2.0 * gamma(0.5 * n);
}

std::string Random::state() const {
  std::ostringstream out;
  out << engine_;
  return out.str();
}

void Random::setState(const std::string& text) {
  std::istringstream in(text);
  in >> engine_;
  if (!in) throw std::invalid_argument("corrupt random-number state");
}

}  // namespace sei
