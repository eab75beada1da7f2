#include "io/ThermoTail.hpp"

#include <sstream>

#include "core/Error.hpp"

namespace sei {

std::vector<ThermoTail::Line> ThermoTail::poll() {
  const std::string text = file_.readNewLines();
  if (file_.restarted()) {
    interval_ = defaultInterval_;
    time_ = 0.0;
    line_ = 0;
  }
  std::vector<Line> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    ++line_;
    std::istringstream words(line);
    std::string first;
    if (!(words >> first)) continue;
    if (first == "#") {
      std::string key;
      double fs = 0.0;
      if (words >> key && key == "dt_output" && words >> fs) interval_ = fs;
      continue;
    }
    std::vector<double> v;
    words.clear();
    words.str(line);
    for (double x; words >> x;) v.push_back(x);
    if (!words.eof() || (v.size() != 18 && v.size() != 12))
      throw InputError(file_.path(), line_,
                       "expected 18 (or 12) numbers: T K U Pxx Pyy Pzz Pyz Pxz Pxy and the box, "
                       "got '" +
                           line + "'");
    Line l;
    time_ += interval_;
    l.time = time_;
    ThermoRecord& r = l.record;
    r.temperature = v[0];
    r.kineticEnergy = v[1];
    r.potentialEnergy = v[2];
    r.pressure.diagonal() << v[3], v[4], v[5];
    r.pressure(1, 2) = r.pressure(2, 1) = v[6];
    r.pressure(0, 2) = r.pressure(2, 0) = v[7];
    r.pressure(0, 1) = r.pressure(1, 0) = v[8];
    if (v.size() == 18) {
      for (int k = 0; k < 9; ++k) r.cell(k % 3, k / 3) = v[9 + k];
    } else {
      r.cell = Eigen::Vector3d(v[9], v[10], v[11]).asDiagonal();
    }
    out.push_back(l);
  }
  return out;
}

}  // namespace sei
