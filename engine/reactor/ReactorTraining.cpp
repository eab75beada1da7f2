#include "reactor/ReactorTraining.hpp"

#include <filesystem>
#include <sstream>

#include "dataset/ExtXyzLabels.hpp"
#include "dataset/ReferenceEnergies.hpp"
#include "io/AtomicFile.hpp"
#include "reactor/ReactorLoop.hpp"
#include "training/NepInput.hpp"

namespace sei::reactor {
namespace {

namespace fs = std::filesystem;

/// The plan's nep.in with its `seed` lines replaced by `seed SEED`.
std::string seededNepIn(const std::string& nepIn, unsigned long long seed) {
  std::istringstream in(nepIn);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first != "seed") out += line + "\n";
  }
  return out + "seed " + std::to_string(seed) + "\n";
}

}  // namespace

std::string modelOf(const std::string& generationDir, int member) {
  return generationDir + "/train" + (member == 0 ? "" : "/member-" + std::to_string(member)) +
         "/nep.txt";
}

TrainingSetFiles writeTrainingFolders(const ReactorPlan& plan, const std::string& out,
                                      int generation) {
  using dataset::EnergyKind;
  TrainingSetFiles files;
  std::vector<dataset::LabelledStructure> set =
      dataset::readExtXyzLabels(plan.dataset, EnergyKind::Free);
  for (int g = 0; g <= generation; ++g) {
    const std::string labelled = generationFolder(out, g) + "/labelled.xyz";
    if (!fs::exists(labelled)) continue;
    for (dataset::LabelledStructure& s : dataset::readExtXyzLabels(labelled, EnergyKind::Free)) {
      if (s.hasEnergy && s.hasForces())
        set.push_back(std::move(s));
      else
        ++files.dropped;
    }
  }
  files.frames = set.size();
  std::vector<dataset::LabelledStructure> testSet;
  if (!plan.testSet.empty()) testSet = dataset::readExtXyzLabels(plan.testSet, EnergyKind::Free);
  if (plan.fitReferenceEnergies || !plan.referenceEnergies.empty()) {
    dataset::ReferenceEnergies references;
    if (plan.fitReferenceEnergies)
      references =
          dataset::fitReferenceEnergies(dataset::readExtXyzLabels(plan.dataset, EnergyKind::Free));
    else
      references.perElement = plan.referenceEnergies;
    const std::string source = plan.path + ": start.reference_energies";
    dataset::subtractReferenceEnergies(set, references, source);
    dataset::subtractReferenceEnergies(testSet, references, source);
  }
  const std::string trainText = dataset::trainingXyzText(set);
  const std::string testText = testSet.empty() ? std::string() : dataset::trainingXyzText(testSet);
  const unsigned long long seed = training::parseNepInput(plan.nepIn, plan.path).seed;
  const std::string dir = generationFolder(out, generation) + "/train";
  for (int k = 0; k < plan.committee; ++k) {
    const std::string member = k == 0 ? dir : dir + "/member-" + std::to_string(k);
    fs::create_directories(member);
    writeFileAtomically(member + "/nep.in", seededNepIn(plan.nepIn, seed + k));
    writeFileAtomically(member + "/train.xyz", trainText);
    if (!testText.empty()) writeFileAtomically(member + "/test.xyz", testText);
    files.members.push_back(member);
  }
  return files;
}

}  // namespace sei::reactor
