#include "analysis/Pipeline.hpp"

#include <cmath>

namespace sei::analysis {

double SpeciesSummary::meanCharge() const {
  return chargedUnits > 0 ? chargeSum / static_cast<double>(chargedUnits) : std::nan("");
}

AnalysisPipeline::AnalysisPipeline(PipelineOptions options) : options_(std::move(options)) {
  if (!options_.rdfPairs.empty()) {
    std::vector<std::pair<Selection, Selection>> pairs;
    for (const std::string& text : options_.rdfPairs)
      pairs.push_back(parseSelectionPair(text, options_.speciesOptions.names, "--rdf"));
    rdf_ = std::make_unique<RdfAccumulator>(std::move(pairs), options_.rdfMax, options_.rdfBinWidth,
                                            options_.rdfWindow);
  }
  if (options_.solvation)
    solvation_ = std::make_unique<SolvationClassifier>(options_.solvationOptions);
  if (options_.profiles) profiles_ = std::make_unique<ProfileAccumulator>(options_.profileOptions);
  if (options_.transport)
    transport_ = std::make_unique<TransportAccumulator>(options_.transportAxis);
  if (options_.species || solvation_ || profiles_ || transport_ || (rdf_ && rdf_->needsSpecies()))
    species_ = std::make_unique<SpeciesTracker>(options_.speciesOptions);
}

void AnalysisPipeline::add(const Frame& frame) {
  const SpeciesFrame* speciesFrame = nullptr;
  if (species_) {
    speciesFrame = &species_->update(frame);
    speciesSeries_.push_back(
        {frame.step(), frame.time(), speciesFrame->counts, speciesFrame->largestSaltDomain});
    events_.insert(events_.end(), speciesFrame->events.begin(), speciesFrame->events.end());
    reactions_.insert(reactions_.end(), speciesFrame->reactions.begin(),
                      speciesFrame->reactions.end());
    for (const SpeciesUnit& unit : speciesFrame->units) {
      SpeciesSummary& s = summary_[unit.name];
      if (s.unitFrames++ == 0) {
        s.identity = unit.identity;
        s.formula = unit.formula;
        s.kind = unit.kind;
      }
      if (speciesFrame->charged) {
        s.chargeSum += unit.charge;
        ++s.chargedUnits;
      }
    }
  }
  if (rdf_) rdf_->add(frame, speciesFrame);
  if (solvation_) {
    const SolvationFrame& s = solvation_->classify(frame, *speciesFrame);
    solvationSeries_.push_back(
        {frame.step(), frame.time(), static_cast<int>(s.cations.size()), s.counts});
  }
  if (profiles_) profiles_->add(frame, *speciesFrame);
  if (transport_) transport_->add(frame, *speciesFrame);
  ++frames_;
}

}  // namespace sei::analysis
