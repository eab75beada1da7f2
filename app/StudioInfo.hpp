#pragma once

#include <QString>

namespace sei::studio {

/// What the studio says about itself: `sei-studio --version` and Help ▸ About.
class StudioInfo {
 public:
  /// The release ("0.1.0"), from the CMake project version.
  static QString version();
  /// One line per force backend compiled into this build, with whether it can run here and why
  /// not (the md BackendRegistry's answer): "cpu: usable", "cuda: not usable here: no device".
  static QStringList backends();
  /// How to cite the studio and the methods it runs (plain text, one reference a line).
  static QString citation();
  /// The About box's text (rich text): version, backends, libraries, licence, citation.
  static QString aboutHtml();
};

}  // namespace sei::studio
