// H.264 MP4 movies: what ffprobe decodes (codec, size, frame count), odd sizes, an unfinished
// movie leaves no file, bad output paths, and the threaded recorder with progress and cancel.
#include <QPainter>
#include <QtTest>

#include "MovieEncoder.hpp"
#include "MovieRecorder.hpp"
#include "VideoProbe.hpp"

using namespace sei;
using namespace sei::render;

namespace {

/// A frame with a square moving across, so consecutive frames differ.
QImage frame(QSize size, int k) {
  QImage image(size, QImage::Format_RGB32);
  image.fill(QColor(20, 30, 40));
  QPainter painter(&image);
  painter.fillRect(QRect(10 + 7 * k, size.height() / 3, size.height() / 3, size.height() / 3),
                   QColor(200, 40, 40));
  return image;
}

}  // namespace

class TestMovieEncoder : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void encodesFramesThatFfprobeDecodes() {
    const QString path = dir_.filePath("square.mp4");
    MovieOptions options;
    options.size = QSize(320, 240);
    options.framesPerSecond = 25;
    MovieEncoder movie(path, options);
    for (int k = 0; k < 30; ++k) movie.addFrame(frame(options.size, k));
    QVERIFY(!QFile::exists(path));  // still NAME.part
    movie.finish();
    QCOMPARE(movie.framesWritten(), 30);
    const auto info = test::probeVideo(path);
    QCOMPARE(info.value("codec_name"), QString("h264"));
    QCOMPARE(info.value("width"), QString("320"));
    QCOMPARE(info.value("height"), QString("240"));
    QCOMPARE(info.value("pix_fmt"), QString("yuv420p"));
    QCOMPARE(info.value("nb_read_frames"), QString("30"));
    QVERIFY(!QFile::exists(path + ".part"));
  }

  void oddSizesRoundDownAndFramesAreScaled() {
    const QString path = dir_.filePath("odd.mp4");
    MovieOptions options;
    options.size = QSize(161, 121);
    MovieEncoder movie(path, options);
    QCOMPARE(movie.size(), QSize(160, 120));
    movie.addFrame(frame(QSize(400, 300), 0));  // another size: scaled
    movie.addFrame(frame(QSize(160, 120), 1));
    movie.finish();
    const auto info = test::probeVideo(path);
    QCOMPARE(info.value("width"), QString("160"));
    QCOMPARE(info.value("nb_read_frames"), QString("2"));
  }

  void unfinishedMovieLeavesNothing() {
    const QString path = dir_.filePath("dropped.mp4");
    {
      MovieEncoder movie(path, MovieOptions{QSize(64, 64), 10, 20});
      movie.addFrame(frame(QSize(64, 64), 0));
    }
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + ".part"));
  }

  void badOutputsAreRefused() {
    try {
      MovieEncoder movie(dir_.filePath("no/such/folder/x.mp4"), MovieOptions{});
      QFAIL("no error for a missing folder");
    } catch (const std::exception& e) {
      QVERIFY2(QString(e.what()).contains("no/such/folder/x.mp4"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::exception,
                             MovieEncoder(dir_.filePath("tiny.mp4"), MovieOptions{QSize(8, 8)}));
  }

  void recorderEncodesInItsThreadWithProgress() {
    studio::MovieRecorder recorder;
    QSignalSpy finished(&recorder, &studio::MovieRecorder::finished);
    QSignalSpy progress(&recorder, &studio::MovieRecorder::progressed);
    const QString path = dir_.filePath("recorded.mp4");
    recorder.start(path, MovieOptions{QSize(320, 240), 30, 23}, 12);
    int pushed = 0;
    while (pushed < 12) {
      if (recorder.push(frame(QSize(320, 240), pushed)))
        ++pushed;
      else
        QTest::qWait(5);  // queue full: the encoder is behind
    }
    recorder.finish();
    QVERIFY(finished.wait(60000));
    QCOMPARE(recorder.framesEncoded(), 12);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toInt(), 12);
    QCOMPARE(test::probeVideo(path).value("nb_read_frames"), QString("12"));
  }

  void recorderCancelDeletesThePartialMovie() {
    studio::MovieRecorder recorder;
    QSignalSpy cancelled(&recorder, &studio::MovieRecorder::cancelled);
    const QString path = dir_.filePath("cancelled.mp4");
    recorder.start(path, MovieOptions{QSize(320, 240), 30, 23}, 0);
    QVERIFY(recorder.push(frame(QSize(320, 240), 0)));
    recorder.cancel();
    QVERIFY(cancelled.wait(30000));
    QVERIFY(!recorder.recording());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + ".part"));
  }
};

QTEST_GUILESS_MAIN(TestMovieEncoder)
#include "TestMovieEncoder.moc"
