#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Profile.hpp"
#include "analysis/Rdf.hpp"
#include "analysis/Solvation.hpp"
#include "analysis/Species.hpp"
#include "analysis/Transport.hpp"

namespace sei::analysis {

/// Which analyses run on every frame, and their settings.
struct PipelineOptions {
  bool species = true;  ///< always on when solvation, profiles or species selections need it
  SpeciesOptions speciesOptions;
  std::vector<std::string> rdfPairs;  ///< "Na-O", "Na+-PF6-:F", ...; empty: no RDF
  double rdfMax = 6.0;                ///< Å
  double rdfBinWidth = 0.02;          ///< Å
  std::size_t rdfWindow = 0;          ///< frames averaged (0: all)
  bool solvation = false;
  SolvationOptions solvationOptions;
  bool profiles = false;
  ProfileOptions profileOptions;
  bool transport = false;  ///< mean species heights above the metal (TransportAccumulator)
  int transportAxis = 2;   ///< surface normal: 0, 1, 2 = a, b, c
};

/// What one species was over the frames: its identity and the mean charge of its units.
struct SpeciesSummary {
  std::string identity;  ///< canonical SMILES (molecules), element (ions), "" (metal, salts)
  std::string formula;   ///< Hill formula (of the first unit seen)
  UnitKind kind = UnitKind::Molecule;
  std::size_t unitFrames = 0;  ///< units seen, summed over frames
  double chargeSum = 0.0;      ///< e, summed over the units of charged frames
  std::size_t chargedUnits = 0;
  double meanCharge() const;  ///< e per unit; NaN without charges
};

/// Species counts of one frame, kept for time series.
struct SpeciesSample {
  std::int64_t step = 0;
  double time = 0.0;  ///< fs
  std::map<std::string, int> counts;
  int largestSaltDomain = 0;  ///< formula units
};

/// Solvation fractions of one frame.
struct SolvationSample {
  std::int64_t step = 0;
  double time = 0.0;  ///< fs
  int cations = 0;
  std::array<int, 3> counts{};  ///< SSIP, CIP, AGG
};

/// Runs the chosen analyses on each frame (each searches neighbours with cell lists at its own
/// cutoff, around the atoms it needs) and keeps their time series: what `sei analyze` does per
/// frame and what the studio calls on every snapshot it shows (from one thread at a time):
///   AnalysisPipeline pipeline(options);
///   pipeline.add(Frame(*snapshot));  // per shown Snapshot (or a Structure with step, time)
///   pipeline.speciesSeries().back().counts, pipeline.rdf()->curve(0), pipeline.events(),
///   pipeline.solvationSeries(), pipeline.profiles()->samples(), pipeline.reactions(),
///   pipeline.transport()->samples()
/// Per-atom results of the latest frame (each atom's unit for colouring by species, each
/// cation's class) are in species()->current() and solvation()->current().
class AnalysisPipeline {
 public:
  /// Throws InputError for a malformed RDF pair.
  explicit AnalysisPipeline(PipelineOptions options);

  void add(const Frame& frame);

  const PipelineOptions& options() const { return options_; }
  bool runsSpecies() const { return species_ != nullptr; }
  std::size_t frames() const { return frames_; }
  const SpeciesTracker* species() const { return species_.get(); }
  const std::vector<SpeciesSample>& speciesSeries() const { return speciesSeries_; }
  const std::vector<BondEvent>& events() const { return events_; }
  const std::vector<Reaction>& reactions() const { return reactions_; }
  /// Per species name (unit names; salts by their formula).
  const std::map<std::string, SpeciesSummary>& speciesSummary() const { return summary_; }
  const TransportAccumulator* transport() const { return transport_.get(); }
  const RdfAccumulator* rdf() const { return rdf_.get(); }
  const SolvationClassifier* solvation() const { return solvation_.get(); }
  const std::vector<SolvationSample>& solvationSeries() const { return solvationSeries_; }
  const ProfileAccumulator* profiles() const { return profiles_.get(); }

 private:
  PipelineOptions options_;
  std::unique_ptr<SpeciesTracker> species_;
  std::unique_ptr<RdfAccumulator> rdf_;
  std::unique_ptr<SolvationClassifier> solvation_;
  std::unique_ptr<ProfileAccumulator> profiles_;
  std::unique_ptr<TransportAccumulator> transport_;
  std::vector<SpeciesSample> speciesSeries_;
  std::vector<BondEvent> events_;
  std::vector<Reaction> reactions_;
  std::map<std::string, SpeciesSummary> summary_;
  std::vector<SolvationSample> solvationSeries_;
  std::size_t frames_ = 0;
};

}  // namespace sei::analysis
