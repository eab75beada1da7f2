#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/Cell.hpp"

namespace sei {

/// A configuration of atoms. Optional per-atom arrays are either empty or have size().
struct Structure {
  std::vector<std::string> symbols;         ///< element symbol per atom
  std::vector<Eigen::Vector3d> positions;   ///< Å
  std::vector<Eigen::Vector3d> velocities;  ///< Å/fs (optional)
  std::vector<double> masses;               ///< amu (optional; element masses otherwise)
  std::vector<double> charges;              ///< e (optional)
  std::vector<Eigen::Vector3d> forces;      ///< eV/Å (optional)
  std::vector<double> bec;                  ///< e, Born effective charges, 9 per atom (optional)
  Cell cell;
  std::string info;  ///< comment-line key=value pairs we do not interpret, kept for writing

  std::size_t size() const { return positions.size(); }
};

}  // namespace sei
