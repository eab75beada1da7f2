#pragma once

#include <array>

#include "core/Structure.hpp"

namespace sei {

/// The structure repeated n[0]×n[1]×n[2] times along its cell vectors: the atoms of image
/// (0,0,0) first, then the images with the a index fastest. Positions and symbols only.
Structure replicate(const Structure& s, const std::array<int, 3>& n);

}  // namespace sei
