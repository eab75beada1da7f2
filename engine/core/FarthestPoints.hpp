#pragma once

#include <cstddef>
#include <vector>

namespace sei {

/// Farthest-point sampling: `count` indices of `points` (equal lengths), each pick the point
/// whose Euclidean distance to the nearest point already held is largest (ties: lowest index).
/// Held at the start are the `reference` points (the same length; e.g. a training set's
/// descriptors, so that picks are far from it as well as from each other); without them the
/// first pick is the point farthest from the centroid of `points`. Returned in the order chosen.
std::vector<std::size_t> farthestPointSample(
    const std::vector<std::vector<double>>& points, std::size_t count,
    const std::vector<std::vector<double>>& reference = {});

}  // namespace sei
