#pragma once

#include <QString>
#include <vector>

#include "io/GpumdOutput.hpp"

namespace sei::studio {

/// A quantity of a run's thermodynamic record that the thermo plot can show: one of GPUMD's
/// thermo.out columns (T K U Pxx Pyy Pzz Pyz Pxz Pxy ax ay az bx by bz cx cy cz) or one derived
/// from them (total energy, pressure, volume, cell lengths).
struct ThermoQuantity {
  QString key;      ///< a project's "plots": {"thermo": key}; the CSV column's name
  QString symbol;   ///< thermo.out's column name ("T", "Pxx", "ax") or the derived one's ("V")
  QString name;     ///< "temperature"
  QString unit;     ///< "K", "eV", "GPa", "Å", "Å³"
  QString csvUnit;  ///< the unit in ASCII for CSV headers ("A3")
  int column;       ///< position in a thermo.out line (0–17); -1: derived
  double (*value)(const ThermoRecord& record);

  /// "temperature T (K)": axis titles and the plot's quantity list.
  QString title() const;
};

/// Every quantity, thermo.out's own before the derived ones of the same kind: T, K, U, total
/// energy, pressure, Pxx … Pxy, volume, cell lengths, ax … cz.
const std::vector<ThermoQuantity>& thermoQuantities();
/// The quantity of `key` (thermoQuantities()), or null.
const ThermoQuantity* findThermoQuantity(const QString& key);
/// thermo.out's 18 columns in the file's order.
std::vector<const ThermoQuantity*> thermoFileColumns();

}  // namespace sei::studio
