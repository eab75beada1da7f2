// The main window's wiring of the 3D view's features: species and bonds from the analysis worker,
// their View panel controls and slab clipping, colour modes, maps and ranges, projection and zoom
// to fit.
#include <QAction>
#include <QMenu>
#include <QSignalBlocker>

#include "AtomInfoPanel.hpp"
#include "MainWindow.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"

namespace sei::studio {

void MainWindow::connectViewFeatures() {
  connect(&runs_.analysis(), &AnalysisWorker::speciesUpdated, this,
          [this](std::shared_ptr<const analysis::SpeciesFrame> species,
                 std::shared_ptr<const std::vector<std::string>> symbols) {
            scene_.setSpecies(std::move(species), std::move(symbols));
            viewPanel_->syncFrom(scene_);
            if (atomInfo_->atom() >= 0)
              atomInfo_->showAtom(scene_.frame(), scene_.species(), atomInfo_->atom());
            view_->update();
          });
  connect(viewPanel_, &ViewPanel::bondsToggled, this, [this](bool on) {
    scene_.setBondsVisible(on);
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::speciesVisibilityChanged, this,
          [this](const QString& species, bool on) {
            scene_.setSpeciesVisible(species.toStdString(), on);
            view_->update();
          });
  connect(viewPanel_, &ViewPanel::slabClipChanged, this, [this](const render::SlabClip& clip) {
    scene_.setSlabClip(clip);
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::colorModeChanged, this, [this](render::ColorMode m) {
    scene_.setColorMode(m);
    viewPanel_->syncFrom(scene_);  // the mode's map and range
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::colorMapChanged, this, [this](render::ColorMap m) {
    scene_.setColorMap(m);
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::colorRangeChanged, this,
          [this](bool fixed, double low, double high) {
            scene_.setFixedRange(fixed ? std::optional(std::array<double, 2>{low, high})
                                       : std::nullopt);
            viewPanel_->syncFrom(scene_);
            view_->update();
          });
  connect(viewPanel_, &ViewPanel::projectionChanged, this, &MainWindow::setParallelProjection);
  connect(viewPanel_, &ViewPanel::zoomToFitRequested, this, [this] {
    scene_.zoomToFit();
    view_->update();
  });
}

void MainWindow::addProjectionActions(QMenu* view) {
  orthographic_ = view->addAction(tr("Ort&hographic projection"));
  orthographic_->setObjectName("orthographicProjection");
  orthographic_->setCheckable(true);
  orthographic_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
  connect(orthographic_, &QAction::toggled, this, &MainWindow::setParallelProjection);
  QAction* fit = view->addAction(tr("&Zoom to fit"), this, [this] {
    scene_.zoomToFit();
    view_->update();
  });
  fit->setObjectName("zoomToFit");
  fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  fit->setStatusTip(tr("Fit the cell and all shown atoms into the view"));
}

void MainWindow::setParallelProjection(bool parallel) {
  scene_.setParallelProjection(parallel);
  const QSignalBlocker block(orthographic_);
  orthographic_->setChecked(parallel);
  viewPanel_->syncFrom(scene_);
  view_->update();
}

}  // namespace sei::studio
