#pragma once

#include <vtkRenderer.h>

#include <Eigen/Dense>
#include <vector>

namespace sei::render {

/// A sphere the camera must show whole.
struct FitSphere {
  Eigen::Vector3d centre;  ///< Å
  double radius = 0.0;     ///< Å
};

/// Moves `renderer`'s camera, keeping its viewing direction and up vector, so that every sphere
/// lies inside the viewport with `margin` to spare (1.05: 5 % of the half-size) and the
/// tightest side of their projected box touches that margin: in a parallel projection by the
/// parallel scale, in a perspective one by the distance (the view angle stays). Aspect from the
/// renderer's size (1 before it has one).
void fitCamera(vtkRenderer* renderer, const std::vector<FitSphere>& spheres, double margin);

}  // namespace sei::render
