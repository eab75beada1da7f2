#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/Structure.hpp"
#include "md/DescriptorDistance.hpp"
#include "md/MdState.hpp"
#include "md/Snapshot.hpp"
#include "md/WatchdogSettings.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei {

/// The checks of the potential watchdog, in the order they are run and reported.
enum class WatchdogCheck { MinDistance, MaxForce, ForceStd, Extrapolation, Neutrality, Drift };

/// run.in's word for a check ("min_distance", "fmax", "force_std", "extrapolation",
/// "neutrality", "drift"), also
/// the suffix of the frames' config_type.
const char* watchdogCheckName(WatchdogCheck check);

/// A check that fired: what, where and by how much.
struct WatchdogEvent {
  WatchdogCheck check = WatchdogCheck::MaxForce;
  std::int64_t step = 0;  ///< the run's step (MdState::step)
  double value = 0.0;  ///< in the check's unit(): Å, eV/Å, e/atom, eV/atom (extrapolation: none)
  double threshold = 0.0;  ///< same unit
  int atom = -1;           ///< atom concerned (0-based), -1: the whole system
  int other = -1;          ///< second atom of a close pair, else -1

  const char* unit() const;
  /// One line for people: "step 1200: committee force disagreement 0.41 eV/Å on atom 18 (F),
  /// above 0.3 eV/Å" (atoms 1-based, as files and the studio count them).
  std::string message(const std::vector<std::string>& symbols) const;
};

/// A headless run stopped by the watchdog (the run driver writes a checkpoint first). what() is
/// the event's message and where its frames are.
class WatchdogStop : public std::runtime_error {
 public:
  WatchdogStop(const std::string& message, WatchdogEvent event)
      : std::runtime_error(message), event_(event) {}
  const WatchdogEvent& event() const { return event_; }

 private:
  WatchdogEvent event_;
};

/// Watches an MD run for the signs that its potential is out of its depth before the run fails
/// silently: committee disagreement, descriptor extrapolation, large forces, energy drift, qNEP
/// charge neutrality and close pairs. It only reads the states it is given (the trajectory is
/// never touched); the committee's models, the descriptors and the raw charges of qNEP run on
/// evaluators of its own, so every check costs one force evaluation per extra committee model,
/// plus one of the run's model for extrapolation and neutrality.
class Watchdog {
 public:
  /// `model` is the run's model, `committee` the extra models (their files for messages in
  /// settings.committee), `symbols` the run's atoms, `options` the run's evaluator settings
  /// (k-space, threads, temperature), `reference` the training set's descriptors under `model`
  /// for the extrapolation check (settings.extrapolation > 0). Throws InputError when a
  /// committee model lacks an element.
  Watchdog(const WatchdogSettings& settings, std::shared_ptr<const NepModel> model,
           const std::vector<std::shared_ptr<const NepModel>>& committee,
           const std::vector<std::string>& symbols, const NepEvaluatorOptions& options,
           std::shared_ptr<const DescriptorReference> reference = nullptr);

  const WatchdogSettings& settings() const { return settings_; }
  /// Whether step k of a block is checked.
  bool due(std::int64_t k) const { return settings_.interval > 0 && k % settings_.interval == 0; }
  /// A new block starts: `conservedEnergy` (eV) is the reference of the drift check, none where
  /// the block's ensemble conserves nothing we account for (npt).
  void startBlock(std::optional<double> conservedEnergy);
  /// Temperature the committee's temperature models read, K (the thermostat's target).
  void setTemperature(double kelvin);

  /// Every check on a state whose forces are those of the run's model; the events that fired,
  /// in WatchdogCheck order (empty: it passed and is kept as history).
  std::vector<WatchdogEvent> check(const MdState& state, const Thermo& thermo);

  /// The frames worth labelling at an event: the kept history, oldest first, then `state`. Each
  /// carries config_type=watchdog_CHECK (of `event`), the step it was taken at and the event's.
  std::vector<Structure> framesFor(const WatchdogEvent& event, const MdState& state) const;

  /// Committee disagreement of a state, eV/Å per atom (for tests and displays): members are the
  /// state's forces and those of each committee model.
  std::vector<double> forceDeviations(const MdState& state);
  /// Descriptor distance of each atom of a state to the training set (scaled descriptor units);
  /// empty without a reference.
  std::vector<double> descriptorDistances(const MdState& state);
  /// Σ q̂ of the run's qNEP model (raw network charges before neutralisation) at a state, e.
  double rawChargeSum(const MdState& state);

 private:
  /// The closest pair relative to its threshold, if any is below it.
  std::optional<WatchdogEvent> closePair(const MdState& state) const;
  void keep(const MdState& state);

  WatchdogSettings settings_;
  struct Member {
    std::unique_ptr<NepEvaluator> evaluator;
    std::vector<int> types;
  };
  std::vector<Member> committee_;
  std::optional<Member> chargeModel_;      ///< the run's qNEP model, for raw charges
  std::optional<Member> descriptorModel_;  ///< the run's model keeping its descriptors
  std::shared_ptr<const DescriptorReference> reference_;
  std::vector<double> covalentRadius_;    ///< Å per atom
  std::optional<double> conservedStart_;  ///< eV, conserved energy at the block's start
  std::deque<Structure> history_;         ///< earlier checked states (positions, cell, symbols)
  ForceResult scratch_;
};

/// Writes an event to the run folder's watchdog/: appends `frames` to watchdog/frames.xyz
/// (extended XYZ with species, positions, cell and pbc, ready for `sei label`) and the event's
/// line to watchdog/watchdog.log, each file replaced atomically. Returns the frames file's path.
std::string writeWatchdogEvent(const std::string& runFolder,
                               const std::vector<WatchdogEvent>& events,
                               const std::vector<std::string>& symbols,
                               const std::vector<Structure>& frames);

}  // namespace sei
