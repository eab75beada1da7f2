#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "io/AtomicFile.hpp"
#include "nep/NepModel.hpp"
#include "reactor/Selection.hpp"

namespace sei::cli {
namespace {

const char* const kSelectHelp =
    R"(Usage: sei select CANDIDATES.xyz --model nep.txt --train train.xyz --count N
                  --out SELECTED.xyz [--committee a.txt [b.txt ...]] [--scores scores.txt]
                  [--force-std-low X] [--force-std-high X] [--distance-low X]
                  [--reference-points N] [--threads N]

Selects the candidate frames (e.g. of `sei sample`) the model does not know, for labelling:
  force std            with --committee (further models of the same elements), the committee's
                       force disagreement: max over atoms of sqrt(<|F_m - <F>|^2>_m), eV/A
  descriptor distance  max over atoms of the distance of the atom's scaled NEP descriptor (under
                       --model) to the nearest descriptor of an atom of the same element in
                       --train (reduced per element to --reference-points atoms by farthest-point
                       sampling, default 500); 0 for a training frame itself
A frame is eligible when its force std is below --force-std-high (default 1.0 eV/A: above, it is
too broken to be worth a label) and it is unknown: force std >= --force-std-low (default 0.05),
or descriptor distance above --distance-low when given (without a committee only the distance
decides; with neither every frame is eligible). Farthest-point sampling of the eligible frames'
mean descriptors, held against those of the training set, picks --count of them; they are
copied to --out unchanged, in file order. --scores writes one line per candidate.

Exit status: 0 success, 2 bad input (one line naming the file or option; nothing written).
)";

/// `--committee a.txt b.txt ...`: the values after the option up to the next option, removed
/// from args (`--committee a --committee b` works as well).
std::vector<std::string> takeCommittee(std::vector<std::string>& args) {
  std::vector<std::string> committee, rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--committee") {
      rest.push_back(args[i]);
      continue;
    }
    const std::size_t before = committee.size();
    while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) committee.push_back(args[++i]);
    if (committee.size() == before) throw InputError("--committee needs at least one model file");
  }
  args = rest;
  return committee;
}

std::string number(double x) {
  if (std::isinf(x)) return "inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

}  // namespace

int runSelect(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    std::fputs(kSelectHelp, stderr);
    return 2;
  }
  if (printHelpIfAsked(arguments, kSelectHelp)) return 0;
  std::vector<std::string> args = arguments;
  reactor::SelectionSettings s;
  s.committee = takeCommittee(args);
  const std::set<std::string> values = {"model",
                                        "train",
                                        "count",
                                        "out",
                                        "scores",
                                        "force-std-low",
                                        "force-std-high",
                                        "distance-low",
                                        "reference-points",
                                        "threads"};
  std::vector<std::string> options;
  const std::vector<std::string> files = positionalArguments(args, values, options);
  const Arguments a("select", options, values, {});
  if (files.size() != 1) throw InputError("expected one candidates file (sei select FILE.xyz)");
  const std::string out = a.value("out");
  if (!a.has("count")) throw InputError("option --count is required");
  s.count = a.integer("count", 10, 1, 100000000);
  s.forceStdLow = a.number("force-std-low", s.forceStdLow);
  s.forceStdHigh = a.number("force-std-high", s.forceStdHigh);
  if (!(s.forceStdLow >= 0 && s.forceStdHigh > s.forceStdLow))
    throw InputError("--force-std-high must be above --force-std-low, both >= 0 eV/A");
  s.descriptorDistanceLow = a.number("distance-low", 0.0);
  if (!(s.descriptorDistanceLow >= 0)) throw InputError("--distance-low must be >= 0");
  s.referencePoints = static_cast<std::size_t>(a.integer("reference-points", 500, 1, 100000000));
  const int threads = a.integer("threads", 0, 0, 4096);
  const auto model = std::make_shared<const NepModel>(readNepModel(a.value("model")));
  const auto training = dataset::readExtXyzLabels(a.value("train"), dataset::EnergyKind::Free);
  const auto candidates = dataset::readExtXyzLabels(files[0], dataset::EnergyKind::Free);
  const auto frames = dataset::extXyzFrameTexts(files[0], candidates.size());
  std::vector<Structure> structures;
  for (const auto& c : candidates) structures.push_back(c.structure);
  const auto scores = reactor::selectFrames(structures, model, training, s, threads);

  std::string selected, table =
                            "# frame force_std_eV/A descriptor_distance eligible selected pick "
                            "(1-based; 0: not picked)\n";
  std::size_t eligible = 0, chosen = 0;
  for (std::size_t k = 0; k < scores.size(); ++k) {
    const reactor::FrameScore& f = scores[k];
    eligible += f.eligible;
    if (f.selected) {
      selected += frames[k];
      ++chosen;
    }
    table += std::to_string(k + 1) + " " + number(f.forceStd) + " " + number(f.descriptorDistance) +
             " " + (f.eligible ? "1" : "0") + " " + (f.selected ? "1" : "0") + " " +
             std::to_string(f.pick + 1) + "\n";
  }
  writeFileAtomically(out, selected);
  if (a.has("scores")) writeFileAtomically(a.value("scores"), table);
  const std::string committee =
      s.committee.empty() ? "no committee"
                          : "committee of " + std::to_string(s.committee.size() + 1) + " models";
  std::printf("%zu of %zu candidates selected -> %s (%zu eligible; %s)\n", chosen, scores.size(),
              out.c_str(), eligible, committee.c_str());
  return 0;
}

}  // namespace sei::cli
