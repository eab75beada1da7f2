#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <cstdint>
#include <memory>
#include <vector>

#include "BackgroundJob.hpp"
#include "TimelineBar.hpp"
#include "md/Snapshot.hpp"

namespace sei::studio {

/// The frames of a recorded trajectory (a run folder's dump.xyz or movie.nc, or an opened
/// trajectory file; extended XYZ or AMBER NetCDF, whose symbols come from model.xyz beside it) as the timeline needs them: an index of every frame's step and time, kept
/// up to date while a run still writes the file, and any frame read back on request. Indexing
/// and reading run on a background job (widgets/BackgroundJob): a newer read replaces one still
/// waiting, so scrubbing never queues up reads and never blocks the GUI.
class RecordedFrames : public QObject {
  Q_OBJECT
 public:
  explicit RecordedFrames(QObject* parent = nullptr);
  ~RecordedFrames() override;

  /// Indexes `trajectory` from its beginning, instead of any file indexed so far. Frames without
  /// step= are numbered by the run blocks of `runIn` ("" if none). With `growing`, the file is
  /// read again every half second for the frames a run appends (and started over when a run
  /// replaces it).
  void open(const QString& trajectory, const QString& runIn, bool growing);
  void close();
  const QString& path() const { return path_; }
  /// The frames indexed so far (GUI thread).
  const std::vector<TimelineBar::Mark>& marks() const { return marks_; }
  /// The indexed frame nearest in time to `time` (fs); -1 when none is indexed.
  int nearest(double time) const;
  /// Reads frame `index` and sends it by frameLoaded (a newer request replaces this one if it
  /// has not started yet).
  void request(int index);
  /// Reads what is new now, without waiting for the timer.
  void pollNow();
  /// Reads dropped unrun because a newer one replaced them (scrubbing faster than reading).
  long readsSkipped() const { return job_.superseded(); }

 signals:
  /// Frames were indexed: marks() now holds `count` of them (first new one at `first`).
  void framesAdded(int first, int count);
  /// The file was cut back or replaced (a run started over): the frames indexed so far are gone.
  void cleared();
  void frameLoaded(int index, std::shared_ptr<const sei::Snapshot> frame);
  void failed(const QString& message);

 private:
  struct State;
  void schedulePoll();

  std::shared_ptr<State> state_;
  QString path_;
  std::vector<TimelineBar::Mark> marks_;
  QString lastFailure_;  ///< the last failure reported (repeats are not)
  /// Counts open() and close() calls: what was read for an earlier file is dropped.
  std::uint64_t generation_ = 0;
  QTimer timer_;
  BackgroundJob job_{"recorded frames"};  ///< last: its destructor waits for the read under way
};

}  // namespace sei::studio
