#include "VideoProbe.hpp"

#include <QProcess>

namespace sei::test {

QMap<QString, QString> probeVideo(const QString& path) {
  QProcess p;
  p.start("ffprobe", {"-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
                      "stream=codec_name,width,height,nb_read_frames,pix_fmt", "-of",
                      "default=noprint_wrappers=1", path});
  p.waitForFinished(60000);
  QMap<QString, QString> out;
  for (const QString& line : QString::fromUtf8(p.readAllStandardOutput()).split('\n')) {
    const int eq = line.indexOf('=');
    if (eq > 0) out[line.left(eq)] = line.mid(eq + 1).trimmed();
  }
  return out;
}

}  // namespace sei::test
