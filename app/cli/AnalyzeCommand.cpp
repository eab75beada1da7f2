#include <omp.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "Analyze.hpp"
#include "Arguments.hpp"
#include "Commands.hpp"
#include "analysis/Pipeline.hpp"
#include "analysis/TrajectoryPass.hpp"
#include "core/Error.hpp"
#include "io/TrajectoryReader.hpp"
#include "run/RunInput.hpp"

namespace sei::cli {
namespace {

const char* const kAnalyzeHelp =
    R"(Usage: sei analyze TRAJ --out DIR [--species] [--rdf PAIRS] [--solvation] [--profile AXIS]
       sei analyze --bench [--structure FILE] [--replicate AxBxC] [--repeat N] [--threads N]

Analyses a trajectory frame by frame: species and reactions, RDF and coordination numbers,
Na+ solvation classes, interface profiles. TRAJ is extended XYZ (ours, GPUMD's dump.xyz with or
without charges, ASE) or AMBER NetCDF (.nc; element symbols from --topology, by default
model.xyz beside it). Charge analyses are skipped with a message when frames have no charges.

Analyses (at least one):
  --species            species per frame, identified by their bond graph (canonical SMILES)
                       and, with charges, named with their summed charge; bond events and the
                       reactions they make (species_counts.csv, species.csv with identity and
                       mean fragment charge, species_events.csv, reactions.csv,
                       reaction_counts.csv)
  --rdf PAIRS          g(r) and running coordination number for comma-separated pairs A-B of
                       elements (Na-O), species (Na+-PF6-) or elements in species (Na-EC:O),
                       averaged over the frames (rdf.csv)
  --solvation          SSIP / CIP / AGG fractions of the dissolved cations per frame
                       (solvation.csv)
  --profile AXIS       profiles along the surface normal, AXIS = z, y or x (the cell vector c, b
                       or a): number density per element and species, charge density, charge
                       histograms per element, and per frame metal atoms, SEI thickness, Na
                       charge minimum and means (profile_density.csv, charge_histograms.csv,
                       interface.csv)
  --transport AXIS     mean height of each species above the metal surface per frame, AXIS
                       as for --profile (transport.csv)
Every run writes summary.json.

Options:
  --out DIR            output folder (created if missing)
  --frames A:B[:S]     frames A (from 0) up to B (exclusive, empty: end), every S-th
  --bonds LIST         per-pair bond cutoffs in Å overriding the defaults, e.g. Na-O:2.9,C-H:1.3
  --bond-factor F      covalent cutoff = F x (sum of covalent radii), default 1.2
  --ionic-factor F     metal–non-metal contact factor, default 1.35
  --metal-factor F     metal–metal contact factor, default 1.2
  --lifetime N         frames a bond change must persist to count, default 3 (1: no filter)
  --names FILE         extra species names, lines 'KEY NAME'; KEY is SMILES (COC=O) or a Hill
                       formula (C2H4O2: every isomer without a SMILES entry); a key that reads
                       as a formula is one, so write methanol as [CH3][OH], not CO
  --rdf-max R          Å, RDF range, default 6
  --rdf-bin W          Å, RDF bin width, default 0.02
  --shell R|auto       Å, solvation shell radius; auto (default): the first minimum of the
                       cation–anion g(r) over the analysed frames (an extra pass), 3.2 if none
  --cation NAME        dissolved cation species for --shell auto, default Na+
  --anions LIST        species counted as anions, default PF6-,F- (--shell auto uses the first)
  --profile-bin W      Å, profile bin width, default 0.5
  --sei-density D      Å^-3, product-atom density that makes a 1 Å layer SEI, default 0.02
  --topology FILE      element symbols for NetCDF trajectories
  --threads N          CPU threads (default 1)
  --quiet              no progress lines
  --bench              benchmark (no TRAJ): one frame through species, RDF Na-O,Na-F and
                       solvation, milliseconds per stage, median of --repeat (default 7) runs;
                       the frame is --structure FILE (any format of sei convert) or a built
                       Na(100) | 1 M NaPF6 in EC interface of 1 108 atoms, replicated by
                       --replicate (default 3x3x3: 29 916 atoms)

Exit status: 0 success, 2 bad input (one line naming the file, line or option).
)";

analysis::FrameRange parseFrames(const std::string& text) {
  analysis::FrameRange r;
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == ':') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  auto number = [&](const std::string& s, std::size_t fallback) -> std::size_t {
    if (s.empty()) return fallback;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (*end != '\0' || v < 0)
      throw InputError("--frames expects A:B[:S] with non-negative integers, got '" + text + "'");
    return static_cast<std::size_t>(v);
  };
  if (parts.size() < 2 || parts.size() > 3)
    throw InputError("--frames expects A:B[:S] (e.g. 100: or 0:500:10), got '" + text + "'");
  r.first = number(parts[0], 0);
  r.last = number(parts[1], r.last);
  r.stride = parts.size() == 3 ? number(parts[2], 1) : 1;
  if (r.stride == 0) throw InputError("--frames stride must be at least 1, got '" + text + "'");
  return r;
}

/// "x", "y" or "z" → 0, 1, 2.
int parseAxis(const std::string& axis, const std::string& option) {
  const std::string axes = "xyz";
  if (axis.size() != 1 || axes.find(axis[0]) == std::string::npos)
    throw InputError(option + " expects x, y or z, got '" + axis + "'");
  return static_cast<int>(axes.find(axis[0]));
}

/// Runs the frames of the range through the pipeline; prints progress unless quiet.
void runFrames(const std::string& path, const std::string& topology,
               const analysis::FrameRange& range, analysis::AnalysisPipeline& pipeline, bool quiet,
               AnalyzeRun* run) {
  TrajectoryReader reader(path, topology, stepClockBeside(path));
  const analysis::TrajectoryPass pass =
      analyzeTrajectory(reader, range, pipeline, [&](const TrajectoryFrame& frame) {
        if (!quiet && pipeline.frames() % 100 == 0)
          std::fprintf(stderr, "sei analyze: %zu frames (step %lld)\n", pipeline.frames(),
                       static_cast<long long>(frame.step));
      });
  if (run) {
    run->atoms = pass.atoms;
    run->charges = pass.charges;
  }
}

}  // namespace

int runAnalyze(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kAnalyzeHelp)) return 0;
  const std::set<std::string> valueOptions = {
      "out",       "frames",  "bonds",     "bond-factor", "ionic-factor", "metal-factor",
      "lifetime",  "names",   "rdf",       "rdf-max",     "rdf-bin",      "shell",
      "cation",    "anions",  "profile",   "profile-bin", "sei-density",  "topology",
      "transport", "threads", "replicate", "repeat",      "structure"};
  std::vector<std::string> options;
  const std::vector<std::string> inputs = positionalArguments(args, valueOptions, options);
  const Arguments arguments("analyze", options, valueOptions,
                            {"species", "solvation", "quiet", "bench"});
  const int threads = arguments.integer("threads", 1, 1, 4096);
  omp_set_num_threads(threads);
  if (arguments.has("bench")) {
    const std::string structure = arguments.value("structure", "");
    return runAnalyzeBench(threads, arguments.integer("repeat", 7, 1, 1000), structure,
                           arguments.value("replicate", structure.empty() ? "3x3x3" : "1x1x1"));
  }
  if (inputs.size() != 1)
    throw InputError(inputs.empty()
                         ? "expected a trajectory (sei analyze TRAJ --out DIR ...)"
                         : "unexpected argument '" + inputs[1] + "' (one trajectory per run)");
  const std::string path = inputs[0];
  const std::string outDir = arguments.value("out");

  analysis::PipelineOptions po;
  po.species = arguments.has("species");
  po.solvation = arguments.has("solvation");
  po.profiles = arguments.has("profile");
  po.transport = arguments.has("transport");
  if (arguments.has("rdf")) po.rdfPairs = splitList(arguments.value("rdf"));
  if (!po.species && !po.solvation && !po.profiles && !po.transport && po.rdfPairs.empty())
    throw InputError(
        "nothing to do: expected --species, --rdf, --solvation, --profile or --transport");
  analysis::SpeciesOptions& so = po.speciesOptions;
  so.bonds.covalentFactor = arguments.number("bond-factor", so.bonds.covalentFactor);
  so.bonds.ionicFactor = arguments.number("ionic-factor", so.bonds.ionicFactor);
  so.bonds.metallicFactor = arguments.number("metal-factor", so.bonds.metallicFactor);
  for (double f : {so.bonds.covalentFactor, so.bonds.ionicFactor, so.bonds.metallicFactor})
    if (!(f > 0.0)) throw InputError("bond factors must be positive");
  if (arguments.has("bonds")) so.bonds.applyOverrides(arguments.value("bonds"), "--bonds");
  so.lifetime = arguments.integer("lifetime", so.lifetime, 1, 100000);
  if (arguments.has("names")) so.names.read(arguments.value("names"));
  po.rdfMax = arguments.number("rdf-max", po.rdfMax);
  po.rdfBinWidth = arguments.number("rdf-bin", po.rdfBinWidth);
  if (!(po.rdfMax > 0.0) || !(po.rdfBinWidth > 0.0) || po.rdfBinWidth > po.rdfMax)
    throw InputError("--rdf-max and --rdf-bin must be positive with bin <= max");
  // Beyond 50 Å the neighbour search of every frame grows like r³ (hours, gigabytes) for
  // nothing: g(r) is 1 there; a million bins is already far finer than any figure.
  if (po.rdfMax > 50.0 || po.rdfMax / po.rdfBinWidth > 1e6)
    throw InputError("--rdf-max must be at most 50 Å with at most 10^6 bins of --rdf-bin");
  const std::vector<std::string> anions = arguments.has("anions")
                                              ? splitList(arguments.value("anions"))
                                              : std::vector<std::string>{"PF6-", "F-"};
  po.solvationOptions.anions = std::set<std::string>(anions.begin(), anions.end());
  if (po.transport) po.transportAxis = parseAxis(arguments.value("transport"), "--transport");
  if (po.profiles) {
    po.profileOptions.axis = parseAxis(arguments.value("profile"), "--profile");
    po.profileOptions.binWidth = arguments.number("profile-bin", po.profileOptions.binWidth);
    po.profileOptions.seiDensity = arguments.number("sei-density", po.profileOptions.seiDensity);
    if (!(po.profileOptions.binWidth > 0.0) || !(po.profileOptions.seiDensity > 0.0))
      throw InputError("--profile-bin and --sei-density must be positive");
  }
  const analysis::FrameRange range = parseFrames(arguments.value("frames", "0:"));
  const std::string topology = arguments.value("topology", "");
  const bool quiet = arguments.has("quiet");

  AnalyzeRun run;
  run.input = path;
  if (po.solvation) {
    const std::string shell = arguments.value("shell", "auto");
    if (shell != "auto") {
      po.solvationOptions.shellRadius = arguments.number("shell", 0.0);
      if (!(po.solvationOptions.shellRadius > 0.0))
        throw InputError("--shell expects a radius in Å > 0 or auto, got '" + shell + "'");
      run.shellSource = "set";
    } else {
      // First pass: the cation–anion g(r), whose first minimum bounds the first shell.
      analysis::PipelineOptions first;
      first.speciesOptions = so;
      first.rdfMax = 6.0;
      first.rdfBinWidth = 0.05;
      first.rdfPairs.push_back(arguments.value("cation", "Na+") + "-" + anions.front());
      analysis::AnalysisPipeline scout(first);
      runFrames(path, topology, range, scout, true, nullptr);
      double radius = 0.0;
      for (std::size_t p = 0; p < scout.rdf()->pairCount() && radius == 0.0; ++p) {
        radius = analysis::firstMinimum(scout.rdf()->curve(p));
        run.shellSource = "first minimum of " + scout.rdf()->curve(p).label + " g(r)";
      }
      if (radius > 0.0) {
        po.solvationOptions.shellRadius = radius;
      } else {
        run.shellSource = "default (no minimum found in the cation-anion g(r))";
      }
    }
    run.shellRadius = po.solvationOptions.shellRadius;
    if (!quiet)
      std::fprintf(stderr, "sei analyze: solvation shell %.3f Å (%s)\n", run.shellRadius,
                   run.shellSource.c_str());
  }

  analysis::AnalysisPipeline pipeline(po);
  runFrames(path, topology, range, pipeline, quiet, &run);
  if (pipeline.rdf()) pipeline.rdf()->requirePairs("--rdf");
  if (po.profiles && !run.charges)
    std::fprintf(stderr,
                 "sei analyze: %s has frames without charges: charge density, charge histograms "
                 "and Na charge statistics are skipped\n",
                 path.c_str());
  std::filesystem::create_directories(outDir);
  const auto files = writeAnalysisOutput(outDir, pipeline, run);
  std::printf("sei analyze: %zu frames of %zu atoms from %s\n", pipeline.frames(), run.atoms,
              path.c_str());
  for (const auto& f : files) std::printf("-> %s/%s\n", outDir.c_str(), f.c_str());
  return 0;
}

}  // namespace sei::cli
