#pragma once

namespace sei::units {

// The engine works in Å, fs, amu, eV, e and K (GPUMD's input/output units).

/// Boltzmann constant, eV/K.
constexpr double kBoltzmann = 8.617333262e-5;
/// amu·Å²/fs² expressed in eV: kinetic energy = ½ m v² · kMassVelocity2ToEv.
constexpr double kMassVelocity2ToEv = 103.642696562;
/// eV/Å³ expressed in GPa.
constexpr double kEvPerCubicAngstromToGpa = 160.21766208;
/// Hartree in eV (CODATA 2018).
constexpr double kHartree = 27.211386245988;
/// Bohr radius in Å (CODATA 2018).
constexpr double kBohr = 0.529177210903;
/// kbar (VASP's stress unit, 0.1 GPa) expressed in eV/Å³.
constexpr double kKilobarToEvPerCubicAngstrom = 0.1 / kEvPerCubicAngstromToGpa;

}  // namespace sei::units
