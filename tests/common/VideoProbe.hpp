#pragma once

#include <QMap>
#include <QString>

namespace sei::test {

/// ffprobe's view of the first video stream of a movie after decoding every frame: codec_name,
/// width, height, pix_fmt, nb_read_frames. Empty if ffprobe cannot read it.
QMap<QString, QString> probeVideo(const QString& path);

}  // namespace sei::test
