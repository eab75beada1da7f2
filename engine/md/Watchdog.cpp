#include "md/Watchdog.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "md/ForceSpread.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei {
namespace fs = std::filesystem;

const char* watchdogCheckName(WatchdogCheck check) {
  switch (check) {
    case WatchdogCheck::MinDistance:
      return "min_distance";
    case WatchdogCheck::MaxForce:
      return "fmax";
    case WatchdogCheck::ForceStd:
      return "force_std";
    case WatchdogCheck::Extrapolation:
      return "extrapolation";
    case WatchdogCheck::Neutrality:
      return "neutrality";
    case WatchdogCheck::Drift:
      return "drift";
  }
  return "";
}

const char* WatchdogEvent::unit() const {
  switch (check) {
    case WatchdogCheck::MinDistance:
      return "Å";
    case WatchdogCheck::MaxForce:
    case WatchdogCheck::ForceStd:
      return "eV/Å";
    case WatchdogCheck::Extrapolation:
      return "";  // scaled descriptors have no unit
    case WatchdogCheck::Neutrality:
      return "e/atom";
    case WatchdogCheck::Drift:
      return "eV/atom";
  }
  return "";
}

std::string WatchdogEvent::message(const std::vector<std::string>& symbols) const {
  auto atomName = [&](int i) {
    return std::to_string(i + 1) + " (" + (i < int(symbols.size()) ? symbols[i] : "?") + ")";
  };
  std::ostringstream m;
  m << "step " << step << ": ";
  switch (check) {
    case WatchdogCheck::MinDistance:
      m << "atoms " << atomName(atom) << " and " << atomName(other) << " are " << value
        << " Å apart, closer than " << threshold << " Å";
      break;
    case WatchdogCheck::MaxForce:
      m << "atom " << atomName(atom) << " has a force of " << value << " eV/Å, above " << threshold
        << " eV/Å";
      break;
    case WatchdogCheck::ForceStd:
      m << "the committee's forces on atom " << atomName(atom) << " disagree by " << value
        << " eV/Å, above " << threshold << " eV/Å";
      break;
    case WatchdogCheck::Extrapolation:
      m << "atom " << atomName(atom) << " is " << value
        << " from the training set in descriptor space, above " << threshold;
      break;
    case WatchdogCheck::Neutrality:
      m << "the qNEP raw charges are off neutral by " << value << " e per atom ("
        << value * static_cast<double>(symbols.size()) << " e in all), above " << threshold
        << " e/atom";
      break;
    case WatchdogCheck::Drift:
      m << "the conserved energy drifted by " << value << " eV/atom since the block's start, above "
        << threshold << " eV/atom";
      break;
  }
  m << " (watchdog " << watchdogCheckName(check) << ")";
  return m.str();
}

Watchdog::Watchdog(const WatchdogSettings& settings, std::shared_ptr<const NepModel> model,
                   const std::vector<std::shared_ptr<const NepModel>>& committee,
                   const std::vector<std::string>& symbols, const NepEvaluatorOptions& options,
                   std::shared_ptr<const DescriptorReference> reference)
    : settings_(settings), reference_(std::move(reference)) {
  Structure atoms;  // what typesOf reads: a symbol per atom
  atoms.symbols = symbols;
  atoms.positions.resize(symbols.size());
  auto member = [&](std::shared_ptr<const NepModel> m, const std::string& name,
                    NepEvaluatorOptions memberOptions) {
    Member out;
    out.types = m->typesOf(atoms, name);  // a model lacking an element is named here
    out.evaluator = std::make_unique<NepEvaluator>(std::move(m), memberOptions);
    return out;
  };
  for (std::size_t k = 0; k < committee.size(); ++k)
    committee_.push_back(member(
        committee[k], k < settings.committee.size() ? settings.committee[k] : committee[k]->path,
        options));
  if (model->hasCharges() && settings_.neutrality > 0)
    chargeModel_ = member(model, model->path, options);
  if (reference_ && settings_.extrapolation > 0) {
    NepEvaluatorOptions keeping = options;
    keeping.keepDescriptors = true;
    descriptorModel_ = member(model, model->path, keeping);
  }
  for (const std::string& s : symbols) covalentRadius_.push_back(covalentRadius(atomicNumber(s)));
}

void Watchdog::startBlock(std::optional<double> conservedEnergy) {
  conservedStart_ = conservedEnergy;
}

void Watchdog::setTemperature(double kelvin) {
  for (Member& m : committee_) m.evaluator->setTemperature(kelvin);
  if (chargeModel_) chargeModel_->evaluator->setTemperature(kelvin);
  if (descriptorModel_) descriptorModel_->evaluator->setTemperature(kelvin);
}

std::vector<double> Watchdog::forceDeviations(const MdState& state) {
  ForceSpread spread(state.size());
  spread.add(state.forces.forces);
  for (Member& m : committee_) {
    m.evaluator->compute(m.types, state.positions, state.cell, ForceRequest(), scratch_);
    spread.add(scratch_.forces);
  }
  return spread.deviations();
}

std::vector<double> Watchdog::descriptorDistances(const MdState& state) {
  if (!descriptorModel_) return {};
  NepEvaluator& evaluator = *descriptorModel_->evaluator;
  evaluator.compute(descriptorModel_->types, state.positions, state.cell, ForceRequest(), scratch_);
  return reference_->distances(descriptorModel_->types, scaledDescriptors(evaluator));
}

double Watchdog::rawChargeSum(const MdState& state) {
  if (!chargeModel_) return 0.0;
  chargeModel_->evaluator->compute(chargeModel_->types, state.positions, state.cell, ForceRequest(),
                                   scratch_);
  return chargeModel_->evaluator->meanRawCharge() * static_cast<double>(state.size());
}

std::optional<WatchdogEvent> Watchdog::closePair(const MdState& state) const {
  if (state.size() == 0) return std::nullopt;
  double reach = settings_.minDistance;  // Å, the farthest any pair can fire
  if (settings_.covalentFraction > 0) {
    const double largest = *std::max_element(covalentRadius_.begin(), covalentRadius_.end());
    reach = std::max(reach, 2.0 * settings_.covalentFraction * largest);
  }
  if (reach <= 0) return std::nullopt;
  NeighborList list;
  buildNeighborList(state.cell, state.positions, reach, list);
  std::optional<WatchdogEvent> worst;
  double worstRatio = 1.0;  // distance / threshold; below 1 fires
  for (std::size_t i = 0; i < list.numAtoms(); ++i)
    for (std::size_t e = list.begin(i); e < list.end(i); ++e) {
      const int j = list.index[e];
      if (j < static_cast<int>(i)) continue;  // each pair once (its images all listed from i)
      const double threshold =
          std::max(settings_.minDistance,
                   settings_.covalentFraction * (covalentRadius_[i] + covalentRadius_[j]));
      const double d = list.displacement[e].norm();
      if (threshold <= 0 || d >= worstRatio * threshold) continue;
      worstRatio = d / threshold;
      const int first = static_cast<int>(i);
      worst = WatchdogEvent{WatchdogCheck::MinDistance, state.step, d, threshold, first, j};
    }
  return worst;
}

std::vector<WatchdogEvent> Watchdog::check(const MdState& state, const Thermo& thermo) {
  std::vector<WatchdogEvent> events;
  if (auto pair = closePair(state)) events.push_back(*pair);
  auto largest = [&](const std::vector<double>& values, WatchdogCheck check, double threshold) {
    const auto it = std::max_element(values.begin(), values.end());
    if (it != values.end() && !(*it <= threshold))  // NaN fires too
      events.push_back(
          {check, state.step, *it, threshold, static_cast<int>(it - values.begin()), -1});
  };
  if (settings_.maxForce > 0) {
    std::vector<double> norms;
    for (const Eigen::Vector3d& f : state.forces.forces) norms.push_back(f.norm());
    largest(norms, WatchdogCheck::MaxForce, settings_.maxForce);
  }
  if (settings_.forceStd > 0 && !committee_.empty())
    largest(forceDeviations(state), WatchdogCheck::ForceStd, settings_.forceStd);
  if (descriptorModel_)
    largest(descriptorDistances(state), WatchdogCheck::Extrapolation, settings_.extrapolation);
  if (chargeModel_) {
    const double shift = std::abs(rawChargeSum(state)) / static_cast<double>(state.size());
    if (!(shift <= settings_.neutrality))
      events.push_back(
          {WatchdogCheck::Neutrality, state.step, shift, settings_.neutrality, -1, -1});
  }
  if (settings_.drift > 0 && conservedStart_ && state.size() > 0) {
    const double drift =
        std::abs(thermo.conservedEnergy - *conservedStart_) / static_cast<double>(state.size());
    if (!(drift <= settings_.drift))
      events.push_back({WatchdogCheck::Drift, state.step, drift, settings_.drift, -1, -1});
  }
  if (events.empty()) keep(state);
  return events;
}

namespace {

Structure frameOf(const MdState& s) {
  Structure out;
  out.symbols = s.symbols;
  out.positions = s.positions;
  out.cell = s.cell;
  out.info = "step=" + std::to_string(s.step);
  return out;
}

}  // namespace

void Watchdog::keep(const MdState& state) {
  if (settings_.history <= 0) return;
  if (static_cast<int>(history_.size()) == settings_.history) history_.pop_front();
  history_.push_back(frameOf(state));
}

std::vector<Structure> Watchdog::framesFor(const WatchdogEvent& event, const MdState& state) const {
  std::vector<Structure> frames(history_.begin(), history_.end());
  frames.push_back(frameOf(state));
  for (Structure& f : frames)
    f.info = "config_type=watchdog_" + std::string(watchdogCheckName(event.check)) + " " + f.info +
             " watchdog_step=" + std::to_string(event.step);
  return frames;
}

namespace {

std::string existingText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string writeWatchdogEvent(const std::string& runFolder,
                               const std::vector<WatchdogEvent>& events,
                               const std::vector<std::string>& symbols,
                               const std::vector<Structure>& frames) {
  const fs::path folder = fs::path(runFolder) / "watchdog";
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw OutputError(folder.string() + ": cannot create the folder (" + ec.message() + ")");
  const fs::path framesPath = folder / "frames.xyz", logPath = folder / "watchdog.log";
  std::ostringstream xyz;
  xyz << existingText(framesPath);
  for (const Structure& f : frames) writeExtXyzFrame(xyz, f);
  std::string log = existingText(logPath);
  for (const WatchdogEvent& e : events) log += e.message(symbols) + "\n";
  try {
    writeFileAtomically(framesPath.string(), xyz.str());
    writeFileAtomically(logPath.string(), log);
  } catch (const InputError& e) {
    throw OutputError(e.what());  // the message names the file
  }
  return framesPath.string();
}

}  // namespace sei
