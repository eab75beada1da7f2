#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::python {

namespace py = pybind11;

/// A structure from the arrays of an ase.Atoms: element symbols, positions (N×3, Å), cell
/// vectors as rows (3×3, Å; ASE's convention; all zero: no cell) and periodicity. Throws
/// InputError for inconsistent shapes or a periodic direction without a cell.
Structure structureFromArrays(const std::vector<std::string>& symbols,
                              const py::array_t<double>& positions, const py::array_t<double>& cell,
                              const std::array<bool, 3>& pbc);

/// N×3 array of vectors.
py::array_t<double> vectorsToArray(const std::vector<Eigen::Vector3d>& v);
/// N×3×3 array of tensors, [i, a, b] = m[i](a, b).
py::array_t<double> tensorsToArray(const std::vector<Eigen::Matrix3d>& m);
/// 3×3 array, [a, b] = m(a, b).
py::array_t<double> matrixToArray(const Eigen::Matrix3d& m);
/// A structure as the dict the Python side turns into ase.Atoms: symbols, positions, cell (rows),
/// pbc.
py::dict structureToDict(const Structure& s);

// The parts of the module, each in its own file.
void bindEvaluator(py::module_& m);
void bindBuilder(py::module_& m);
void bindAnalysis(py::module_& m);
void bindRun(py::module_& m);

}  // namespace sei::python
