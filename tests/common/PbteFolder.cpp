#include "PbteFolder.hpp"

#include <QDir>
#include <QFile>
#include <stdexcept>

#include "RandomModel.hpp"
#include "TestSupport.hpp"

namespace sei::test {

std::string pbteFrames(int first, int count) {
  const QString path = sharedDir() + "/training/PbTe/train.xyz";
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("missing " + path.toStdString());
  const QList<QByteArray> lines = f.readAll().split('\n');
  std::string out;
  int line = 0;
  for (int k = 0; k < first + count; ++k) {
    const int n = lines[line].trimmed().toInt();
    if (k >= first)
      for (int j = 0; j < n + 2; ++j) out += lines[line + j].toStdString() + "\n";
    line += n + 2;
  }
  return out;
}

void makePbteFolder(const QString& dir, const std::string& nepIn, int trainCount, int testCount) {
  writeTextFile(QDir(dir).filePath("nep.in").toStdString(), nepIn);
  writeTextFile(QDir(dir).filePath("train.xyz").toStdString(), pbteFrames(0, trainCount));
  if (testCount > 0)
    writeTextFile(QDir(dir).filePath("test.xyz").toStdString(), pbteFrames(trainCount, testCount));
}

}  // namespace sei::test
