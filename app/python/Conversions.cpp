#include "Bindings.hpp"
#include "core/Error.hpp"

namespace sei::python {

Structure structureFromArrays(const std::vector<std::string>& symbols,
                              const py::array_t<double>& positions, const py::array_t<double>& cell,
                              const std::array<bool, 3>& pbc) {
  const std::size_t n = symbols.size();
  if (positions.ndim() != 2 || positions.shape(1) != 3 ||
      static_cast<std::size_t>(positions.shape(0)) != n)
    throw InputError("positions: expected an array of " + std::to_string(n) + " x 3 (Å)");
  if (cell.ndim() != 2 || cell.shape(0) != 3 || cell.shape(1) != 3)
    throw InputError("cell: expected a 3 x 3 array of cell vectors as rows (Å)");
  Structure s;
  s.symbols = symbols;
  s.positions.resize(n);
  const auto r = positions.unchecked<2>();
  for (std::size_t i = 0; i < n; ++i) s.positions[i] = Eigen::Vector3d(r(i, 0), r(i, 1), r(i, 2));
  const auto c = cell.unchecked<2>();
  Eigen::Matrix3d h;  // cell vectors as columns, Å
  for (int a = 0; a < 3; ++a)
    for (int d = 0; d < 3; ++d) h(a, d) = c(d, a);
  if (h.isZero(0.0)) {
    if (pbc[0] || pbc[1] || pbc[2])
      throw InputError("cell: periodic boundaries need a cell (ase.Atoms has pbc but no cell)");
    return s;  // free boundaries: the default Cell is "no cell"
  }
  s.cell = Cell(h, pbc);
  return s;
}

py::array_t<double> vectorsToArray(const std::vector<Eigen::Vector3d>& v) {
  py::array_t<double> out({static_cast<py::ssize_t>(v.size()), py::ssize_t(3)});
  auto o = out.mutable_unchecked<2>();
  for (std::size_t i = 0; i < v.size(); ++i)
    for (int a = 0; a < 3; ++a) o(i, a) = v[i](a);
  return out;
}

py::array_t<double> tensorsToArray(const std::vector<Eigen::Matrix3d>& m) {
  py::array_t<double> out({static_cast<py::ssize_t>(m.size()), py::ssize_t(3), py::ssize_t(3)});
  auto o = out.mutable_unchecked<3>();
  for (std::size_t i = 0; i < m.size(); ++i)
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) o(i, a, b) = m[i](a, b);
  return out;
}

py::array_t<double> matrixToArray(const Eigen::Matrix3d& m) {
  py::array_t<double> out({py::ssize_t(3), py::ssize_t(3)});
  auto o = out.mutable_unchecked<2>();
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) o(a, b) = m(a, b);
  return out;
}

py::dict structureToDict(const Structure& s) {
  py::dict d;
  d["symbols"] = s.symbols;
  d["positions"] = vectorsToArray(s.positions);
  d["cell"] = matrixToArray(s.cell.matrix().transpose());  // ASE: vectors as rows
  d["pbc"] = py::make_tuple(s.cell.periodic(0), s.cell.periodic(1), s.cell.periodic(2));
  return d;
}

}  // namespace sei::python
