#include "ThermoQuantities.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace sei::studio {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("ThermoQuantities", text); }

/// Column `k` of thermo.out (0–17) as the record holds it: the pressure tensor's xx yy zz yz xz
/// xy, then the cell's vectors a, b, c (the matrix's columns).
template <int k>
double fileColumn(const ThermoRecord& r) {
  if constexpr (k == 0) return r.temperature;
  if constexpr (k == 1) return r.kineticEnergy;
  if constexpr (k == 2) return r.potentialEnergy;
  constexpr int rows[6] = {0, 1, 2, 1, 0, 0};
  constexpr int cols[6] = {0, 1, 2, 2, 2, 1};
  if constexpr (k >= 3 && k < 9) return r.pressure(rows[k - 3], cols[k - 3]);
  if constexpr (k >= 9) return r.cell((k - 9) % 3, (k - 9) / 3);
  return 0.0;
}

template <int vector>
double cellLength(const ThermoRecord& r) {
  return r.cell.col(vector).norm();
}

std::vector<ThermoQuantity> makeQuantities() {
  const QString eV = "eV", GPa = "GPa", K = "K";
  const QString angstrom = QString::fromUtf8("\u00c5");
  const QString cubic = QString::fromUtf8("\u00c5\u00b3");
  std::vector<ThermoQuantity> q = {
      {"temperature", "T", tr("temperature"), K, "K", 0, fileColumn<0>},
      {"kinetic_energy", "K", tr("kinetic energy"), eV, "eV", 1, fileColumn<1>},
      {"potential_energy", "U", tr("potential energy"), eV, "eV", 2, fileColumn<2>},
      {"total_energy", "E", tr("total energy"), eV, "eV", -1,
       [](const ThermoRecord& r) { return r.kineticEnergy + r.potentialEnergy; }},
      {"pressure", "P", tr("pressure"), GPa, "GPa", -1,
       [](const ThermoRecord& r) { return r.pressure.trace() / 3.0; }},
      {"pxx", "Pxx", tr("pressure"), GPa, "GPa", 3, fileColumn<3>},
      {"pyy", "Pyy", tr("pressure"), GPa, "GPa", 4, fileColumn<4>},
      {"pzz", "Pzz", tr("pressure"), GPa, "GPa", 5, fileColumn<5>},
      {"pyz", "Pyz", tr("pressure"), GPa, "GPa", 6, fileColumn<6>},
      {"pxz", "Pxz", tr("pressure"), GPa, "GPa", 7, fileColumn<7>},
      {"pxy", "Pxy", tr("pressure"), GPa, "GPa", 8, fileColumn<8>},
      {"volume", "V", tr("volume"), cubic, "A3", -1,
       [](const ThermoRecord& r) { return std::abs(r.cell.determinant()); }},
      {"a", "|a|", tr("cell length"), angstrom, "A", -1, cellLength<0>},
      {"b", "|b|", tr("cell length"), angstrom, "A", -1, cellLength<1>},
      {"c", "|c|", tr("cell length"), angstrom, "A", -1, cellLength<2>},
      {"ax", "ax", tr("cell"), angstrom, "A", 9, fileColumn<9>},
      {"ay", "ay", tr("cell"), angstrom, "A", 10, fileColumn<10>},
      {"az", "az", tr("cell"), angstrom, "A", 11, fileColumn<11>},
      {"bx", "bx", tr("cell"), angstrom, "A", 12, fileColumn<12>},
      {"by", "by", tr("cell"), angstrom, "A", 13, fileColumn<13>},
      {"bz", "bz", tr("cell"), angstrom, "A", 14, fileColumn<14>},
      {"cx", "cx", tr("cell"), angstrom, "A", 15, fileColumn<15>},
      {"cy", "cy", tr("cell"), angstrom, "A", 16, fileColumn<16>},
      {"cz", "cz", tr("cell"), angstrom, "A", 17, fileColumn<17>}};
  return q;
}

}  // namespace

QString ThermoQuantity::title() const {
  return QStringLiteral("%1 %2 (%3)").arg(name, symbol, unit);
}

const std::vector<ThermoQuantity>& thermoQuantities() {
  static const std::vector<ThermoQuantity> quantities = makeQuantities();
  return quantities;
}

const ThermoQuantity* findThermoQuantity(const QString& key) {
  for (const ThermoQuantity& q : thermoQuantities())
    if (q.key == key) return &q;
  return nullptr;
}

std::vector<const ThermoQuantity*> thermoFileColumns() {
  std::vector<const ThermoQuantity*> columns;
  for (const ThermoQuantity& q : thermoQuantities())
    if (q.column >= 0) columns.push_back(&q);
  std::sort(columns.begin(), columns.end(),
            [](const ThermoQuantity* a, const ThermoQuantity* b) { return a->column < b->column; });
  return columns;
}

}  // namespace sei::studio
