#pragma once

namespace sei::units {

// The engine works in Å, fs, amu, eV, e and K (GPUMD's input/output units).

/// Boltzmann constant, eV/K.
constexpr double kBoltzmann = 8.617333262e-5;
/// amu·Å²/fs² expressed in eV: kinetic energy = ½ m v² · kMassVelocity2ToEv.
constexpr double kMassVelocity2ToEv = 103.642696562;
/// eV/Å³ expressed in GPa.
constexpr double kEvPerCubicAngstromToGpa = 160.21766208;

}  // namespace sei::units
