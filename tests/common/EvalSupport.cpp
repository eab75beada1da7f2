#include "EvalSupport.hpp"

#include <QDir>
#include <QTest>

#include "ModelVariants.hpp"

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

void addVariantCellRows(const QString& filter) {
  QTest::addColumn<QString>("variant");
  QTest::addColumn<bool>("triclinic");
  for (const QString& v : modelVariantNames()) {
    if (!v.contains(filter)) continue;
    QTest::newRow(qPrintable(v + "/orthogonal")) << v << false;
    QTest::newRow(qPrintable(v + "/triclinic")) << v << true;
  }
}

VariantCase variantCase(const QString& folder, const QString& variant, bool triclinic, int atoms,
                        unsigned seedOffset) {
  const RandomModelSpec spec = modelVariant(variant);
  return {makeRandomModel(folder, spec),
          randomStructure(spec.elements, atoms, testCell(triclinic), spec.seed + seedOffset)};
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
