#pragma once

#include <QDateTime>
#include <QString>
#include <string>
#include <vector>

namespace sei::studio {

/// Autosaved copies of projects with unsaved changes. The copy goes beside the project as
/// `.NAME.json.recovery` (for a shipped example, or a folder that cannot be written, into the
/// studio's data folder), never over the project itself, and is registered in QSettings so that
/// the next start after a crash offers it. A clean close (saved or discarded) removes it.
class ProjectRecovery {
 public:
  struct Entry {
    QString recovery;  ///< the autosaved copy
    QString project;   ///< the project it belongs to
    QDateTime written;
  };

  /// Where the copy of the project at `projectPath` goes (`inDataFolder`: not beside it).
  static QString pathFor(const QString& projectPath, bool inDataFolder);
  /// Writes `json` atomically at pathFor(projectPath, ...), beside the project when
  /// `besideProject` and its folder takes it, else in the data folder; registers it and returns
  /// the path written. Throws InputError when neither can be written.
  static QString write(const QString& projectPath, bool besideProject, const std::string& json);
  /// Removes an autosaved copy and its registration.
  static void discard(const QString& recovery);
  /// Registered copies that still exist, newest first (stale registrations are dropped).
  static std::vector<Entry> pending();
};

}  // namespace sei::studio
