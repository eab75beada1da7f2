#include "EvalSupport.hpp"

#include <QDir>

namespace sei::test {

std::shared_ptr<const NepModel> makeRandomModel(const QString& folder,
                                                const RandomModelSpec& spec) {
  const std::string path =
      QDir(folder)
          .filePath(QString::fromStdString(spec.token) + "-" + QString::number(spec.seed) + ".txt")
          .toStdString();
  writeTextFile(path, randomModelText(spec));
  return std::make_shared<const NepModel>(readNepModel(path));
}

ForceResult evaluate(std::shared_ptr<const NepModel> model, const Structure& s,
                     const NepEvaluatorOptions& options) {
  NepEvaluator evaluator(model, options);
  ForceRequest request;
  request.perAtomVirial = true;
  request.bornEffectiveCharges = true;
  ForceResult result;
  evaluator.compute(model->typesOf(s, "test structure"), s.positions, s.cell, request, result);
  return result;
}

Structure deformed(const Structure& s, const Eigen::Matrix3d& strain) {
  const Eigen::Matrix3d f = Eigen::Matrix3d::Identity() + strain;
  Structure out = s;
  for (auto& r : out.positions) r = f * r;
  out.cell = Cell(f * s.cell.matrix(), s.cell.periodicity());
  return out;
}

}  // namespace sei::test
