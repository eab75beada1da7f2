#include "ProjectRecovery.hpp"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>

#include "io/AtomicFile.hpp"

namespace sei::studio {
namespace {

const char* const kKey = "recovery/files";  ///< map: autosaved copy → its project

QString dataFolder() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/recovery";
}

void registerCopy(const QString& recovery, const QString& project) {
  QSettings settings;
  QVariantMap files = settings.value(kKey).toMap();
  files.insert(recovery, project);
  settings.setValue(kKey, files);
}

}  // namespace

QString ProjectRecovery::pathFor(const QString& projectPath, bool inDataFolder) {
  const QFileInfo project(projectPath);
  const QString name = "." + project.fileName() + ".recovery";
  if (!inDataFolder) return project.absoluteDir().filePath(name);
  // Two examples of one name in different folders must not share a copy.
  const QString tag = QString::number(qHash(project.absoluteFilePath()), 16);
  return dataFolder() + "/" + tag + name;
}

QString ProjectRecovery::write(const QString& projectPath, bool besideProject,
                               const std::string& json) {
  QString path = pathFor(projectPath, !besideProject);
  if (besideProject) {
    try {
      writeFileAtomically(path.toStdString(), json);
      registerCopy(path, QFileInfo(projectPath).absoluteFilePath());
      return path;
    } catch (const std::exception&) {
      path = pathFor(projectPath, true);  // a read-only folder: the data folder takes it
    }
  }
  QDir().mkpath(dataFolder());
  writeFileAtomically(path.toStdString(), json);
  registerCopy(path, QFileInfo(projectPath).absoluteFilePath());
  return path;
}

void ProjectRecovery::discard(const QString& recovery) {
  if (recovery.isEmpty()) return;
  QFile::remove(recovery);
  QSettings settings;
  QVariantMap files = settings.value(kKey).toMap();
  if (files.remove(recovery) > 0) settings.setValue(kKey, files);
}

std::vector<ProjectRecovery::Entry> ProjectRecovery::pending() {
  QSettings settings;
  QVariantMap files = settings.value(kKey).toMap();
  std::vector<Entry> out;
  for (auto it = files.begin(); it != files.end();) {
    const QFileInfo copy(it.key());
    if (!copy.isFile()) {
      it = files.erase(it);
      continue;
    }
    out.push_back({it.key(), it.value().toString(), copy.lastModified()});
    ++it;
  }
  settings.setValue(kKey, files);
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.written > b.written; });
  return out;
}

}  // namespace sei::studio
