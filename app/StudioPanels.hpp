#pragma once

#include "AtomScene.hpp"

namespace sei::render {
class VtkView;
}

namespace sei::studio {

class AtomInfoPanel;
class BuilderPanel;
class LogPanel;
class ModelPanel;
class PlotPanel;
class ReactionTimeline;
class RunPanel;
class TimelineBar;
class TrainPanel;
class ViewPanel;

/// The main window's scene, 3D view and panels, as the run coordinator, project document and
/// export controller reach them. The window owns them all.
struct StudioPanels {
  render::AtomScene* scene = nullptr;
  render::VtkView* view = nullptr;
  ModelPanel* model = nullptr;
  RunPanel* run = nullptr;
  ViewPanel* viewSettings = nullptr;
  AtomInfoPanel* atomInfo = nullptr;
  BuilderPanel* builder = nullptr;
  PlotPanel* plots = nullptr;
  ReactionTimeline* reactions = nullptr;
  LogPanel* log = nullptr;
  TimelineBar* timeline = nullptr;
};

}  // namespace sei::studio
