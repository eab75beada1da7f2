#include "SceneCamera.hpp"

#include <vtkCamera.h>
#include <vtkRenderWindow.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sei::render {

void fitCamera(vtkRenderer* renderer, const std::vector<FitSphere>& spheres, double margin) {
  if (spheres.empty()) return;
  vtkCamera* camera = renderer->GetActiveCamera();
  double buffer[3];
  camera->GetDirectionOfProjection(buffer);
  const Eigen::Vector3d forward = Eigen::Vector3d(buffer[0], buffer[1], buffer[2]).normalized();
  camera->GetViewUp(buffer);
  Eigen::Vector3d up(buffer[0], buffer[1], buffer[2]);
  up = (up - up.dot(forward) * forward).normalized();
  const Eigen::Vector3d right = forward.cross(up);
  const int* size = renderer->GetSize();
  const double aspect =
      renderer->GetRenderWindow() && size[1] > 0 ? double(size[0]) / double(size[1]) : 1.0;

  // Extents across (right, up) and along the view.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double lowA = kInf, highA = -kInf, lowB = kInf, highB = -kInf, lowC = kInf, highC = -kInf;
  for (const FitSphere& s : spheres) {
    const double a = s.centre.dot(right), b = s.centre.dot(up), c = s.centre.dot(forward);
    lowA = std::min(lowA, a - s.radius);
    highA = std::max(highA, a + s.radius);
    lowB = std::min(lowB, b - s.radius);
    highB = std::max(highB, b + s.radius);
    lowC = std::min(lowC, c - s.radius);
    highC = std::max(highC, c + s.radius);
  }
  const double midA = 0.5 * (lowA + highA), midB = 0.5 * (lowB + highB);
  const double midC = 0.5 * (lowC + highC);
  const Eigen::Vector3d lateral = midA * right + midB * up;
  const Eigen::Vector3d focal = lateral + midC * forward;

  double eyeC;  // the camera's position along the view
  if (camera->GetParallelProjection()) {
    const double halfHeight = 0.5 * (highB - lowB), halfWidth = 0.5 * (highA - lowA);
    camera->SetParallelScale(std::max({halfHeight, halfWidth / aspect, 1e-3}) * margin);
    eyeC = lowC - std::max(1.0, highC - lowC);
  } else {
    // A sphere at depth c is inside when its lateral offset plus radius is within tan(half
    // angle) of its distance to the camera, vertically and horizontally.
    const double tanV = std::tan(0.5 * camera->GetViewAngle() * M_PI / 180.0) / margin;
    const double tanH = tanV * aspect;
    eyeC = kInf;
    for (const FitSphere& s : spheres) {
      const double a = s.centre.dot(right), b = s.centre.dot(up), c = s.centre.dot(forward);
      eyeC = std::min({eyeC, c - (std::abs(a - midA) + s.radius) / tanH,
                       c - (std::abs(b - midB) + s.radius) / tanV, c - s.radius - 1e-3});
    }
  }
  const Eigen::Vector3d eye = lateral + eyeC * forward;
  camera->SetFocalPoint(focal.data());
  camera->SetPosition(eye.data());
  camera->SetViewUp(up.data());
  renderer->ResetCameraClippingRange();
}

}  // namespace sei::render
