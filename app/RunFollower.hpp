#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "BackgroundJob.hpp"
#include "PlotData.hpp"
#include "md/Snapshot.hpp"

namespace sei::studio {

/// Follows a run folder while a run writes into it (the studio's own run, or a headless `sei run`
/// here or on a cluster file system mounted here) or after it finished: the frames of dump.xyz
/// (or of movie.nc, for a run that records only NetCDF) and the lines of thermo.out as they are
/// completed, read on a background job
/// (widgets/BackgroundJob), polled every half second. A cut-back or replaced file (a resumed or
/// restarted run) starts the series over. (RecordedFrames reads any one frame again.)
class RunFollower : public QObject {
  Q_OBJECT
 public:
  explicit RunFollower(QObject* parent = nullptr);
  ~RunFollower() override;

  /// Follows `folder` from its beginning, instead of any folder followed so far. With
  /// `deliverFrames` every frame is read and sent by framesRead (reopening a project, following
  /// a headless job); without, the trajectory is not read at all (the studio's own run, whose
  /// frames the view and the plots already have and the timeline indexes). thermo.out's lines
  /// are read either way.
  void follow(const QString& folder, bool deliverFrames);
  void stop();
  const QString& folder() const { return folder_; }
  /// Asked before frames are read: false holds them back (the analysis has enough queued). Called
  /// in the follower's job thread.
  void setReadyForFrames(std::function<bool()> ready);
  /// Reads what is new now, without waiting for the timer; returns the read's number, which
  /// caughtUp() names (0: no folder is followed).
  std::uint64_t pollNow();
  /// Frames indexed so far (any thread); 0 when frames are not delivered.
  std::size_t framesIndexed() const;

 signals:
  void framesRead(std::vector<std::shared_ptr<const sei::Snapshot>> frames);
  void thermoRead(std::vector<sei::studio::ThermoSample> samples);
  /// The run's files were cut back or replaced: the frames and thermo lines sent so far are gone.
  void restarted();
  /// A read reached the end of thermo.out: every line written before it was sent (frames may
  /// still wait for the analysis).
  void caughtUp(std::uint64_t poll);
  void failed(const QString& message);

 private:
  struct State;
  /// Queues a poll of the files (a newer one replaces a poll still waiting).
  void schedulePoll();
  /// Job thread: reads what is new; returns what to emit (nothing once the follower has moved on
  /// from `generation`).
  std::function<void()> poll(std::uint64_t generation, std::uint64_t number);

  std::shared_ptr<State> state_;
  QString folder_;
  /// Counts follow() and stop() calls (GUI thread): what was read for an earlier folder, or an
  /// earlier run in the same folder, is dropped rather than mixed into the plots.
  std::uint64_t generation_ = 0;
  std::uint64_t polls_ = 0;  ///< reads asked for (GUI thread)
  QTimer timer_;
  BackgroundJob job_{"run follower"};  ///< last: its destructor waits for the read under way
};

}  // namespace sei::studio

Q_DECLARE_METATYPE(std::vector<std::shared_ptr<const sei::Snapshot>>)
Q_DECLARE_METATYPE(std::vector<sei::studio::ThermoSample>)
