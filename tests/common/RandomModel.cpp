#include "RandomModel.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace sei::test {

std::string randomModelText(const RandomModelSpec& s) {
  std::mt19937 rng(s.seed);
  auto uniform = [&rng](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  const int T = static_cast<int>(s.elements.size());
  const bool charged = s.token.find("_charge") != std::string::npos;
  const bool zbl = s.token.find("_zbl") != std::string::npos;
  const bool temperature = s.token.find("_temperature") != std::string::npos;
  const int version = s.token[3] - '0';
  int blocks = s.lMax;
  for (int f : s.lMaxFlags) blocks += f != 0;
  const int D = (s.nMaxRadial + 1) + (s.nMaxAngular + 1) * blocks + (temperature ? 1 : 0);
  const int H = s.hidden;

  std::ostringstream out;
  out.precision(10);
  out << s.token << ' ' << T;
  for (const auto& e : s.elements) out << ' ' << e;
  out << '\n';
  if (zbl) {
    out << "zbl " << s.zblInner << ' ' << s.zblOuter;
    if (s.zblTypewiseFactor > 0) out << ' ' << s.zblTypewiseFactor;
    out << '\n';
  }
  out << "cutoff";
  if (s.typewiseCutoffs.empty()) {
    out << ' ' << s.radialCutoff << ' ' << s.angularCutoff;
  } else {
    for (const auto& c : s.typewiseCutoffs) out << ' ' << c[0] << ' ' << c[1];
  }
  out << " 100 100\n";
  out << "n_max " << s.nMaxRadial << ' ' << s.nMaxAngular << '\n';
  out << "basis_size " << s.basisRadial << ' ' << s.basisAngular << '\n';
  out << "l_max " << s.lMax;
  for (int f : s.lMaxFlags) out << ' ' << f;
  out << '\n';
  out << "ANN " << H << " 0\n";

  auto put = [&out](double v) { out << v << '\n'; };
  const int networks = version == 3 ? 1 : T;
  for (int t = 0; t < networks; ++t) {
    for (int k = 0; k < H * D; ++k) put(uniform(-1.0, 1.0) / std::sqrt(double(D)));
    for (int k = 0; k < H; ++k) put(uniform(-0.3, 0.3));  // b0
    for (int k = 0; k < H; ++k) put(uniform(-1.0, 1.0));  // w1
    if (charged)
      for (int k = 0; k < H; ++k) put(uniform(-0.8, 0.8));  // w1q
    if (version == 5) put(uniform(-0.5, 0.5));              // per-type bias
  }
  if (charged) put(uniform(1.2, 2.0));  // √ε∞
  put(uniform(-0.5, 0.5));              // b_out
  const int radial = T * T * (s.nMaxRadial + 1) * (s.basisRadial + 1);
  const int angular = T * T * (s.nMaxAngular + 1) * (s.basisAngular + 1);
  for (int k = 0; k < radial + angular; ++k) put(uniform(-1.0, 1.0));
  // Scalers keep the scaled descriptors O(1) for ~10–40 neighbours.
  for (int d = 0; d < D; ++d) {
    const bool isTemperature = temperature && d == D - 1;
    put(isTemperature ? 1.0 / 300.0 : uniform(0.05, 0.3));
  }
  if (zbl && s.zblInner == 0.0 && s.zblOuter == 0.0) {
    for (int p = 0; p < T * (T + 1) / 2; ++p) {
      put(uniform(0.4, 0.7));
      put(uniform(1.2, 1.6));
      const double a[4] = {0.18175, 0.50986, 0.28022, 0.02817};
      const double b[4] = {3.1998, 0.94229, 0.4029, 0.20162};
      for (int k = 0; k < 4; ++k) {
        put(a[k] * uniform(0.8, 1.2));
        put(b[k] * uniform(0.8, 1.2));
      }
    }
  }
  return out.str();
}

void writeTextFile(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

Structure randomStructure(const std::vector<std::string>& elements, int numAtoms,
                          const Eigen::Matrix3d& h, unsigned seed, double minDistance) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Structure s;
  s.cell = Cell(h);
  const Eigen::Matrix3d hInv = h.inverse();
  int attempts = 0;
  while (static_cast<int>(s.size()) < numAtoms) {
    if (++attempts > 1000000) throw std::runtime_error("randomStructure: cell too full");
    const Eigen::Vector3d r = h * Eigen::Vector3d(unit(rng), unit(rng), unit(rng));
    bool clash = false;
    for (const auto& other : s.positions) {
      Eigen::Vector3d f = hInv * (r - other);
      for (int d = 0; d < 3; ++d) f[d] -= std::round(f[d]);
      // Minimum image is exact enough here because cells are much wider than minDistance.
      if ((h * f).norm() < minDistance) clash = true;
    }
    if (clash) continue;
    s.positions.push_back(r);
    s.symbols.push_back(elements[s.size() % elements.size()]);
  }
  return s;
}

}  // namespace sei::test
