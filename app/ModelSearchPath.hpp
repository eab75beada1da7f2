#pragma once

#include <QString>
#include <QStringList>

namespace sei::studio {

/// Folders where the studio looks for model files by name (the demo, projects that name a
/// model): the engine's search path (core/Paths modelSearchPath: the user's folders from the
/// Preferences, kept in a file `sei` reads too, then $SEI_MODEL_PATH and `../shared/models`
/// beside the checkout), then `../shared/models` found from the executable's folder.
class ModelSearchPath {
 public:
  static QStringList userDirectories();
  /// Writes the list atomically; false if the file could not be written.
  static bool setUserDirectories(const QStringList& directories);
  /// The built-in folders that exist, without duplicates.
  static QStringList defaultDirectories();
  /// User folders first, then the defaults.
  static QStringList directories();
  /// Full path of the first file of this name on the path; empty if none.
  static QString find(const QString& fileName);
  /// A sibling folder of a model folder (`../shared/structures` beside `../shared/models`) that
  /// holds `fileName`; empty if none.
  static QString findBeside(const QString& folder, const QString& fileName);
};

}  // namespace sei::studio
