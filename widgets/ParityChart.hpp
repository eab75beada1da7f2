#pragma once

#include <QString>
#include <functional>
#include <utility>
#include <vector>

class QChart;

namespace sei::studio {

/// (prediction, reference) pairs of one data set, as GPUMD's parity files hold them.
using ParityPairs = std::vector<std::pair<double, double>>;

/// One parity chart (Train and Reactor panels): prediction against reference per named set, the
/// y = x line, equal nice axes and the RMSE of each set in the title (in milli-`unit`: meV/atom,
/// meV/Å, me). Beyond 4000 pairs a set shows every k-th; the RMSE uses all.
void setParity(QChart* chart, const QString& quantity, const QString& unit,
               const std::vector<std::pair<QString, ParityPairs>>& sets);

/// The pairs of GPUMD's parity file `path` (training/TrainOutputs readParityFile); none when the
/// file does not exist, or when it cannot be read, which `log` is told.
ParityPairs readParityPairs(const QString& path, const std::function<void(const QString&)>& log);

}  // namespace sei::studio
