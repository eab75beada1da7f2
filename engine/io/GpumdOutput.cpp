#include "io/GpumdOutput.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "core/Elements.hpp"
#include "io/ExtXyz.hpp"
#include "io/NumberText.hpp"

namespace sei {
namespace {

// printf's "%W.Pe" without printf: snprintf follows LC_NUMERIC, which Qt sets from the
// environment, and a German desktop would write "3,0000000000e+02".
void appendScientific(std::string& out, double v, int precision, std::size_t width) {
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::scientific, precision);
  const auto length = static_cast<std::size_t>(result.ptr - buffer);
  if (length < width) out.append(width - length, ' ');
  out.append(buffer, result.ptr);
}

// key="xx xy xz yx yy yz zx zy zz", the row-major order GPUMD and ASE use for 3×3 tensors.
void appendTensorKey(std::string& out, const char* key, const Eigen::Matrix3d& m) {
  out += ' ';
  out += key;
  out += "=\"";
  for (int k = 0; k < 9; ++k) {
    if (k > 0) out += ' ';
    appendShortest(out, m(k / 3, k % 3));
  }
  out += '"';
}

[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("writeDumpExyzFrame: " + what);
}

template <typename T>
void requireArray(bool wanted, const std::vector<T>* values, std::size_t atoms, const char* what) {
  if (!wanted) return;
  if (values == nullptr || values->empty()) fail(std::string(what) + " requested but not given");
  if (values->size() != atoms) {
    fail(std::string(what) + " has " + std::to_string(values->size()) + " entries for " +
         std::to_string(atoms) + " atoms");
  }
}

std::function<void(std::size_t, double*)> vectorValues(const std::vector<Eigen::Vector3d>& v) {
  return [&v](std::size_t i, double* out) {
    for (int d = 0; d < 3; ++d) out[d] = v[i][d];
  };
}

std::function<void(std::size_t, double*)> tensorValues(const std::vector<Eigen::Matrix3d>& m) {
  return [&m](std::size_t i, double* out) {
    for (int k = 0; k < 9; ++k) out[k] = m[i](k / 3, k % 3);
  };
}

std::function<void(std::size_t, double*)> scalarValues(const std::vector<double>& v) {
  return [&v](std::size_t i, double* out) { out[0] = v[i]; };
}

}  // namespace

std::string thermoHeader(std::int64_t interval, std::size_t atoms, double timeStep) {
  std::string text = "# dump_thermo " + std::to_string(interval) + "\n# format_version 1\n";
  text += "# num_atoms " + std::to_string(atoms) + "\n# dt_output ";
  appendScientific(text, timeStep * static_cast<double>(interval), 10, 0);
  text += " fs\n# columns T KE PE sxx syy szz syz sxz sxy ax ay az bx by bz cx cy cz\n";
  return text;
}

std::string thermoLine(const ThermoRecord& r) {
  const Eigen::Matrix3d& p = r.pressure;
  const double columns[9] = {r.temperature,
                             r.kineticEnergy,
                             r.potentialEnergy,
                             p(0, 0),
                             p(1, 1),
                             p(2, 2),
                             0.5 * (p(1, 2) + p(2, 1)),
                             0.5 * (p(0, 2) + p(2, 0)),
                             0.5 * (p(0, 1) + p(1, 0))};
  std::string line;
  line.reserve(18 * 20 + 1);
  for (double v : columns) appendScientific(line, v, 10, 20);
  for (int k = 0; k < 9; ++k) appendScientific(line, r.cell(k % 3, k / 3), 10, 20);  // a, b, c
  line += '\n';
  return line;
}

void writeDumpExyzFrame(std::ostream& out, const Structure& s, const DumpExyzFrame& extra,
                        const DumpExyzColumns& cols) {
  const std::size_t n = s.size();
  requireArray(cols.charge, &s.charges, n, "Structure::charges");
  requireArray(cols.velocity, &s.velocities, n, "Structure::velocities");
  requireArray(cols.force, &s.forces, n, "Structure::forces");
  requireArray(cols.bec, extra.bec, n, "bec");
  requireArray(cols.potential, extra.perAtomEnergy, n, "perAtomEnergy");
  requireArray(cols.unwrappedPosition, extra.unwrappedPositions, n, "unwrappedPositions");
  requireArray(cols.virial, extra.perAtomVirial, n, "perAtomVirial");
  if (cols.mass && !s.masses.empty()) requireArray(true, &s.masses, n, "Structure::masses");
  const bool finite = std::isfinite(extra.time) && std::isfinite(extra.energy) &&
                      extra.virial.allFinite() && extra.pressure.allFinite();
  if (!finite) fail("time, energy, virial or pressure is not finite");

  ExtXyzFrameLayout layout;
  layout.structureInfo = false;  // GPUMD's dump carries none of model.xyz's comment keys
  std::string& keys = layout.leadingKeys;
  keys = "Time=";
  appendShortest(keys, extra.time);
  if (extra.step >= 0) keys += " step=" + std::to_string(extra.step);
  keys += " energy=";
  appendShortest(keys, extra.energy);
  appendTensorKey(keys, "virial", extra.virial);
  appendTensorKey(keys, "stress", extra.pressure);

  // GPUMD's column order (src/measure/dump_xyz.cu).
  auto& columns = layout.columns;
  if (cols.mass) {
    if (s.masses.empty()) {
      columns.push_back({"mass", 1, [&s](std::size_t i, double* v) {
                           v[0] = atomicMass(atomicNumber(s.symbols[i]));
                         }});
    } else {
      columns.push_back({"mass", 1, scalarValues(s.masses)});
    }
  }
  if (cols.charge) columns.push_back({"charge", 1, scalarValues(s.charges)});
  if (cols.bec) columns.push_back({"bec", 9, tensorValues(*extra.bec)});
  if (cols.velocity) columns.push_back({"vel", 3, vectorValues(s.velocities)});
  if (cols.force) columns.push_back({"forces", 3, vectorValues(s.forces)});
  if (cols.potential) columns.push_back({"energy_atom", 1, scalarValues(*extra.perAtomEnergy)});
  if (cols.unwrappedPosition) {
    columns.push_back({"unwrapped_position", 3, vectorValues(*extra.unwrappedPositions)});
  }
  if (cols.virial) columns.push_back({"virial", 9, tensorValues(*extra.perAtomVirial)});

  try {
    writeCustomExtXyzFrame(out, s, layout);
  } catch (const std::invalid_argument& e) {
    fail(e.what());
  }
}

}  // namespace sei
