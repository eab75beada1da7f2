#include "AnalysisSupport.hpp"

#include "builder/MetalSlab.hpp"

namespace sei::test {

Structure cubicBox(double side) {
  Structure s;
  s.cell = Cell(Eigen::Matrix3d::Identity() * side);
  return s;
}

void placeAtom(Structure& s, const std::string& symbol, const Eigen::Vector3d& r) {
  s.symbols.push_back(symbol);
  s.positions.push_back(r);
}

void placeMolecule(Structure& s, const Molecule& m, const Eigen::Vector3d& centre,
                   const Eigen::Matrix3d& rotation) {
  for (std::size_t a = 0; a < m.size(); ++a)
    placeAtom(s, m.symbols[a], centre + rotation * m.positions[a]);
}

Structure naSlab(int repeats, int layers, double vacuum, double* top) {
  SlabSpec spec;
  spec.repeatsA = spec.repeatsB = repeats;
  spec.layers = layers;
  const Slab slab = buildMetalSlab(spec);
  Structure s = slab.structure;
  Eigen::Matrix3d h = s.cell.matrix();
  h(2, 2) += vacuum;
  s.cell = Cell(h);
  if (top) *top = slab.top;
  return s;
}

Molecule shipped(const std::string& name) { return shippedMolecule(name, SEI_RESOURCE_DIR); }

void placeRockSalt(Structure& s, const std::string& cation, const std::string& anion, int n,
                   double spacing, const Eigen::Vector3d& centre) {
  const double half = 0.5 * (n - 1) * spacing;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k)
        placeAtom(s, (i + j + k) % 2 == 0 ? cation : anion,
                  centre + Eigen::Vector3d(i, j, k) * spacing - Eigen::Vector3d::Constant(half));
}

}  // namespace sei::test
