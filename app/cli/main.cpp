#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "Commands.hpp"
#include "core/Error.hpp"

namespace {

const char* const kHelp =
    R"(Usage: sei COMMAND [options]

SEI Studio command line: everything the studio does, headless.

Commands:
  eval    evaluate a NEP/qNEP model on a structure (energy, forces, virial, charges, BEC)
  run     molecular dynamics from a GPUMD-style folder (run.in, model.xyz, model)
  bench   force-evaluation throughput on replicated boxes
  build   a metal slab | electrolyte interface (or a bulk liquid) from a JSON recipe
  analyze species, RDF/CN, solvation classes and interface profiles of a trajectory
  train   train a NEP/qNEP model from a GPUMD training folder (nep.in, train.xyz)
  convert a structure between extended XYZ, POSCAR, CIF, PDB, XYZ and LAMMPS data
  export  a project as a run folder GPUMD runs as it is (sei export gpumd PROJECT.json DIR)
  dataset training data: import VASP/CP2K/ASE labels, stats, split, select (sei dataset --help)
  label   DFT labels (energy, forces, virial) of structures with CP2K, as GPUMD training data
  sample  reactor sampling: candidate frames from recipes run hot with a model
  select  the candidate frames a model does not know (committee, descriptor distance, FPS)
  reactor active learning: sample hot, select, label with CP2K, train, test until MD is stable

'sei COMMAND --help' describes each command.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(kHelp, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "eval") return sei::cli::runEval(args);
    if (command == "bench") return sei::cli::runBench(args);
    if (command == "run") return sei::cli::runRun(args);
    if (command == "build") return sei::cli::runBuild(args);
    if (command == "analyze") return sei::cli::runAnalyze(args);
    if (command == "train") return sei::cli::runTrain(args);
    if (command == "convert") return sei::cli::runConvert(args);
    if (command == "export") return sei::cli::runExport(args);
    if (command == "dataset") return sei::cli::runDataset(args);
    if (command == "label") return sei::cli::runLabel(args);
    if (command == "sample") return sei::cli::runSample(args);
    if (command == "select") return sei::cli::runSelect(args);
    if (command == "reactor") return sei::cli::runReactor(args);
    std::fprintf(
        stderr,
        "sei: unknown command '%s' (expected eval, run, bench, build, analyze, train, convert, "
        "export, dataset, label, sample, select or reactor; see 'sei --help')\n",
        command.c_str());
    return 2;
  } catch (const sei::InputError& e) {
    std::fprintf(stderr, "sei %s: error: %s\n", command.c_str(), e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sei %s: error: %s\n", command.c_str(), e.what());
    return 1;
  }
}
