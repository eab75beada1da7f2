#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "core/FarthestPoints.hpp"
#include "dataset/DatasetStats.hpp"
#include "dataset/Descriptors.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "dataset/Import.hpp"
#include "dataset/ReferenceEnergies.hpp"
#include "io/AtomicFile.hpp"
#include "nep/NepModel.hpp"

namespace sei::cli {
namespace {

const char* const kDatasetHelp =
    R"(Usage: sei dataset import IN... --out train.xyz [--format F] [--energy E]
                          [--reference-energies fit|FILE|none]
       sei dataset stats FILE.xyz [--outlier-sigmas S]
       sei dataset split FILE.xyz --train train.xyz --test test.xyz [--test-fraction 0.1]
                         [--seed N]
       sei dataset select FILE.xyz --count N --out sel.xyz (--model nep.txt | --nep-in nep.in)
                          [--threads N]

Training data for `sei train` (GPUMD's train.xyz: energy= eV, virial= 9 components in eV with
W = -V*stress, forces:R:3 in eV/A, Lattice, pbc; charge= and charge/bec columns when present).

import   reads labelled structures and writes them to --out:
           VASP OUTCAR (every ionic step), vasprun.xml (every <calculation>), CP2K output of an
           ENERGY_FORCE run (energy, ATOMIC FORCES, STRESS TENSOR; positions and cell from the
           input named in the log, with &COORD or an XYZ COORD_FILE_NAME), extended XYZ of GPUMD,
           ASE or MACE (energy/free_energy/REF_energy, forces/force/REF_forces, virial or stress
           with ASE's sign stress = -virial/V, 9 components or Voigt 6).
         Units: 1 Ha = 27.211386245988 eV, 1 bohr = 0.529177210903 A, 1 kB = 0.1 GPa,
         1 eV/A^3 = 160.21766208 GPa.
  --format F       auto (default: from the content), outcar, vasprun, cp2k or extxyz
  --energy E       free (default): VASP's TOTEN / e_fr_energy, the free energy of the smeared
                   electrons whose derivatives the forces are (CP2K prints only this one; ASE's
                   free_energy); sigma0: VASP's energy(sigma->0) (ASE's energy); without-entropy
  --reference-energies fit   least-squares per-element energies on composition, subtracted and
                             printed (needed for CP2K totals: Na and F differ by ~650 eV/atom)
  --reference-energies FILE  "Element energy_eV" lines (e.g. isolated-atom energies)
  --reference-energies none  keep total energies (default)
stats    structures, atoms, elements, energy per atom, force components and RMS, structures
         missing labels, outliers: largest |F| on an atom above mean + S sigma over the set
         (--outlier-sigmas, default 5); structures are numbered from 1.
split    a deterministic random split (64-bit Mersenne Twister, --seed default 1); frames are
         copied as they are, in file order.
select   farthest-point sampling of N structures in descriptor space: each structure's mean
         scaled NEP descriptor under --model, or under the untrained descriptor of a nep.in's
         hyper-parameters (coefficients initial_para, GPUMD's scalers over the file).

Exit status: 0 success, 2 bad input (one line naming file, line or structure; nothing written).
)";

const std::set<std::string> kValueOptions = {"out",
                                             "format",
                                             "energy",
                                             "reference-energies",
                                             "outlier-sigmas",
                                             "train",
                                             "test",
                                             "test-fraction",
                                             "seed",
                                             "count",
                                             "model",
                                             "nep-in",
                                             "threads"};

std::vector<dataset::LabelledStructure> readSet(const std::string& path) {
  return dataset::readExtXyzLabels(path, dataset::EnergyKind::Free);
}

int runImport(const std::vector<std::string>& files, const Arguments& a) {
  if (files.empty()) throw InputError("expected input files (sei dataset import IN... --out FILE)");
  const std::string out = a.value("out");
  const auto format = dataset::parseInputFormat(a.value("format", "auto"), "--format");
  const auto kind = dataset::parseEnergyKind(a.value("energy", "free"), "--energy");
  std::vector<dataset::LabelledStructure> set;
  for (const std::string& f : files) {
    auto part = dataset::importLabelled(f, format, kind);
    std::printf("%s: %zu structure%s\n", f.c_str(), part.size(), part.size() == 1 ? "" : "s");
    for (auto& l : part) set.push_back(std::move(l));
  }
  const std::string reference = a.value("reference-energies", "none");
  if (reference != "none") {
    const dataset::ReferenceEnergies ref = reference == "fit"
                                               ? dataset::fitReferenceEnergies(set)
                                               : dataset::readReferenceEnergies(reference);
    dataset::subtractReferenceEnergies(set, ref, reference == "fit" ? "the fit" : reference);
    std::printf("reference energies (%s, eV per atom, subtracted):\n",
                reference == "fit" ? "least-squares fit on composition" : reference.c_str());
    for (const auto& [element, e] : ref.perElement)
      std::printf("  %-2s %.6f\n", element.c_str(), e);
    if (reference == "fit") std::printf("  fit residual %.4f eV/atom RMS\n", ref.residualRms);
  }
  dataset::writeTrainingXyz(out, set);
  std::printf("%zu structures -> %s (energy: %s)\n", set.size(), out.c_str(),
              dataset::energyKindName(kind));
  return 0;
}

std::string indexList(const std::vector<std::size_t>& indices) {
  std::string s;
  for (std::size_t k : indices) s += (s.empty() ? "" : " ") + std::to_string(k + 1);
  return s;
}

int runStats(const std::vector<std::string>& files, const Arguments& a) {
  if (files.size() != 1) throw InputError("expected one file (sei dataset stats FILE.xyz)");
  const double sigmas = a.number("outlier-sigmas", 5.0);
  const auto set = readSet(files[0]);
  const dataset::DatasetStats st = dataset::datasetStats(set, sigmas);
  std::printf("%s: %zu structures, %zu atoms\n", files[0].c_str(), st.structures, st.atoms);
  std::printf("elements:");
  for (const auto& [e, n] : st.atomsPerElement)
    std::printf(" %s %zu atoms in %zu structures;", e.c_str(), n, st.structuresWithElement.at(e));
  std::printf("\nlabels: energy %zu, forces %zu, virial %zu of %zu structures\n", st.withEnergy,
              st.withForces, st.withVirial, st.structures);
  if (st.withEnergy > 0)
    std::printf("energy per atom (eV): min %.6f max %.6f mean %.6f\n", st.energyPerAtomMin,
                st.energyPerAtomMax, st.energyPerAtomMean);
  if (st.withForces > 0) {
    std::printf("force components (eV/A): min %.4f max %.4f RMS %.4f\n", st.forceMin, st.forceMax,
                st.forceRms);
    std::printf(
        "largest |F| per structure (eV/A): mean %.4f sigma %.4f; outliers above %.4f "
        "(mean + %g sigma): %zu\n",
        st.maxForceMean, st.maxForceSigma, st.outlierThreshold, sigmas, st.outliers.size());
    for (std::size_t k : st.outliers)
      std::printf("  structure %zu: largest |F| %.4f eV/A\n", k + 1, st.maxForce[k]);
  }
  if (!st.missingEnergy.empty())
    std::printf("structures without energy: %s\n", indexList(st.missingEnergy).c_str());
  if (!st.missingForces.empty())
    std::printf("structures without forces: %s\n", indexList(st.missingForces).c_str());
  return 0;
}

/// The frames `indices` of `frames` concatenated.
std::string framesText(const std::vector<std::string>& frames,
                       const std::vector<std::size_t>& indices) {
  std::string text;
  for (std::size_t k : indices) text += frames[k];
  return text;
}

int runSplit(const std::vector<std::string>& files, const Arguments& a) {
  if (files.size() != 1) throw InputError("expected one file (sei dataset split FILE.xyz ...)");
  const std::string trainPath = a.value("train"), testPath = a.value("test");
  const double fraction = a.number("test-fraction", 0.1);
  const int seed = a.integer("seed", 1, 0, 2147483647);
  const auto set = readSet(files[0]);
  const auto frames = dataset::extXyzFrameTexts(files[0], set.size());
  const std::vector<std::size_t> test = dataset::testIndices(set.size(), fraction, seed);
  std::vector<std::size_t> train;
  for (std::size_t k = 0, t = 0; k < set.size(); ++k) {
    if (t < test.size() && test[t] == k)
      ++t;
    else
      train.push_back(k);
  }
  const std::string trainText = framesText(frames, train), testText = framesText(frames, test);
  writeFileAtomically(trainPath, trainText);
  writeFileAtomically(testPath, testText);
  std::printf("%zu structures -> %s (%zu), %s (%zu): test structures %s\n", set.size(),
              trainPath.c_str(), train.size(), testPath.c_str(), test.size(),
              indexList(test).c_str());
  return 0;
}

int runSelect(const std::vector<std::string>& files, const Arguments& a) {
  if (files.size() != 1) throw InputError("expected one file (sei dataset select FILE.xyz ...)");
  const std::string out = a.value("out");
  if (!a.has("count")) throw InputError("option --count is required");
  const int count = a.integer("count", 0, 1, 100000000);
  if (a.has("model") == a.has("nep-in"))
    throw InputError("give one of --model nep.txt or --nep-in nep.in (the descriptor)");
  const int threads = a.integer("threads", 0, 0, 4096);
  const auto set = readSet(files[0]);
  const auto frames = dataset::extXyzFrameTexts(files[0], set.size());
  const NepModel model = a.has("model")
                             ? readNepModel(a.value("model"))
                             : dataset::descriptorModelFromNepIn(a.value("nep-in"), set, threads);
  const auto descriptors = dataset::structureDescriptors(model, set, threads);
  std::vector<std::size_t> chosen = farthestPointSample(descriptors, count);
  const std::string order = indexList(chosen);
  std::sort(chosen.begin(), chosen.end());
  writeFileAtomically(out, framesText(frames, chosen));
  std::printf("%zu of %zu structures -> %s (descriptor dimension %zu); in the order chosen: %s\n",
              chosen.size(), set.size(), out.c_str(),
              descriptors.empty() ? 0 : descriptors[0].size(), order.c_str());
  return 0;
}

}  // namespace

int runDataset(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kDatasetHelp, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (printHelpIfAsked(args, kDatasetHelp)) return 0;
  const std::string action = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<std::string> options;
  const std::vector<std::string> files = positionalArguments(rest, kValueOptions, options);
  std::map<std::string, std::set<std::string>> allowed = {
      {"import", {"out", "format", "energy", "reference-energies"}},
      {"stats", {"outlier-sigmas"}},
      {"split", {"train", "test", "test-fraction", "seed"}},
      {"select", {"count", "out", "model", "nep-in", "threads"}}};
  const auto it = allowed.find(action);
  if (it == allowed.end())
    throw InputError("unknown action '" + action + "', expected import, stats, split or select");
  const Arguments arguments("dataset " + action, options, it->second, {});
  if (action == "import") return runImport(files, arguments);
  if (action == "stats") return runStats(files, arguments);
  if (action == "split") return runSplit(files, arguments);
  return runSelect(files, arguments);
}

}  // namespace sei::cli
