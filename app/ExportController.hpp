#pragma once

#include <QObject>
#include <QSize>
#include <QStringList>
#include <optional>

#include "MovieRecorder.hpp"
#include "StudioPanels.hpp"
#include "TrajectoryMovie.hpp"
#include "formats/StructureFile.hpp"

class QAction;
class QMainWindow;

namespace sei::studio {

class ProjectDocument;
class RunCoordinator;
class StatusReporter;

/// What the studio writes for use elsewhere: images of the view, movies of a trajectory or of
/// the run as it goes, the shown frame as a structure file (engine/formats), and the open
/// project as a run folder GPUMD runs as it is (project/GpumdExport). Its actions say why they
/// are disabled.
class ExportController : public QObject {
  Q_OBJECT
 public:
  ExportController(const StudioPanels& panels, ProjectDocument& document, RunCoordinator& runs,
                   StatusReporter& status, QMainWindow& window);

  /// Starts an MP4 of a recorded trajectory as the view shows it; false with lastError().
  bool startTrajectoryMovie(const QString& trajectory, const QString& output,
                            const TrajectoryMovieSettings& settings);
  TrajectoryMovie& trajectoryMovie() { return trajectoryMovie_; }
  /// Records every frame the view shows during runs into an MP4 until stopRecording().
  bool startRecording(const QString& output, const render::MovieOptions& options);
  void stopRecording();
  MovieRecorder& liveRecorder() { return liveRecorder_; }

  /// Writes the frame the view shows to `path` as `format` (default: the one the name says) by
  /// writeStructureFile, atomically; nothing is written on an error (a dialog unless `quiet`,
  /// and the status's lastError()).
  bool exportStructure(const QString& path, std::optional<StructureFormat> format = std::nullopt,
                       bool quiet = false);
  /// Writes the open project as a GPUMD run folder (exportGpumdFolder) into `folder`, which must
  /// be empty or not exist yet. The exporter's warnings are shown (a dialog unless `quiet`) and
  /// kept in lastWarnings().
  bool exportRunFolder(const QString& folder, bool quiet = false);
  const QStringList& lastWarnings() const { return lastWarnings_; }
  /// What File ▸ Export image… starts from: 1920 × 1080 px on white (figures go on white pages),
  /// with the colour bar.
  static render::FigureOptions figureDefaults();
  /// Writes the view as a PNG figure (FigureExporter); false with the status's lastError().
  bool exportFigure(const QString& path, const render::FigureOptions& options, bool quiet = false);
  /// Why the shown frame cannot be exported ("" if it can).
  QString structureExportBlocker() const;
  /// Why the project cannot be exported as a GPUMD run folder ("" if it can).
  QString runFolderExportBlocker() const;

  QAction* imageAction() const { return imageAction_; }
  QAction* trajectoryMovieAction() const { return trajectoryMovieAction_; }
  QAction* recordAction() const { return recordAction_; }
  QAction* structureAction() const { return structureAction_; }
  QAction* runFolderAction() const { return runFolderAction_; }

 private:
  void createActions(QMainWindow& window);
  void updateActions();
  void exportImage();
  void exportTrajectoryMovieDialog();
  void toggleRecording(bool on);
  /// Adds the frame the view shows to the live movie, if one is recorded.
  void recordFrame();
  void chooseStructureFile();
  void chooseRunFolder();

  StudioPanels panels_;
  ProjectDocument& document_;
  StatusReporter& status_;
  TrajectoryMovie trajectoryMovie_;
  MovieRecorder liveRecorder_;
  QSize liveMovieSize_;
  QStringList lastWarnings_;

  QAction* imageAction_ = nullptr;
  QAction* trajectoryMovieAction_ = nullptr;
  QAction* recordAction_ = nullptr;
  QAction* structureAction_ = nullptr;
  QAction* runFolderAction_ = nullptr;
};

}  // namespace sei::studio
