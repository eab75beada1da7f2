#include <cstdio>
#include <memory>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "formats/StructureFile.hpp"
#include "io/ExtXyz.hpp"
#include "io/ForceResultFiles.hpp"
#include "md/StructureEvaluation.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei::cli {
namespace {

const char* const kEvalHelp =
    R"(Usage: sei eval --model nep.txt --structure model.xyz --out DIR [options]

Evaluates a NEP or qNEP model (GPUMD nep.txt) on one structure (the first frame of an extended
XYZ, POSCAR, CIF, PDB, XYZ or LAMMPS data file) with the double-precision CPU evaluator and
writes into DIR:
  energy.txt           total potential energy, eV
  per_atom_energy.txt  one line per atom, eV (sums to the total)
  forces.txt           Fx Fy Fz per atom, eV/A
  virial.txt           W = sum_i r_i (x) F_i as xx xy xz yx yy yz zx zy zz, eV (not / volume)
  per_atom_virial.txt  the same nine components per atom, eV
  charges.txt          qNEP only: neutralised partial charges, e
  bec.txt              qNEP only: Born effective charges (x sqrt(eps_inf)), 9 components, e
All numbers are printed as %.10e, atoms in the order of the structure file.

Options:
  --model FILE        model file (nep3, nep4, nep5, *_zbl, *_temperature, nep4[_zbl]_charge1/2)
  --structure FILE    structure (format by name: see sei convert); elements matched by symbol
  --out DIR           output folder (created if needed; files are replaced atomically)
  --kspace METHOD     ewald (default) or pppm, for qNEP models
  --temperature K     temperature input of *_temperature models (default 300)
  --threads N         CPU threads (default: all)
  --help              this text

Exit status: 0 on success, 2 on bad input (one line on stderr naming file, line and problem).
)";

}  // namespace

int runEval(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kEvalHelp)) return 0;
  const Arguments arguments("eval", args,
                            {"model", "structure", "out", "kspace", "temperature", "threads"}, {});
  const std::string modelPath = arguments.value("model");
  const std::string structurePath = arguments.value("structure");
  const std::string outDir = arguments.value("out");
  NepEvaluatorOptions options;
  options.kspace = parseKSpaceMethod(arguments.value("kspace", "ewald"));
  options.temperature = arguments.number("temperature", 300.0);
  options.threads = arguments.integer("threads", 0, 0, 4096);

  auto model = std::make_shared<const NepModel>(readNepModel(modelPath));
  const Structure structure = readStructureFile(structurePath);
  NepEvaluator evaluator(model, options);
  const ForceResult result = evaluateStructure(evaluator, structure, structurePath);
  writeForceResultFiles(outDir, result);
  std::printf("%zu atoms, energy %.10e eV -> %s\n", structure.size(), result.energy,
              outDir.c_str());
  return 0;
}

}  // namespace sei::cli
