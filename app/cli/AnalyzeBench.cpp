#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "Analyze.hpp"
#include "Arguments.hpp"
#include "analysis/Pipeline.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "core/Paths.hpp"
#include "core/Supercell.hpp"
#include "formats/StructureFile.hpp"

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
  const Structure base = structure.empty() ? benchInterface() : readStructureFile(structure);
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
  // Wall and CPU time: on a shared machine the CPU time is what the frame costs.
  struct Stamp {
    std::chrono::steady_clock::time_point wall;
    std::clock_t cpu;
  };
  auto now = [] { return Stamp{std::chrono::steady_clock::now(), std::clock()}; };
  const char* const names[] = {"frame (element lookup)", "species (contacts, filter, units)",
                               "RDF Na-O, Na-F to 6 A", "solvation", "total"};
  std::vector<double> wall[5], cpu[5];
  auto record = [&](int stage, const Stamp& a, const Stamp& b) {
    wall[stage].push_back(std::chrono::duration<double, std::milli>(b.wall - a.wall).count());
    cpu[stage].push_back(1e3 * static_cast<double>(b.cpu - a.cpu) / CLOCKS_PER_SEC);
  };
  const analysis::SpeciesFrame* last = nullptr;
  for (int r = 0; r < repeats + 1; ++r) {  // the first run warms caches and the tracker
    Stamp t[5];
    t[0] = now();
    const analysis::Frame frame(s, r);
    t[1] = now();
    last = &species.update(frame);
    t[2] = now();
    rdf.add(frame);
    t[3] = now();
    solvation.classify(frame, *last);
    t[4] = now();
    if (r == 0) continue;
    for (int k = 0; k < 4; ++k) record(k, t[k], t[k + 1]);
    record(4, t[0], t[4]);
  }
  std::printf("%-34s %12s %12s\n", "stage", "wall ms", "cpu ms");
  for (int k = 0; k < 5; ++k)
    std::printf("%-34s %12.2f %12.2f\n", names[k], median(wall[k]), median(cpu[k]));
  std::printf("# species in the frame:");
  for (const auto& [name, count] : last->counts) std::printf(" %s %d", name.c_str(), count);
  const auto& cls = solvation.current().counts;
  std::printf("\n# solvation SSIP/CIP/AGG: %d/%d/%d\n", cls[0], cls[1], cls[2]);
  return 0;
}

}  // namespace sei::cli
