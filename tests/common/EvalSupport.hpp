#pragma once

#include <QString>
#include <memory>
#include <string>

#include "RandomModel.hpp"
#include "core/ForceResult.hpp"
#include "core/Structure.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei::test {

/// A model generated from spec, written into `folder` and read back through the real reader.
std::shared_ptr<const NepModel> makeRandomModel(const QString& folder, const RandomModelSpec& spec);

/// One evaluation with every optional output.
ForceResult evaluate(std::shared_ptr<const NepModel> model, const Structure& s,
                     const NepEvaluatorOptions& options = {});

/// Applies r → (1+ε) r to atoms and cell.
Structure deformed(const Structure& s, const Eigen::Matrix3d& strain);

}  // namespace sei::test
