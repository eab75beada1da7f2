#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/Structure.hpp"
#include "dataset/LabelledStructure.hpp"
#include "md/DescriptorDistance.hpp"
#include "nep/NepModel.hpp"

namespace sei::reactor {

using dataset::LabelledStructure;

/// Which candidate frames are worth labelling: those the current model does not know (DP-GEN's
/// trust levels on the committee's force disagreement, or far from the training set in
/// descriptor space) but that are not broken, the most diverse `count` of them.
struct SelectionSettings {
  /// Further models (nep.txt paths) of the same elements; with the current model they form the
  /// committee whose force disagreement is scored.
  std::vector<std::string> committee;
  /// Committee force disagreement (max over atoms, eV/Å): at or above forceStdLow a frame is
  /// unknown; at or above forceStdHigh it is too far gone to be worth a label (usually a
  /// broken structure) and is never selected.
  double forceStdLow = 0.05, forceStdHigh = 1.0;
  /// Descriptor distance (scaled descriptor units, md/DescriptorDistance) above which a frame is
  /// unknown as well; ≤ 0: not used.
  double descriptorDistanceLow = 0;
  int count = 10;  ///< frames to select
  /// Training atoms per element kept (farthest-point reduced) for the descriptor distance.
  std::size_t referencePoints = kDescriptorReferencePoints;
};

/// The "selection" object of a reactor plan (keys: committee, force_std_low, force_std_high,
/// descriptor_distance_low, count, reference_points). InputError naming `where` and the field.
SelectionSettings selectionSettingsFromJson(const nlohmann::json& j, const std::string& where);

struct FrameScore {
  double forceStd = 0;  ///< eV/Å, max over atoms of the committee force std (0: no committee)
  /// Largest over the frame's atoms of the atom's descriptor distance to the training set
  /// (nearest training atom of the same element; +infinity with an empty training set).
  double descriptorDistance = 0;
  bool eligible = false;  ///< unknown (force std or distance) and sane (force std below high)
  bool selected = false;
  int pick = -1;  ///< 0-based order in which farthest-point sampling picked it, else −1
};

/// Scores every candidate and selects up to s.count eligible ones by farthest-point sampling of
/// their mean scaled descriptors, held against the training set's (so picks are far from it
/// and from each other). Eligible: committee std below forceStdHigh and (std ≥ forceStdLow, or
/// descriptor distance above descriptorDistanceLow when that is > 0); without a committee only
/// the distance decides, and with neither every frame is eligible. `threads` OpenMP threads
/// over frames. InputError for a committee file that cannot be read or lacks an element.
std::vector<FrameScore> selectFrames(const std::vector<Structure>& candidates,
                                     std::shared_ptr<const NepModel> model,
                                     const std::vector<LabelledStructure>& trainingSet,
                                     const SelectionSettings& s, int threads);

}  // namespace sei::reactor
