#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <string>
#include <vector>

namespace sei::test {

/// Folder of golden cases (SEI_GOLDEN_DIR at configure time, overridable by the environment
/// variable of the same name); empty if it does not exist.
QString goldenDir();
/// Case folders below goldenDir() that hold at least nep.txt and model.xyz, sorted.
QStringList goldenCases();
/// Folder with shared models/ and structures/ (SEI_SHARED_DIR), empty if absent.
QString sharedDir();
/// The path of ../shared/NAME (e.g. "models/nep_water.txt"); throws std::runtime_error, which
/// fails the test function, when the shared data or the file is missing (tests never skip).
std::string sharedFile(const QString& name);
/// sharedFile as a QString, for the studio's file-opening calls.
QString sharedPath(const QString& name);
/// Directory holding the project's executables (build/bin).
QString binDir();

/// Exit status (−1: crashed or timed out) and output of a finished `sei` run.
struct SeiRun {
  int status = -1;
  QString out, err;
};
/// Runs build/bin/sei with the arguments and waits for it (up to timeoutMs).
SeiRun runSei(const QStringList& args, int timeoutMs = 120000);

/// A temporary folder (removed with the object) for the input files a test writes.
class ScratchFolder {
 public:
  /// Writes `text` to the file `name` in the folder and returns its path.
  std::string write(const QString& name, const std::string& text);
  std::string path(const QString& name) const { return dir_.filePath(name).toStdString(); }

 private:
  QTemporaryDir dir_;
};

/// Reads a whitespace-separated table of numbers (one row per line). Throws on a bad token.
std::vector<std::vector<double>> readTable(const std::string& path);

/// Marker that tells ctest a whole suite was skipped (see tests/CMakeLists.txt).
void announceSuiteSkipped(const QString& reason);

/// False when a usable CUDA device exists (its name is logged); else announces the GPU suite as
/// skipped, with the reason, and returns true so the suite can QSKIP.
bool announceMissingCudaDevice();

}  // namespace sei::test
