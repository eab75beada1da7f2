#pragma once

#include <QString>
#include <utility>
#include <vector>

#include "training/ChargeParity.hpp"

class QChart;

namespace sei::studio {

/// The Train panel's qNEP charge plot. GPUMD's charge_*.out has predictions only (the data label
/// no per-atom charges), so instead of a parity plot it shows the distribution of the predicted
/// charge q̂ of each element in each set (fraction of that element's atoms per bin, train and
/// test on the same bins), and titles each set with the elements' mean charge and the RMSE of
/// the structures' net charge per atom against their `charge=` labels (loss.out's charge
/// column), the one charge quantity with a reference.
void setChargeDistribution(QChart* chart, const std::vector<std::string>& elements,
                           const std::vector<std::pair<QString, training::ChargeSummary>>& sets);

}  // namespace sei::studio
