// Born effective charges against an independent reference: central differences of the charges
// in a supercell where every neighbour appears once, assembled into the per-pair form of spec
// §10 (tests/common/BecCheck), for every qNEP model in ../shared/models and every random qNEP
// model family.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "BecCheck.hpp"
#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"

using namespace sei;

namespace {

constexpr double kTolerance = 1e-6;  ///< e; the differences are good to ~1e-8

/// Largest |ΔZ*| over the first atom of each type, engine against charge differences.
double worstBecError(std::shared_ptr<const NepModel> model, const Structure& s) {
  const ForceResult engine = test::evaluate(model, s);
  const std::vector<int> atoms = test::firstAtomOfEachType(*model, s);
  const std::vector<Eigen::Matrix3d> reference = test::becFromChargeDifferences(model, s, atoms);
  double worst = 0.0, largest = 0.0;
  for (std::size_t k = 0; k < atoms.size(); ++k) {
    worst = std::max(worst, (engine.bec[atoms[k]] - reference[k]).cwiseAbs().maxCoeff());
    largest = std::max(largest, (reference[k] - model->sqrtEpsilonInf * engine.charges[atoms[k]] *
                                                    Eigen::Matrix3d::Identity())
                                    .cwiseAbs()
                                    .maxCoeff());
  }
  qInfo("  largest off-charge part %.3e e, largest |dZ*| %.3e e", largest, worst);
  if (largest < 1e-3) throw std::logic_error("the charges barely depend on the positions");
  return worst;
}

}  // namespace

class TestBornCharges : public QObject {
  Q_OBJECT

 private slots:
  void sharedModels_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("structure");
    QTest::newRow("qnep_mode1_water") << "qnep_mode1_water.txt"
                                      << "water63.xyz";
    QTest::newRow("qnep_mode2_water") << "qnep_mode2_water.txt"
                                      << "water63.xyz";
    QTest::newRow("qnep_mode1_BaTiO3") << "qnep_mode1_BaTiO3.txt"
                                       << "BaTiO3_40_rattled.xyz";
    QTest::newRow("qnep_mode2_BaTiO3") << "qnep_mode2_BaTiO3.txt"
                                       << "BaTiO3_40_rattled.xyz";
    QTest::newRow("qnep_mode1_PbTe") << "qnep_mode1_PbTe.txt"
                                     << "PbTe250.xyz";
    QTest::newRow("synthetic_qnep1_allbody_HO") << "synthetic_qnep1_allbody_HO.txt"
                                                << "water63.xyz";
  }
  void sharedModels() {
    QFETCH(QString, model);
    QFETCH(QString, structure);
    const QString shared = test::sharedDir();
    QVERIFY2(!shared.isEmpty(), "../shared (SEI_SHARED_DIR) is missing");
    const QDir dir(shared);
    auto nep = std::make_shared<const NepModel>(
        readNepModel(dir.filePath("models/" + model).toStdString()));
    const Structure s = readExtXyz(dir.filePath("structures/" + structure).toStdString());
    QVERIFY(worstBecError(nep, s) < kTolerance);
  }

  void randomModels_data() { test::addVariantCellRows("charge"); }
  void randomModels() {
    QFETCH(QString, variant);
    QFETCH(bool, triclinic);
    QTemporaryDir dir;
    const test::VariantCase c = test::variantCase(dir.path(), variant, triclinic, 24, 3);
    QVERIFY(worstBecError(c.model, c.structure) < kTolerance);
  }
};

QTEST_APPLESS_MAIN(TestBornCharges)
#include "TestBornCharges.moc"
