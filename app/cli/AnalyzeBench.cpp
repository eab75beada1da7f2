#include <algorithm>
#include <chrono>
#include <cstdio>

#include "Analyze.hpp"
#include "Arguments.hpp"
#include "analysis/Pipeline.hpp"
#include "build/InterfaceBuilder.hpp"
#include "core/Paths.hpp"
#include "core/Supercell.hpp"
#include "io/ExtXyz.hpp"

namespace sei::cli {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Na(100) 5 × 5 × 6 layers | 1 M NaPF6 in EC, 22 Å of liquid, wetted on both faces.
Structure benchInterface() {
  Recipe recipe;
  RecipeElectrode electrode;
  electrode.slab.repeatsA = electrode.slab.repeatsB = 5;
  electrode.slab.layers = 6;
  recipe.electrode = electrode;
  recipe.electrolyte.solvents = {{{"EC", ""}, 1.0, 0.0}};
  recipe.electrolyte.salt = RecipeSalt();
  recipe.electrolyte.thickness = 22.0;
  return buildInterface(recipe, resourceDirectory()).structure;
}

}  // namespace

int runAnalyzeBench(int threads, int repeats, const std::string& structure,
                    const std::string& replicateText) {
  const std::array<int, 3> n = parseReplication(replicateText);
  const Structure base = structure.empty() ? benchInterface() : readExtXyz(structure);
  const Structure s = replicate(base, n);
  std::printf(
      "# sei analyze --bench: %s, %zu atoms (%zu x %s), %d thread(s), median of %d "
      "frames\n",
      structure.empty() ? "Na(100) | 1 M NaPF6 in EC" : structure.c_str(), s.size(), base.size(),
      replicateText.c_str(), threads, repeats);

  analysis::PipelineOptions po;
  po.rdfPairs = {"Na-O", "Na-F"};
  po.solvation = true;
  analysis::SpeciesTracker species(po.speciesOptions);
  analysis::RdfAccumulator rdf({analysis::parseSelectionPair("Na-O", {}, "bench"),
                                analysis::parseSelectionPair("Na-F", {}, "bench")},
                               po.rdfMax, po.rdfBinWidth);
  analysis::SolvationClassifier solvation(po.solvationOptions);
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  std::vector<double> tList, tSpecies, tRdf, tSolvation, tTotal;
  const analysis::SpeciesFrame* last = nullptr;
  for (int r = 0; r < repeats + 1; ++r) {  // the first run warms caches and the tracker
    const auto t0 = Clock::now();
    const analysis::Frame frame(s, r);
    const auto t1 = Clock::now();
    last = &species.update(frame);
    const auto t2 = Clock::now();
    rdf.add(frame);
    const auto t3 = Clock::now();
    solvation.classify(frame, *last);
    const auto t4 = Clock::now();
    if (r == 0) continue;
    tList.push_back(ms(t0, t1));
    tSpecies.push_back(ms(t1, t2));
    tRdf.push_back(ms(t2, t3));
    tSolvation.push_back(ms(t3, t4));
    tTotal.push_back(ms(t0, t4));
  }
  std::printf("%-34s %10s\n", "stage", "ms/frame");
  std::printf("%-34s %10.2f\n", "frame (element lookup)", median(tList));
  std::printf("%-34s %10.2f\n", "species (contacts, filter, units)", median(tSpecies));
  std::printf("%-34s %10.2f\n", "RDF Na-O, Na-F to 6 A", median(tRdf));
  std::printf("%-34s %10.2f\n", "solvation", median(tSolvation));
  std::printf("%-34s %10.2f\n", "total", median(tTotal));
  std::printf("# species in the frame:");
  for (const auto& [name, count] : last->counts) std::printf(" %s %d", name.c_str(), count);
  const auto& cls = solvation.current().counts;
  std::printf("\n# solvation SSIP/CIP/AGG: %d/%d/%d\n", cls[0], cls[1], cls[2]);
  return 0;
}

}  // namespace sei::cli
