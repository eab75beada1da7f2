#include "reactor/ReactorReport.hpp"

#include <algorithm>
#include <cstdio>

#include "project/JsonFields.hpp"

namespace sei::reactor {
namespace {

json trainJson(const TrainResult& t) {
  return {{"energy_train", t.energyTrain}, {"force_train", t.forceTrain},
          {"virial_train", t.virialTrain}, {"energy_test", t.energyTest},
          {"force_test", t.forceTest},     {"virial_test", t.virialTest}};
}

TrainResult trainFromJson(const json& j) {
  TrainResult t;
  t.energyTrain = j.at("energy_train");
  t.forceTrain = j.at("force_train");
  t.virialTrain = j.at("virial_train");
  t.energyTest = j.at("energy_test");
  t.forceTest = j.at("force_test");
  t.virialTest = j.at("virial_test");
  return t;
}

std::string format(const char* pattern, double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, x);
  return buffer;
}

}  // namespace

bool GenerationRecord::finished(const std::string& stage) const {
  return std::find(done.begin(), done.end(), stage) != done.end();
}

std::string recordJsonText(const GenerationRecord& r) {
  json failures = json::array();
  for (const label::LabelFailure& f : r.failures)
    failures.push_back({{"frame", f.folder}, {"reason", f.reason}});
  json seconds = json::object();
  for (const auto& [stage, s] : r.seconds) seconds[stage] = s;
  json models = json::array();
  for (const TrainResult& t : r.models) models.push_back(trainJson(t));
  const json j = {{"format", "sei-reactor-generation"},
                  {"version", 1},
                  {"generation", r.generation},
                  {"model", r.model},
                  {"done", r.done},
                  {"seconds", seconds},
                  {"candidates", r.candidates},
                  {"selected", r.selected},
                  {"labelled", r.labelled},
                  {"failed_labels", failures},
                  {"training_frames", r.trainingFrames},
                  {"dropped_frames", r.droppedFrames},
                  {"models", models},
                  {"test", {{"passed", r.test.passed}, {"message", r.test.message}}}};
  return j.dump(2) + "\n";
}

GenerationRecord parseRecordJson(const std::string& text, const std::string& source) {
  const json j = parseJsonText(text, source);
  GenerationRecord r;
  try {
    r.generation = j.at("generation");
    r.model = j.at("model");
    r.done = j.at("done").get<std::vector<std::string>>();
    for (const auto& item : j.at("seconds").items())
      r.seconds.emplace_back(item.key(), item.value().get<double>());
    r.candidates = j.at("candidates");
    r.selected = j.at("selected");
    r.labelled = j.at("labelled");
    for (const json& f : j.at("failed_labels"))
      r.failures.push_back({f.at("frame"), f.at("reason")});
    r.trainingFrames = j.at("training_frames");
    r.droppedFrames = j.at("dropped_frames");
    for (const json& m : j.at("models")) r.models.push_back(trainFromJson(m));
    r.test.passed = j.at("test").at("passed");
    r.test.message = j.at("test").at("message");
  } catch (const json::exception& e) {
    throw InputError(source + ": not a generation record of sei reactor (" + e.what() + ")");
  }
  return r;
}

std::string recordMarkdown(const GenerationRecord& r) {
  std::string md = "# Generation " + std::to_string(r.generation) + "\n\n";
  md += "Sampled with: " + (r.model.empty() ? std::string("no model yet") : r.model) + "\n\n";
  md += "| candidates | selected | labelled | failed labels | training frames |\n";
  md += "|---|---|---|---|---|\n";
  md += "| " + std::to_string(r.candidates) + " | " + std::to_string(r.selected) + " | " +
        std::to_string(r.labelled) + " | " + std::to_string(r.failures.size()) + " | " +
        std::to_string(r.trainingFrames) + " |\n\n";
  if (!r.failures.empty()) {
    md += "Failed labels (left out of every training set):\n\n";
    for (const label::LabelFailure& f : r.failures) md += "- " + f.folder + ": " + f.reason + "\n";
    md += "\n";
  }
  if (r.droppedFrames)
    md +=
        std::to_string(r.droppedFrames) + " labelled frames without energy or forces dropped.\n\n";
  if (!r.models.empty()) {
    md +=
        "| model | E train (eV/atom) | F train (eV/Å) | V train (eV/atom) | E test | F test | "
        "V test |\n|---|---|---|---|---|---|---|\n";
    for (std::size_t k = 0; k < r.models.size(); ++k) {
      const TrainResult& t = r.models[k];
      md += "| " + (k == 0 ? std::string("train/nep.txt") : "train/member-" + std::to_string(k));
      for (double x :
           {t.energyTrain, t.forceTrain, t.virialTrain, t.energyTest, t.forceTest, t.virialTest})
        md += " | " + format("%.5f", x);
      md += " |\n";
    }
    md +=
        "\nParity: train/energy_train.out, train/force_train.out, train/virial_train.out "
        "(GPUMD's files) and train/parity-*.svg.\n\n";
  }
  if (r.finished("test"))
    md += std::string("Test: **") + (r.test.passed ? "passed" : "failed") + "** — " +
          r.test.message + "\n\n";
  md += "| stage | seconds |\n|---|---|\n";
  for (const auto& [stage, s] : r.seconds) md += "| " + stage + " | " + format("%.1f", s) + " |\n";
  return md;
}

}  // namespace sei::reactor
