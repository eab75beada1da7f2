#include "training/ParameterVector.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "io/AtomicFile.hpp"

namespace sei::training {
namespace {

std::size_t numNetworks(const NepModel& m) { return m.version == 3 ? 1 : m.networks.size(); }

/// Visits every trained number of `m` in nep.txt order (spec §2.3 items 1–5).
template <class Model, class Visit>
void visitParameters(Model& m, Visit&& visit) {
  const bool charged = m.chargeMode != 0;
  for (std::size_t t = 0; t < numNetworks(m); ++t) {
    auto& net = m.networks[t];
    for (auto& v : net.w0) visit(v);
    for (auto& v : net.b0) visit(v);
    for (auto& v : net.w1) visit(v);
    if (charged)
      for (auto& v : net.w1q) visit(v);
    if (m.version == 5) visit(net.typeBias);
  }
  if (charged) visit(m.sqrtEpsilonInf);
  visit(m.outputBias);
  for (auto& v : m.radialCoefficients) visit(v);
  for (auto& v : m.angularCoefficients) visit(v);
}

/// A header number (cutoffs, ZBL radii): "%g" as GPUMD writes it when exact, else shortest.
std::string headerNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  if (std::strtod(buf, nullptr) == v) return buf;
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

std::string exactNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%15.7e", v);
  if (std::strtod(buf, nullptr) == v) return buf;
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  return std::string(buf, r.ptr);
}

std::size_t numTrainedParameters(const NepModel& model) {
  std::size_t n = 0;
  visitParameters(model, [&n](const double&) { ++n; });
  return n;
}

std::vector<double> flattenParameters(const NepModel& model) {
  std::vector<double> out;
  out.reserve(numTrainedParameters(model));
  visitParameters(model, [&out](const double& v) { out.push_back(v); });
  return out;
}

void unflattenParameters(const std::vector<double>& values, NepModel& model) {
  if (values.size() != numTrainedParameters(model))
    throw std::invalid_argument("unflattenParameters: " + std::to_string(values.size()) +
                                " values for a model with " +
                                std::to_string(numTrainedParameters(model)) + " parameters");
  std::size_t k = 0;
  visitParameters(model, [&](double& v) { v = values[k++]; });
  if (model.version == 3)
    for (auto& net : model.networks) net = model.networks.front();
}

NepModel zeroParametersLike(const NepModel& shape) {
  NepModel zero = shape;
  visitParameters(zero, [](double& v) { v = 0.0; });
  if (zero.version == 3)
    for (auto& net : zero.networks) net = zero.networks.front();
  return zero;
}

std::string nepText(const NepModel& m) {
  const int T = m.numTypes();
  std::string s = m.token + " " + std::to_string(T) + " ";
  for (const auto& e : m.elements) s += e + " ";
  s += "\n";
  if (m.zbl) {
    if (m.flexibleZbl)
      s += "zbl 0 0\n";
    else
      s += "zbl " + headerNumber(m.zblInner) + " " + headerNumber(m.zblOuter) +
           (m.zblTypewiseFactor > 0.0 ? " " + headerNumber(m.zblTypewiseFactor) : "") + "\n";
  }
  s += "cutoff ";
  for (int t = 0; t < (m.typewiseCutoff ? T : 1); ++t)
    s += headerNumber(m.radialCutoff[t]) + " " + headerNumber(m.angularCutoff[t]) + " ";
  s += std::to_string(m.maxNeighborsRadial) + " " + std::to_string(m.maxNeighborsAngular) + "\n";
  s += "n_max " + std::to_string(m.nMaxRadial) + " " + std::to_string(m.nMaxAngular) + "\n";
  s += "basis_size " + std::to_string(m.basisRadial) + " " + std::to_string(m.basisAngular) + "\n";
  // Flags as GPUMD writes them: f_222 as 0/2, f_1111 as 0/1, the rest up to the last one set.
  const auto& f = m.higherBlocks;
  s +=
      "l_max " + std::to_string(m.lMax) + " " + (f[0] ? "2" : "0") + " " + (f[1] ? "1" : "0") + " ";
  int last = 1;
  for (int b = 2; b < kNumHigherBlocks; ++b)
    if (f[b]) last = b;
  for (int b = 2; b <= last; ++b) s += f[b] ? "1 " : "0 ";
  s += "\nANN " + std::to_string(m.hidden) + " 0\n";
  visitParameters(m, [&s](const double& v) { s += exactNumber(v) + "\n"; });
  for (double v : m.scalers) s += exactNumber(v) + "\n";
  for (const auto& z : m.zblPairs) {
    s += exactNumber(z.rInner) + "\n" + exactNumber(z.rOuter) + "\n";
    for (int q = 0; q < 4; ++q) s += exactNumber(z.a[q]) + "\n" + exactNumber(z.b[q]) + "\n";
  }
  return s;
}

void writeNepModel(const std::string& path, const NepModel& model) {
  writeFileAtomically(path, nepText(model));
}

}  // namespace sei::training
