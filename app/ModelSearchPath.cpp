#include "ModelSearchPath.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <algorithm>

#include "core/Paths.hpp"

namespace sei::studio {

namespace {
// Where earlier versions kept the list; moved to the engine's file on first read.
const char* const kOldKey = "models/searchPath";
}

QStringList ModelSearchPath::userDirectories() {
  const QString file = QString::fromStdString(userModelFoldersFile());
  QSettings settings;
  if (!QFileInfo::exists(file) && settings.contains(kOldKey)) {
    const QStringList old = settings.value(kOldKey).toStringList();
    if (setUserDirectories(old)) settings.remove(kOldKey);
    return old;
  }
  QStringList list;
  for (const std::string& d : userModelFolders()) list << QString::fromStdString(d);
  return list;
}

bool ModelSearchPath::setUserDirectories(const QStringList& directories) {
  const QString file = QString::fromStdString(userModelFoldersFile());
  QDir().mkpath(QFileInfo(file).absolutePath());
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  for (const QString& d : directories) out.write((d + "\n").toUtf8());
  return out.commit();
}

QStringList ModelSearchPath::defaultDirectories() {
  // The engine's path after the user's folders ($SEI_MODEL_PATH, the shared models of the
  // build), then build/bin/sei-studio → <checkout>/../shared/models for a moved build folder.
  QStringList candidates;
  const std::vector<std::string> user = userModelFolders();
  for (const std::string& d : modelSearchPath())
    if (std::find(user.begin(), user.end(), d) == user.end())
      candidates << QString::fromStdString(d);
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
