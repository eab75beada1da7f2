#pragma once

#include <Eigen/Dense>
#include <string>

#include "builder/Molecule.hpp"
#include "core/Structure.hpp"

namespace sei::test {

/// An empty structure in a periodic cube of edge `side` Å.
Structure cubicBox(double side);
/// Appends the molecule's atoms, centred at `centre` (Å), rotated by `rotation`.
void placeMolecule(Structure& s, const Molecule& m, const Eigen::Vector3d& centre,
                   const Eigen::Matrix3d& rotation = Eigen::Matrix3d::Identity());
/// Appends one atom.
void placeAtom(Structure& s, const std::string& symbol, const Eigen::Vector3d& r);
/// A bcc Na(100) slab of repeats × repeats surface cells and `layers` atomic layers, with
/// `vacuum` Å added to its cell along z; `top` receives the z of its highest layer (Å).
Structure naSlab(int repeats, int layers, double vacuum, double* top = nullptr);
/// A shipped molecule template (resources/molecules) by name.
Molecule shipped(const std::string& name);
/// Rock-salt cluster of n × n × n sites (cation on even i+j+k) with nearest-neighbour distance
/// `spacing` Å, centred at `centre`.
void placeRockSalt(Structure& s, const std::string& cation, const std::string& anion, int n,
                   double spacing, const Eigen::Vector3d& centre);

}  // namespace sei::test
