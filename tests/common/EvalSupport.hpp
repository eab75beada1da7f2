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

/// Data rows "<variant>/orthogonal" and "<variant>/triclinic" (columns `variant`, `triclinic`)
/// for every model variant whose name contains `filter` (all when empty).
void addVariantCellRows(const QString& filter = {});

/// The current row's case: a random model of `variant` written into `folder` and `atoms` random
/// atoms of its elements in the test cell; `seedOffset` keeps each suite's structures its own.
struct VariantCase {
  std::shared_ptr<const NepModel> model;
  Structure structure;
};
VariantCase variantCase(const QString& folder, const QString& variant, bool triclinic, int atoms,
                        unsigned seedOffset);

/// One evaluation with every optional output.
ForceResult evaluate(std::shared_ptr<const NepModel> model, const Structure& s,
                     const NepEvaluatorOptions& options = {});

/// Applies r → (1+ε) r to atoms and cell.
Structure deformed(const Structure& s, const Eigen::Matrix3d& strain);

}  // namespace sei::test
