#pragma once

#include <QString>
#include <QStringList>

#include "RandomModel.hpp"

namespace sei::test {

/// Named random models covering every model family the evaluator supports: NEP 3/4/5,
/// temperature, typewise cutoffs, all higher-order blocks, universal/typewise/flexible ZBL,
/// qNEP charge modes 1 and 2 with and without ZBL, a three-element qNEP model and a qNEP model
/// with all higher-order blocks.
QStringList modelVariantNames();
RandomModelSpec modelVariant(const QString& name);

/// Cells for the random structures: "orthogonal" and "triclinic" (both thinner than twice the
/// cutoff, so periodic images of an atom are its neighbours), Å.
Eigen::Matrix3d testCell(bool triclinic);

}  // namespace sei::test
