#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/Structure.hpp"
#include "io/DumpQuantities.hpp"

namespace sei {

// GPUMD's text outputs, byte for byte where GPUMD's format is fixed, so that GPUMD's own
// scripts, gpyumd, calorine, ASE and OVITO read ours.

/// One sample of thermo.out.
struct ThermoRecord {
  double temperature = 0.0;      ///< K
  double kineticEnergy = 0.0;    ///< eV
  double potentialEnergy = 0.0;  ///< eV
  /// GPa, P^{ab} = (Σ m v^a v^b + W^{ab}) / V with the kinetic part, positive under compression.
  Eigen::Matrix3d pressure = Eigen::Matrix3d::Zero();
  Eigen::Matrix3d cell = Eigen::Matrix3d::Zero();  ///< Å, columns a, b, c
};

/// The comment lines current GPUMD writes to thermo.out at the start of every run block that
/// dumps thermo (its "format_version 1" header): interval, atom count, time between lines
/// (timeStep × interval, fs) and column names. Each line ends with '\n'.
std::string thermoHeader(std::int64_t interval, std::size_t atoms, double timeStep /*fs*/);

/// One line of thermo.out, '\n' included: 18 columns of "%20.10e", T K U Pxx Pyy Pzz Pyz Pxz Pxy
/// ax ay az bx by bz cx cy cz (GPUMD ≥ 3.9; older versions wrote 3 box lengths for orthogonal
/// boxes). Off-diagonal pressures are the average of the two symmetric entries. Independent of
/// the C locale.
std::string thermoLine(const ThermoRecord& record);

/// Per-atom columns of a dump.xyz frame, by GPUMD's dump_xyz keywords.
using DumpExyzColumns = DumpQuantities;

/// What a dump.xyz frame holds besides the Structure (species, positions, cell, velocities Å/fs,
/// forces eV/Å, charges e, masses amu: the columns DumpExyzColumns asks for are taken from
/// there). Per-atom arrays are not copied: they must outlive the call and have one entry per
/// atom when their column is requested.
struct DumpExyzFrame {
  double time = 0.0;    ///< fs, simulated time since the start of the run.in (GPUMD's Time=)
  /// MD step since the start of the run.in, written as step= (our key; GPUMD's and ASE's readers
  /// ignore it), so that frames number themselves whatever the blocks' time steps. < 0: omitted.
  std::int64_t step = -1;
  double energy = 0.0;  ///< eV, total potential energy
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV, W^{ab} = Σ r^a F^b
  /// eV/Å³ (not GPa): P^{ab} with the kinetic part, positive under compression. GPUMD writes it
  /// under the key "stress" with this sign, unlike ASE's stress = −P.
  Eigen::Matrix3d pressure = Eigen::Matrix3d::Zero();
  const std::vector<double>* perAtomEnergy = nullptr;                ///< eV, column potential
  const std::vector<Eigen::Matrix3d>* bec = nullptr;                 ///< e, column bec
  const std::vector<Eigen::Matrix3d>* perAtomVirial = nullptr;       ///< eV, column virial
  const std::vector<Eigen::Vector3d>* unwrappedPositions = nullptr;  ///< Å
};

/// Writes one frame as GPUMD's dump_xyz does: comment line Time=, energy=, virial=, stress=
/// (tensors as xx xy xz yx yy yz zx zy zz), Lattice, pbc and Properties=species:S:1:pos:R:3
/// followed, in GPUMD's order, by mass:R:1 charge:R:1 bec:R:9 vel:R:3 forces:R:3 energy_atom:R:1
/// unwrapped_position:R:3 virial:R:9 for the requested columns. Numbers are written with the
/// shortest text that reads back exactly (GPUMD prints 9 or 17 significant digits); key order
/// differs from GPUMD's, which extended XYZ readers ignore. Masses fall back to the standard
/// atomic weights when Structure::masses is empty. Throws std::invalid_argument, before writing
/// anything, if a requested array is missing or holds a non-finite value.
void writeDumpExyzFrame(std::ostream& out, const Structure& s, const DumpExyzFrame& extra,
                        const DumpExyzColumns& cols);

}  // namespace sei
