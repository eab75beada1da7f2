// The main window's wiring of the 3D view's analysis-driven features: species and bonds from the
// analysis worker, their View panel controls and slab clipping.
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
}

}  // namespace sei::studio
