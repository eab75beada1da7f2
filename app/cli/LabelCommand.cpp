#include <cstdio>
#include <filesystem>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "label/Labelling.hpp"

namespace sei::cli {
namespace {

const char* const kLabelHelp =
    R"(Usage: sei label STRUCTURES.xyz --out LABELLED.xyz [options]
       sei label STRUCTURES.xyz --out LABELLED.xyz --batch slurm [options]
       sei label --collect DIR --out LABELLED.xyz

DFT labels with CP2K: one single point (energy, forces, stress) per frame of STRUCTURES.xyz
(extended XYZ, cells periodic in x, y and z), written as GPUMD training frames to LABELLED.xyz:
energy= (eV), virial= (eV, xx xy xz yx yy yz zx zy zz, W = -dE/de = V times CP2K's printed
stress tensor) and forces:R:3 (eV/A); the frames' other keys (config_type, weight, ...) are kept.

The CP2K input comes from a template (default: resources/cp2k/label.inp, PBE + D3,
DZVP-MOLOPT(-SR), Gamma point, Fermi-Dirac smearing 500 K, Broyden mixing, Na GTH-PBE-q1, XC
smoothing, CUTOFF 400 / REL_CUTOFF 50): copy and edit it, or change keywords with --set.

The work folder keeps frames.xyz, manifest.txt and frame_NNNN/ with cp2k.inp, cp2k.out and
cp2k.log. Frames whose cp2k.out is finished are not run again: after a kill, run the same
command to resume. A changed input (other settings or structures) runs its frame again. A frame
that fails (SCF not converged, CP2K stopped) is reported and left out; the others go on.

Options:
  --out FILE         the labelled extended XYZ file (required)
  --work DIR         work folder (default: FILE's name without extension + "-cp2k", beside it)
  --np N             MPI ranks per CP2K run (default 1: cp2k.psmp without mpirun); one OpenMP
                     thread per rank unless OMP_NUM_THREADS is set
  --cutoff RY        plane-wave cutoff, MGRID/CUTOFF (default: the template's, 400)
  --set PATH=VALUE   set a template keyword, named by the sections ending at it when the name
                     alone is ambiguous: --set MAX_SCF=500, --set SMEAR/ELECTRONIC_TEMPERATURE=
                     "[K] 300", --set "KIND Na/POTENTIAL=GTH-PBE-q9"; a keyword the template
                     lacks is added to the section named (--set QS/METHOD=GPW); repeatable
  --template FILE    the CP2K input template ({{CELL}} and {{COORDINATES}} lines, a &KIND per
                     element)
  --retry-failed     run again frames whose finished output is no label
  --quiet            no progress lines

On a cluster: --batch slurm prepares the work folder the same way but runs nothing: it writes
DIR/label.slurm, a Slurm job array with one task per frame not done yet (srun $CP2K, default
cp2k.psmp, in frame_NNNN/; srun's MPI type $SLURM_MPI_TYPE, default pmix as Open MPI builds of
CP2K need; export SLURM_MPI_TYPE=pmi2 before sbatch for MPICH or Intel MPI builds). Submit it from the work folder (cd DIR && sbatch label.slurm); when
the tasks have finished, sei label --collect DIR --out FILE gathers their outputs (frames not
finished or failed are listed and left out). Job options:
  --np N             MPI ranks per frame (--ntasks-per-node; default 1)
  --time HH:MM:SS    time limit per frame (default 24:00:00)
  --partition NAME   Slurm partition (default: the cluster's)
  --job-name NAME    job name (default cp2k-label)
  --module NAME      a `module load NAME` line before CP2K (repeat the option for more)

CP2K is cp2k.psmp (else cp2k) on PATH, run as `mpirun -np N cp2k.psmp -i cp2k.inp -o cp2k.out`
in the frame's folder (as root with Open MPI's OMPI_ALLOW_RUN_AS_ROOT=1 and
OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1). Ctrl-C (SIGINT) or SIGTERM stops CP2K and the batch; run
again to resume.

Exit status: 0 at least one frame labelled, 1 every frame failed (nothing written), 2 bad input
(one line naming the file and what was expected; nothing written), 130 stopped by a signal.
)";

/// FILE's folder / (FILE's name without extension + "-cp2k").
std::string defaultWorkDir(const std::string& out) {
  const std::filesystem::path p(out);
  return (p.parent_path() / (p.stem().string() + "-cp2k")).string();
}

void printSummary(const label::LabelSummary& summary, const std::string& out) {
  std::printf("sei label: %zu labelled, %zu failed of %zu frames%s\n", summary.labelled,
              summary.failures.size(), summary.frames,
              summary.labelled ? (" -> " + out).c_str() : " (nothing written)");
  for (const label::LabelFailure& f : summary.failures)
    std::printf("  %s: %s\n", f.folder.c_str(), f.reason.c_str());
}

/// `sei label --collect DIR --out FILE`.
int collect(const std::string& dir, const std::string& out) {
  const label::LabelCollection c = label::collectLabels(dir);
  if (!c.labelled.empty()) label::writeLabelledXyz(out, c.labelled);
  label::LabelSummary summary;
  summary.frames = c.frames;
  summary.labelled = c.labelled.size();
  summary.failures = c.failures;
  printSummary(summary, out);
  return summary.labelled > 0 ? 0 : 1;
}

/// `--batch slurm`: the job array instead of the runs.
int writeBatch(const label::LabelOptions& o, const Arguments& arguments,
               const std::vector<std::string>& modules) {
  SlurmScript job;
  job.jobName = arguments.value("job-name", "cp2k-label");
  job.time = arguments.value("time", job.time);
  job.partition = arguments.value("partition", "");
  job.tasksPerNode = o.ranks;
  job.gpus = 0;
  for (const std::string& m : modules) job.setup.push_back("module load " + m);
  const std::size_t tasks = label::writeLabelJobArray(o, job);
  if (tasks == 0)
    std::printf(
        "sei label: every frame is done; gather them with: sei label --collect %s --out "
        "%s\n",
        o.workDir.c_str(), o.out.c_str());
  else
    std::printf(
        "sei label: %s/label.slurm, a job array of %zu frames; submit it with: cd %s && "
        "sbatch label.slurm; then: sei label --collect %s --out %s\n",
        o.workDir.c_str(), tasks, o.workDir.c_str(), o.workDir.c_str(), o.out.c_str());
  return 0;
}

}  // namespace

int runLabel(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kLabelHelp)) return 0;
  const std::set<std::string> valueOptions = {"out",  "work",      "np",       "cutoff",
                                              "set",  "template",  "batch",    "collect",
                                              "time", "partition", "job-name", "module"};
  std::vector<std::string> options;
  const std::vector<std::string> positional = positionalArguments(args, valueOptions, options);
  const std::vector<std::string> sets = takeRepeatedOption(options, "set");
  const std::vector<std::string> modules = takeRepeatedOption(options, "module");
  const Arguments arguments("label", options, valueOptions, {"retry-failed", "quiet"});
  if (arguments.has("collect")) {
    if (!positional.empty())
      throw InputError("--collect DIR takes no structures file (see 'sei label --help')");
    return collect(arguments.value("collect"), arguments.value("out"));
  }
  if (positional.size() != 1)
    throw InputError(
        "expected one structures file: sei label STRUCTURES.xyz --out FILE (see "
        "'sei label --help')");
  if (arguments.has("batch") && arguments.value("batch") != "slurm")
    throw InputError("--batch expects slurm, got '" + arguments.value("batch") + "'");

  label::LabelOptions o;
  o.structures = positional[0];
  o.out = arguments.value("out");
  o.workDir = arguments.value("work", defaultWorkDir(o.out));
  o.templatePath = arguments.value("template", resourceDirectory() + "/cp2k/label.inp");
  o.ranks = arguments.integer("np", 1, 1, 100000);
  if (arguments.has("cutoff")) {
    if (arguments.number("cutoff", 0.0) <= 0.0)
      throw InputError("--cutoff expects a positive cutoff in Ry, got '" +
                       arguments.value("cutoff") + "'");
    o.settings.push_back(label::parseCp2kSetting("MGRID/CUTOFF=" + arguments.value("cutoff")));
  }
  for (const std::string& s : sets) o.settings.push_back(label::parseCp2kSetting(s));
  o.retryFailed = arguments.has("retry-failed");
  if (arguments.has("batch")) return writeBatch(o, arguments, modules);

  const std::atomic<bool>& stop = stopOnSignals();
  o.stop = [&stop] { return stop.load(); };
  o.log = progressPrinter(arguments.has("quiet"));
  const label::LabelSummary summary = label::runLabelling(o);
  if (summary.stopped) {
    std::fprintf(stderr, "sei label: stopped; run the same command again to resume\n");
    return 130;
  }
  printSummary(summary, o.out);
  return summary.labelled > 0 ? 0 : 1;
}

}  // namespace sei::cli
