#include "ModelSearchPath.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include "core/Paths.hpp"

namespace sei::studio {

namespace {
const char* const kKey = "models/searchPath";
}

QStringList ModelSearchPath::userDirectories() { return QSettings().value(kKey).toStringList(); }

void ModelSearchPath::setUserDirectories(const QStringList& directories) {
  QSettings().setValue(kKey, directories);
}

QStringList ModelSearchPath::defaultDirectories() {
  // The engine's path ($SEI_MODEL_PATH, the shared models of the build), then
  // build/bin/sei-studio → <checkout>/../shared/models for a moved build folder.
  QStringList candidates;
  for (const std::string& d : modelSearchPath()) candidates << QString::fromStdString(d);
  candidates << QCoreApplication::applicationDirPath() + "/../../../shared/models";
  QStringList found;
  for (const QString& c : candidates) {
    const QString clean = QFileInfo(c).canonicalFilePath();
    if (!clean.isEmpty() && QFileInfo(clean).isDir() && !found.contains(clean)) found << clean;
  }
  return found;
}

QStringList ModelSearchPath::directories() {
  QStringList all = userDirectories();
  for (const QString& d : defaultDirectories())
    if (!all.contains(d)) all << d;
  return all;
}

QString ModelSearchPath::find(const QString& fileName) {
  for (const QString& d : directories()) {
    const QFileInfo f(QDir(d).filePath(fileName));
    if (f.isFile()) return f.canonicalFilePath();
  }
  return {};
}

QString ModelSearchPath::findBeside(const QString& folder, const QString& fileName) {
  for (const QString& d : directories()) {
    const QFileInfo f(QDir(d).filePath("../" + folder + "/" + fileName));
    if (f.isFile()) return f.canonicalFilePath();
  }
  return {};
}

}  // namespace sei::studio
