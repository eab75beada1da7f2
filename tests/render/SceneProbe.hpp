#pragma once

// Where the 3D scene draws a point, for tests that check pixels at atoms.
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <Eigen/Dense>
#include <QPointF>
#include <QSize>

#include "AtomScene.hpp"

namespace sei::test {

/// Display position (VTK pixels from the lower left) of a point in `renderer`, which must be in
/// a render window of its size.
inline Eigen::Vector2d displayOf(vtkRenderer* renderer, const Eigen::Vector3d& p) {
  renderer->SetWorldPoint(p.x(), p.y(), p.z(), 1.0);
  renderer->WorldToDisplay();
  double d[3];
  renderer->GetDisplayPoint(d);
  return {d[0], d[1]};
}

/// Image pixel (x right, y down) of a point in a picture of `size` with the scene's live camera
/// (a figure, or the live renderer in an offscreen window of that size).
inline QPointF imagePixelOf(render::AtomScene& scene, const Eigen::Vector3d& p, QSize size) {
  auto window = vtkSmartPointer<vtkRenderWindow>::New();
  window->SetOffScreenRendering(1);
  window->SetSize(size.width(), size.height());
  window->AddRenderer(scene.renderer());
  window->Render();
  const Eigen::Vector2d d = displayOf(scene.renderer(), p);
  window->RemoveRenderer(scene.renderer());
  return {d.x(), size.height() - 1 - d.y()};
}

}  // namespace sei::test
