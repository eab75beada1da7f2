#pragma once

#include <string>

#include "analysis/Pipeline.hpp"

namespace sei::cli {

/// What `sei analyze` ran on, for the summary.
struct AnalyzeRun {
  std::string input;
  std::size_t atoms = 0;
  bool charges = false;      ///< every frame carried charges
  double shellRadius = 0.0;  ///< Å, the solvation shell used
  std::string shellSource;   ///< "set", "first minimum of Na+-PF6- g(r)", "default"
};

/// Writes the CSV files and summary.json of a finished pipeline into `dir` (atomically, file by
/// file) and returns the names written.
std::vector<std::string> writeAnalysisOutput(const std::string& dir,
                                             const analysis::AnalysisPipeline& pipeline,
                                             const AnalyzeRun& run);

/// `sei analyze --bench`: times one frame (a built Na | electrolyte interface, or `structure`
/// when given, replicated) through species, RDF and solvation.
int runAnalyzeBench(int threads, int repeats, const std::string& structure,
                    const std::string& replicate);

}  // namespace sei::cli
