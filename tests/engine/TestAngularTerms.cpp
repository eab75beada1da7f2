// Angular machinery checked against independent mathematics: C_{l,m} against the spec's table,
// the 3-body blocks against the Legendre addition theorem, every higher-order block for
// rotational invariance, and all gradients against central differences.
#include <QtTest>
#include <cmath>
#include <random>

#include "nep/AngularTerms.hpp"

using namespace sei;
using namespace sei::nep;

namespace {

struct Neighbours {
  std::vector<Eigen::Vector3d> directions;  // unit vectors
  std::vector<double> weights;              // g(r_ij)
};

Neighbours randomNeighbours(unsigned seed, int count) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Neighbours n;
  for (int k = 0; k < count; ++k) {
    n.directions.push_back(Eigen::Vector3d(normal(rng), normal(rng), normal(rng)).normalized());
    n.weights.push_back(uniform(rng));
  }
  return n;
}

std::vector<double> angularSums(const AngularFunctions& f, const Neighbours& n,
                                const Eigen::Matrix3d& rotation) {
  std::vector<double> s(f.size(), 0.0), y(f.size());
  for (std::size_t k = 0; k < n.directions.size(); ++k) {
    const Eigen::Vector3d u = rotation * n.directions[k];
    f.evaluate(u.data(), y.data(), nullptr);
    for (int i = 0; i < f.size(); ++i) s[i] += n.weights[k] * y[i];
  }
  return s;
}

NepModel modelWithAllBlocks(int lMax) {
  NepModel m;
  m.lMax = lMax;
  m.higherBlocks.fill(true);
  return m;
}

}  // namespace

class TestAngularTerms : public QObject {
  Q_OBJECT

 private slots:
  void threeBodyWeights_data() {
    QTest::addColumn<int>("l");
    QTest::addColumn<int>("m");
    QTest::addColumn<double>("expected");
    // Values listed in the specification's Table Z.
    QTest::newRow("1,0") << 1 << 0 << 0.238732414637843;
    QTest::newRow("2,1") << 2 << 1 << 0.596831036594608;
    QTest::newRow("4,0") << 4 << 0 << 0.011190581936149;
    QTest::newRow("4,4") << 4 << 4 << 0.195835183882606;
    QTest::newRow("5,2") << 5 << 2 << 2.872249363611549;
    QTest::newRow("6,6") << 6 << 6 << 0.233370260793438;
    QTest::newRow("7,1") << 7 << 1 << 0.004079899664221;
    QTest::newRow("8,0") << 8 << 0 << 0.000082569397966;
    QTest::newRow("8,5") << 8 << 5 << 5.950941650232678;
  }
  void threeBodyWeights() {
    QFETCH(int, l);
    QFETCH(int, m);
    QFETCH(double, expected);
    QVERIFY(std::abs(threeBodyWeight(l, m) / expected - 1.0) < 1e-11);
  }

  // Q_l = (2l+1)/(4π) Σ_jk g_j g_k P_l(cos θ_jk) for every l up to 8.
  void additionTheorem() {
    const Neighbours n = randomNeighbours(11, 9);
    const AngularFunctions f(kMaxLMax);
    const auto blocks = angularBlocks(modelWithAllBlocks(kMaxLMax));
    const auto s = angularSums(f, n, Eigen::Matrix3d::Identity());
    for (int l = 1; l <= kMaxLMax; ++l) {
      double direct = 0.0;
      for (std::size_t j = 0; j < n.directions.size(); ++j)
        for (std::size_t k = 0; k < n.directions.size(); ++k)
          direct +=
              n.weights[j] * n.weights[k] * std::legendre(l, n.directions[j].dot(n.directions[k]));
      direct *= (2 * l + 1) / (4 * M_PI);
      const double viaSums = blocks[l - 1].value(s.data());
      QVERIFY2(std::abs(viaSums - direct) < 1e-12 * std::max(1.0, std::abs(direct)),
               qPrintable(QString("l=%1: %2 vs %3").arg(l).arg(viaSums).arg(direct)));
    }
  }

  void blocksAreRotationInvariant() {
    const Neighbours n = randomNeighbours(3, 12);
    const AngularFunctions f(4);
    const auto blocks = angularBlocks(modelWithAllBlocks(4));
    QCOMPARE(static_cast<int>(blocks.size()), 4 + kNumHigherBlocks);
    const Eigen::Matrix3d rot =
        Eigen::AngleAxisd(1.1, Eigen::Vector3d(0.3, -0.5, 0.8).normalized()).toRotationMatrix();
    const auto s0 = angularSums(f, n, Eigen::Matrix3d::Identity());
    const auto s1 = angularSums(f, n, rot);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const double v0 = blocks[b].value(s0.data()), v1 = blocks[b].value(s1.data());
      QVERIFY2(std::abs(v0) > 1e-6, qPrintable(QString("block %1 vanishes").arg(b)));
      QVERIFY2(std::abs(v1 - v0) < 1e-12 * std::abs(v0),
               qPrintable(QString("block %1: %2 -> %3").arg(b).arg(v0).arg(v1)));
    }
  }

  void functionGradients() {
    const AngularFunctions f(kMaxLMax);
    const double u[3] = {0.31, -0.62, 0.72};
    std::vector<double> y(f.size()), grad(3 * f.size()), yp(f.size()), ym(f.size());
    f.evaluate(u, y.data(), grad.data());
    const double h = 1e-6;
    for (int a = 0; a < 3; ++a) {
      double up[3] = {u[0], u[1], u[2]}, um[3] = {u[0], u[1], u[2]};
      up[a] += h;
      um[a] -= h;
      f.evaluate(up, yp.data(), nullptr);
      f.evaluate(um, ym.data(), nullptr);
      for (int k = 0; k < f.size(); ++k) {
        const double fd = (yp[k] - ym[k]) / (2 * h);
        QVERIFY2(std::abs(fd - grad[3 * k + a]) < 1e-6 * std::max(1.0, std::abs(fd)),
                 qPrintable(
                     QString("Y_%1 d/du_%2: %3 vs %4").arg(k).arg(a).arg(grad[3 * k + a]).arg(fd)));
      }
    }
  }

  void blockGradients() {
    const Neighbours n = randomNeighbours(7, 10);
    const AngularFunctions f(4);
    const auto blocks = angularBlocks(modelWithAllBlocks(4));
    auto s = angularSums(f, n, Eigen::Matrix3d::Identity());
    for (const auto& block : blocks) {
      std::vector<double> grad(s.size(), 0.0);
      block.addGradient(s.data(), 1.0, grad.data());
      for (std::size_t k = 0; k < s.size(); ++k) {
        const double keep = s[k], h = 1e-6;
        s[k] = keep + h;
        const double up = block.value(s.data());
        s[k] = keep - h;
        const double down = block.value(s.data());
        s[k] = keep;
        QVERIFY(std::abs((up - down) / (2 * h) - grad[k]) <
                1e-7 * std::max(1.0, std::abs(grad[k])));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestAngularTerms)
#include "TestAngularTerms.moc"
