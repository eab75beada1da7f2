#pragma once

// A counter-based random stream usable on host and device: number n of the stream `key` is a
// pure function of (key, n), so every GPU thread draws its own numbers without shared state and
// a host loop reproduces them exactly. It is SplitMix64 (Steele, Lea, Flood 2014) evaluated at
// position n of the sequence seeded with key, which passes BigCrush as a sequential generator.

#include <math.h>
#include <stdint.h>

#include "core/HostDevice.hpp"

namespace sei::md {

SEI_HD inline uint64_t splitMixAt(uint64_t key, uint64_t n) {
  uint64_t z = key + (n + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Uniform in (0, 1): 53 random bits shifted by half a step, as Random::uniform().
SEI_HD inline double uniformAt(uint64_t key, uint64_t n) {
  return (static_cast<double>(splitMixAt(key, n) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/// Standard normal number n (Box–Muller on uniforms 2n and 2n+1, as Random::normal()).
SEI_HD inline double normalAt(uint64_t key, uint64_t n) {
  const double u1 = uniformAt(key, 2 * n), u2 = uniformAt(key, 2 * n + 1);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * hd::kPi * u2);
}

}  // namespace sei::md
