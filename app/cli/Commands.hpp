#pragma once

#include <string>
#include <vector>

namespace sei::cli {

/// Each sub-command returns the process exit status: 0 success, 2 bad input.
int runEval(const std::vector<std::string>& args);
int runBench(const std::vector<std::string>& args);
int runRun(const std::vector<std::string>& args);
int runBuild(const std::vector<std::string>& args);
int runAnalyze(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runConvert(const std::vector<std::string>& args);
int runExport(const std::vector<std::string>& args);
int runDataset(const std::vector<std::string>& args);
int runLabel(const std::vector<std::string>& args);
int runReactor(const std::vector<std::string>& args);
/// Reactor sampling and selection (issue 19): candidate frames from hot small cells, and the
/// ones the model does not know.
int runSample(const std::vector<std::string>& args);
int runSelect(const std::vector<std::string>& args);
/// `sei bench --train DIR`: structure evaluations per second of the trainer on DIR's
/// training set (one SNES generation's work), generation and epoch time, peak memory.
int runTrainBench(const std::string& dir, const std::vector<int>& threads, double minSeconds);

}  // namespace sei::cli
