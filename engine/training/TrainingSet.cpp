#include "training/TrainingSet.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <numeric>

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"

namespace sei::training {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Whitespace-separated finite numbers of a key's value; `count` of them.
std::vector<double> numbers(const std::string& value, std::size_t count, const std::string& key,
                            const std::string& where) {
  std::vector<double> out;
  const char* p = value.data();
  const char* end = p + value.size();
  while (p < end) {
    while (p < end && std::isspace(static_cast<unsigned char>(*p))) ++p;
    if (p == end) break;
    const char* start = p;
    while (p < end && !std::isspace(static_cast<unsigned char>(*p))) ++p;
    double v = 0.0;
    const auto r = std::from_chars(start, p, v);
    if (r.ec != std::errc() || r.ptr != p || !std::isfinite(v))
      throw InputError(where + ": " + key + " has '" + std::string(start, p) +
                       "', expected a finite number");
    out.push_back(v);
  }
  if (out.size() != count)
    throw InputError(where + ": " + key + " has " + std::to_string(out.size()) +
                     " numbers, expected " + std::to_string(count));
  return out;
}

/// GPUMD's reduction of a 3×3 tensor given as xx xy xz yx yy yz zx zy zz to xx yy zz xy yz zx.
std::array<double, 6> reduced(const std::vector<double>& nine) {
  return {nine[0], nine[4], nine[8], nine[1], nine[5], nine[6]};
}

TrainingStructure label(Structure&& s, std::size_t index, const std::string& path,
                        const std::vector<std::string>& elements) {
  TrainingStructure t;
  t.name = path + " structure " + std::to_string(index + 1);
  const double n = static_cast<double>(s.size());
  if (s.size() == 0) throw InputError(t.name + ": has no atoms");
  if (s.forces.size() != s.size())
    throw InputError(t.name + ": has no forces, expected a 'force:R:3' or 'forces:R:3' column");
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto it = std::find(elements.begin(), elements.end(), s.symbols[i]);
    if (it == elements.end())
      throw InputError(t.name + ": atom " + std::to_string(i + 1) + " is element '" + s.symbols[i] +
                       "', which is not in nep.in's 'type'");
    t.types.push_back(static_cast<int>(it - elements.begin()));
  }
  bool hasEnergy = false, hasStress = false;
  std::vector<double> stress;
  for (const auto& [rawKey, value] : parseExtXyzInfo(s.info, t.name)) {
    const std::string key = lower(rawKey);
    if (key == "energy") {
      t.energy = numbers(value, 1, key, t.name)[0] / n;
      hasEnergy = true;
    } else if (key == "virial") {
      t.virial = reduced(numbers(value, 9, key, t.name));
      for (double& v : t.virial) v /= n;
      t.hasVirial = true;
    } else if (key == "stress") {
      stress = numbers(value, 9, key, t.name);
      hasStress = true;
    } else if (key == "weight") {
      t.weight = numbers(value, 1, key, t.name)[0];
      if (!(t.weight > 0.0 && t.weight <= 100.0))
        throw InputError(t.name + ": weight " + value + " is not in (0, 100]");
    } else if (key == "energy_weight") {
      t.energyWeight = numbers(value, 1, key, t.name)[0];
    } else if (key == "charge") {
      t.totalCharge = numbers(value, 1, key, t.name)[0];
    }
  }
  if (!hasEnergy) throw InputError(t.name + ": has no energy, expected energy=... (eV)");
  if (hasStress && !t.hasVirial) {
    if (!s.cell.fullyPeriodic())
      throw InputError(t.name + ": stress needs a periodic cell (Lattice=...)");
    const double volume = std::abs(s.cell.matrix().determinant());
    t.virial = reduced(stress);
    for (double& v : t.virial) v *= -volume / n;
    t.hasVirial = true;
  }
  if (!s.bec.empty()) {
    t.hasBec = true;
    t.bec = s.bec;
  }
  t.structure = std::move(s);
  return t;
}

}  // namespace

std::vector<TrainingStructure> readTrainingSet(const std::string& path,
                                               const std::vector<std::string>& elements) {
  std::vector<Structure> frames = readExtXyzFrames(path);
  if (frames.empty()) throw InputError(path, 0, "has no structures");
  std::vector<TrainingStructure> set;
  set.reserve(frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k)
    set.push_back(label(std::move(frames[k]), k, path, elements));
  return set;
}

std::array<std::size_t, 2> batchRange(std::size_t count, int numBatches, int b) {
  const std::size_t nb = static_cast<std::size_t>(numBatches);
  const std::size_t minimal = count / nb, larger = count % nb;
  const std::size_t first = b * minimal + std::min<std::size_t>(b, larger);
  return {first, first + minimal + (static_cast<std::size_t>(b) < larger ? 1 : 0)};
}

bool hasBecLabels(const std::vector<TrainingStructure>& set) {
  return std::any_of(set.begin(), set.end(), [](const TrainingStructure& s) { return s.hasBec; });
}

std::vector<std::size_t> batchOrder(const std::vector<TrainingStructure>& set, int numBatches) {
  std::vector<std::size_t> byEnergy(set.size());
  std::iota(byEnergy.begin(), byEnergy.end(), 0);
  if (numBatches <= 1) return byEnergy;
  // GPUMD compares single-precision energies; ties keep file order (stable sort).
  std::stable_sort(byEnergy.begin(), byEnergy.end(), [&set](std::size_t a, std::size_t b) {
    return static_cast<float>(set[a].energy) < static_cast<float>(set[b].energy);
  });
  std::vector<std::size_t> order(set.size());
  for (int b = 0; b < numBatches; ++b) {
    const auto [first, last] = batchRange(set.size(), numBatches, b);
    for (std::size_t c = 0; c < last - first; ++c) order[first + c] = byEnergy[b + numBatches * c];
  }
  return order;
}

}  // namespace sei::training
