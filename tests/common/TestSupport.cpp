#include "TestSupport.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "RandomModel.hpp"
#include "md/BackendRegistry.hpp"

namespace sei::test {

namespace {
QString existingDir(const char* envName, const char* configured) {
  const QByteArray env = qgetenv(envName);
  const QString path = env.isEmpty() ? QString::fromUtf8(configured) : QString::fromUtf8(env);
  return QFileInfo(path).isDir() ? QDir(path).absolutePath() : QString();
}
}  // namespace

QString goldenDir() { return existingDir("SEI_GOLDEN_DIR", SEI_GOLDEN_DIR); }

QString sharedDir() { return existingDir("SEI_SHARED_DIR", SEI_SHARED_DIR); }

std::string sharedFile(const QString& name) {
  const QString dir = sharedDir();
  if (dir.isEmpty()) throw std::runtime_error("../shared is missing (SEI_SHARED_DIR)");
  const QString path = QDir(dir).filePath(name);
  if (!QFile::exists(path)) throw std::runtime_error(path.toStdString() + " is missing");
  return path.toStdString();
}

QString sharedPath(const QString& name) { return QString::fromStdString(sharedFile(name)); }

QString binDir() { return QString::fromUtf8(SEI_BIN_DIR); }

SeiRun runSei(const QStringList& args, int timeoutMs) {
  QProcess p;
  p.start(QDir(binDir()).filePath("sei"), args);
  if (!p.waitForFinished(timeoutMs)) return {-1, {}, "timed out"};
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
          QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

QStringList goldenCases() {
  QStringList cases;
  const QString root = goldenDir();
  if (root.isEmpty()) return cases;
  const QDir dir(root);
  for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const QDir caseDir(dir.filePath(name));
    if (caseDir.exists("nep.txt") && caseDir.exists("model.xyz")) cases << caseDir.absolutePath();
  }
  return cases;
}

std::vector<std::vector<double>> readTable(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::vector<double> row;
    std::string token;
    while (ls >> token) {
      std::size_t used = 0;
      row.push_back(std::stod(token, &used));
      if (used != token.size()) throw std::runtime_error(path + ": bad number " + token);
    }
    if (!row.empty()) rows.push_back(std::move(row));
  }
  return rows;
}

std::string ScratchFolder::write(const QString& name, const std::string& text) {
  const std::string file = path(name);
  writeTextFile(file, text);
  return file;
}

void announceSuiteSkipped(const QString& reason) {
  std::printf("SEI_SUITE_SKIPPED: %s\n", qPrintable(reason));
  std::fflush(stdout);
}

bool announceMissingCudaDevice() {
  std::string why;
  if (!backendUsable("cuda", why)) {
    announceSuiteSkipped(QString::fromStdString("no CUDA device: " + why));
    return true;
  }
  qInfo("device: %s", why.c_str());
  return false;
}

}  // namespace sei::test
