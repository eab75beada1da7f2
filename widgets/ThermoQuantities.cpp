#include "ThermoQuantities.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

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

/// fileColumn<k> for every column k of thermo.out, indexable at run time.
template <std::size_t... k>
constexpr std::array<double (*)(const ThermoRecord&), sizeof...(k)> fileColumnTable(
    std::index_sequence<k...>) {
  return {&fileColumn<static_cast<int>(k)>...};
}
constexpr auto kFileColumns = fileColumnTable(std::make_index_sequence<18>());

std::vector<ThermoQuantity> makeQuantities() {
  const QString eV = "eV", GPa = "GPa", K = "K";
  const QString angstrom = QString::fromUtf8("\u00c5");
  const QString cubic = QString::fromUtf8("\u00c5\u00b3");
  std::vector<ThermoQuantity> q = {
      {"temperature", "T", tr("temperature"), K, "K", 0, kFileColumns[0]},
      {"kinetic_energy", "K", tr("kinetic energy"), eV, "eV", 1, kFileColumns[1]},
      {"potential_energy", "U", tr("potential energy"), eV, "eV", 2, kFileColumns[2]},
      {"total_energy", "E", tr("total energy"), eV, "eV", -1,
       [](const ThermoRecord& r) { return r.kineticEnergy + r.potentialEnergy; }},
      {"pressure", "P", tr("pressure"), GPa, "GPa", -1,
       [](const ThermoRecord& r) { return r.pressure.trace() / 3.0; }}};
  // thermo.out's columns 3–8 and 9–17, in the file's order.
  const char* const pressure[] = {"Pxx", "Pyy", "Pzz", "Pyz", "Pxz", "Pxy"};
  for (int k = 0; k < 6; ++k)
    q.push_back({QString(pressure[k]).toLower(), pressure[k], tr("pressure"), GPa, "GPa", 3 + k,
                 kFileColumns[3 + k]});
  q.push_back({"volume", "V", tr("volume"), cubic, "A3", -1,
               [](const ThermoRecord& r) { return std::abs(r.cell.determinant()); }});
  q.push_back({"a", "|a|", tr("cell length"), angstrom, "A", -1, cellLength<0>});
  q.push_back({"b", "|b|", tr("cell length"), angstrom, "A", -1, cellLength<1>});
  q.push_back({"c", "|c|", tr("cell length"), angstrom, "A", -1, cellLength<2>});
  const char* const cell[] = {"ax", "ay", "az", "bx", "by", "bz", "cx", "cy", "cz"};
  for (int k = 0; k < 9; ++k)
    q.push_back({cell[k], cell[k], tr("cell"), angstrom, "A", 9 + k, kFileColumns[9 + k]});
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
