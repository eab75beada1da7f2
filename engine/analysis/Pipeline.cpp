#include "analysis/Pipeline.hpp"

namespace sei::analysis {

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
  if (options_.species || solvation_ || profiles_ || (rdf_ && rdf_->needsSpecies()))
    species_ = std::make_unique<SpeciesTracker>(options_.speciesOptions);
}

void AnalysisPipeline::add(const Frame& frame) {
  const SpeciesFrame* speciesFrame = nullptr;
  if (species_) {
    speciesFrame = &species_->update(frame);
    speciesSeries_.push_back(
        {frame.step(), frame.time(), speciesFrame->counts, speciesFrame->largestSaltDomain});
    events_.insert(events_.end(), speciesFrame->events.begin(), speciesFrame->events.end());
  }
  if (rdf_) rdf_->add(frame, speciesFrame);
  if (solvation_) {
    const SolvationFrame& s = solvation_->classify(frame, *speciesFrame);
    solvationSeries_.push_back(
        {frame.step(), frame.time(), static_cast<int>(s.cations.size()), s.counts});
  }
  if (profiles_) profiles_->add(frame, *speciesFrame);
  ++frames_;
}

}  // namespace sei::analysis
