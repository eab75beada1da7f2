// The bcc metal slab builder against the crystallography of bcc: atom counts, layer spacings,
// the 8 + 6 neighbour shells of every atom across all periodic boundaries, the bulk density, the
// choice of repeats from a target size, and the errors for impossible requests.
#include <QtTest>
#include <array>
#include <cmath>
#include <string>

#include "builder/MetalSlab.hpp"
#include "core/Error.hpp"

using namespace sei;

namespace {

constexpr double kTol = 1e-9;  ///< Å

SlabSpec spec(SurfaceFacet facet, int repeatsA, int repeatsB, int layers) {
  SlabSpec s;
  s.facet = facet;
  s.repeatsA = repeatsA;
  s.repeatsB = repeatsB;
  s.layers = layers;
  return s;
}

/// Counts, for every atom, the neighbours at distance `r` (±kTol) over all periodic images of
/// the orthogonal cell (not only the minimum image, so cells narrower than 2r count correctly),
/// and checks that no other atom is closer than the first shell.
void checkShells(const Slab& slab, double a) {
  const Structure& s = slab.structure;
  const Eigen::Vector3d box = s.cell.matrix().diagonal();
  const double first = a * std::sqrt(3.0) / 2.0, second = a;
  std::array<int, 3> images{};
  for (int d = 0; d < 3; ++d) images[d] = static_cast<int>(std::ceil(second / box[d])) + 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int nFirst = 0, nSecond = 0;
    for (std::size_t j = 0; j < s.size(); ++j) {
      for (int ix = -images[0]; ix <= images[0]; ++ix) {
        for (int iy = -images[1]; iy <= images[1]; ++iy) {
          for (int iz = -images[2]; iz <= images[2]; ++iz) {
            if (i == j && ix == 0 && iy == 0 && iz == 0) continue;
            const Eigen::Vector3d shift(ix * box.x(), iy * box.y(), iz * box.z());
            const double r = (s.positions[j] + shift - s.positions[i]).norm();
            QVERIFY2(
                r > first - kTol,
                qPrintable(QString("atoms %1 and %2 at %3 Å").arg(i).arg(j).arg(r, 0, 'g', 12)));
            if (std::abs(r - first) < kTol) ++nFirst;
            if (std::abs(r - second) < kTol) ++nSecond;
          }
        }
      }
    }
    QVERIFY2(nFirst == 8, qPrintable(QString("atom %1: %2 first neighbours").arg(i).arg(nFirst)));
    QVERIFY2(nSecond == 6,
             qPrintable(QString("atom %1: %2 second neighbours").arg(i).arg(nSecond)));
  }
}

template <class F>
void expectError(F&& build, const char* fragment) {
  try {
    build();
    QFAIL(qPrintable(QString("no InputError, expected one naming '%1'").arg(fragment)));
  } catch (const InputError& e) {
    const std::string what = e.what();
    QVERIFY2(what.find(fragment) != std::string::npos, e.what());
    QVERIFY2(what.find('\n') == std::string::npos, e.what());
  }
}

}  // namespace

class TestMetalSlab : public QObject {
  Q_OBJECT

 private slots:
  void geometry_data() {
    QTest::addColumn<int>("facet");
    QTest::addColumn<int>("repeatsA");
    QTest::addColumn<int>("repeatsB");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("perLayer");
    QTest::addColumn<double>("spacing");  // in units of a
    QTest::addColumn<double>("edgeA");    // in units of a
    QTest::addColumn<double>("edgeB");    // in units of a
    const double r2 = std::sqrt(2.0), r3 = std::sqrt(3.0), r6 = std::sqrt(6.0);
    const int f100 = int(SurfaceFacet::F100), f110 = int(SurfaceFacet::F110),
              f111 = int(SurfaceFacet::F111);
    QTest::newRow("100 minimal") << f100 << 1 << 1 << 2 << 1 << 0.5 << 1.0 << 1.0;
    QTest::newRow("100 3x2x6") << f100 << 3 << 2 << 6 << 1 << 0.5 << 1.0 << 1.0;
    QTest::newRow("110 minimal") << f110 << 1 << 1 << 2 << 2 << 1 / r2 << 1.0 << r2;
    QTest::newRow("110 2x3x6") << f110 << 2 << 3 << 6 << 2 << 1 / r2 << 1.0 << r2;
    QTest::newRow("111 minimal") << f111 << 1 << 1 << 3 << 2 << 1 / (2 * r3) << r2 << r6;
    QTest::newRow("111 2x1x6") << f111 << 2 << 1 << 6 << 2 << 1 / (2 * r3) << r2 << r6;
    QTest::newRow("111 1x2x9") << f111 << 1 << 2 << 9 << 2 << 1 / (2 * r3) << r2 << r6;
  }

  void geometry() {
    QFETCH(int, facet);
    QFETCH(int, repeatsA);
    QFETCH(int, repeatsB);
    QFETCH(int, layers);
    QFETCH(int, perLayer);
    QFETCH(double, spacing);
    QFETCH(double, edgeA);
    QFETCH(double, edgeB);
    const SlabSpec sp = spec(SurfaceFacet(facet), repeatsA, repeatsB, layers);
    const double a = sp.latticeConstant;
    const Slab slab = buildMetalSlab(sp);
    const Structure& s = slab.structure;

    QCOMPARE(atomsPerLayer(SurfaceFacet(facet)), perLayer);
    QCOMPARE(int(s.size()), layers * perLayer * repeatsA * repeatsB);
    QCOMPARE(int(s.symbols.size()), int(s.size()));
    for (const auto& sym : s.symbols) QCOMPARE(sym, std::string("Na"));
    QVERIFY(std::abs(slab.layerSpacing - spacing * a) < kTol);
    QVERIFY(std::abs(slab.lateral.x() - repeatsA * edgeA * a) < kTol);
    QVERIFY(std::abs(slab.lateral.y() - repeatsB * edgeB * a) < kTol);

    // The cell: orthogonal, periodic, Lz = layers · spacing; density of bulk bcc, 2/a³.
    QVERIFY(s.cell.orthogonal());
    QVERIFY(s.cell.fullyPeriodic());
    const Eigen::Matrix3d& h = s.cell.matrix();
    QVERIFY(std::abs(h(0, 0) - slab.lateral.x()) < kTol);
    QVERIFY(std::abs(h(1, 1) - slab.lateral.y()) < kTol);
    QVERIFY(std::abs(h(2, 2) - layers * slab.layerSpacing) < kTol);
    QVERIFY(std::abs(s.size() / s.cell.volume() - 2.0 / (a * a * a)) < 1e-12);

    // Layers: bottom at d/2, top at (layers - ½) d, each holding perLayer · repeats atoms, and
    // the atoms sorted by z, then y, then x, all inside the cell.
    QVERIFY(std::abs(slab.bottom - 0.5 * slab.layerSpacing) < kTol);
    QVERIFY(std::abs(slab.top - (layers - 0.5) * slab.layerSpacing) < kTol);
    std::vector<int> perLayerCount(layers, 0);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const Eigen::Vector3d& p = s.positions[i];
      const double l = p.z() / slab.layerSpacing - 0.5;
      const long li = std::lround(l);
      QVERIFY(std::abs(l - li) < 1e-12);
      QVERIFY(li >= 0 && li < layers);
      ++perLayerCount[li];
      for (int d = 0; d < 3; ++d) {
        QVERIFY(p[d] >= 0.0);
        QVERIFY(p[d] < h(d, d) - kTol);
      }
      if (i > 0) {
        const Eigen::Vector3d& q = s.positions[i - 1];
        const bool ordered =
            q.z() < p.z() - kTol ||
            (std::abs(q.z() - p.z()) < kTol &&
             (q.y() < p.y() - kTol || (std::abs(q.y() - p.y()) < kTol && q.x() < p.x() - kTol)));
        QVERIFY2(ordered, qPrintable(QString("atoms %1, %2 out of order").arg(i - 1).arg(i)));
      }
    }
    for (int c : perLayerCount) QCOMPARE(c, perLayer * repeatsA * repeatsB);
    QCOMPARE(std::lround(slab.top / slab.layerSpacing - 0.5), long(layers - 1));

    // Layers are a whole number of stacking periods here, so the z-periodic cell is bulk bcc:
    // every atom has 8 neighbours at a√3/2 and 6 at a, also across the x, y and z boundaries,
    // and no duplicate images.
    QCOMPARE(layers % stackingPeriod(SurfaceFacet(facet)), 0);
    checkShells(slab, a);
  }

  // A slab is a slab: on a layer count that is not a whole stacking period the surface atoms
  // have fewer neighbours, but the count and spacing are as asked.
  void oddLayers() {
    const Slab slab = buildMetalSlab(spec(SurfaceFacet::F111, 1, 1, 4));
    QCOMPARE(int(slab.structure.size()), 8);
    QVERIFY(std::abs(slab.top - 3.5 * slab.layerSpacing) < kTol);
  }

  void otherLatticeConstant() {
    SlabSpec sp = spec(SurfaceFacet::F110, 2, 2, 4);
    sp.element = "Li";
    sp.latticeConstant = 3.51;
    const Slab slab = buildMetalSlab(sp);
    QCOMPARE(slab.structure.symbols.front(), std::string("Li"));
    checkShells(slab, 3.51);
  }

  void targetLateral() {
    const double a = 4.29;
    SlabSpec sp;
    sp.facet = SurfaceFacet::F111;
    sp.targetLateralA = 20.0;  // a√2 = 6.067 Å → 4 repeats (24.27 Å); 3 give 18.2 Å
    sp.targetLateralB = 20.0;  // a√6 = 10.508 Å → 2 repeats (21.02 Å)
    Slab slab = buildMetalSlab(sp);
    QVERIFY(std::abs(slab.lateral.x() - 4 * a * std::sqrt(2.0)) < kTol);
    QVERIFY(std::abs(slab.lateral.y() - 2 * a * std::sqrt(6.0)) < kTol);
    QCOMPARE(int(slab.structure.size()), 6 * 2 * 4 * 2);

    // Exactly n cells asked for gives n, a hair more gives n + 1; a tiny target gives 1.
    sp.facet = SurfaceFacet::F100;
    sp.targetLateralA = 5 * a;
    sp.targetLateralB = 5 * a + 1e-3;
    slab = buildMetalSlab(sp);
    QVERIFY(std::abs(slab.lateral.x() - 5 * a) < kTol);
    QVERIFY(std::abs(slab.lateral.y() - 6 * a) < kTol);
    sp.targetLateralA = 0.1;
    slab = buildMetalSlab(sp);
    QVERIFY(std::abs(slab.lateral.x() - a) < kTol);

    // Repeats along one direction, target along the other.
    sp.repeatsA = 3;
    sp.targetLateralA = 0.0;
    slab = buildMetalSlab(sp);
    QVERIFY(std::abs(slab.lateral.x() - 3 * a) < kTol);
  }

  void errors() {
    expectError(
        [] {
          SlabSpec s = spec(SurfaceFacet::F100, 1, 1, 2);
          s.element = "Xx";
          buildMetalSlab(s);
        },
        "Xx");
    for (double bad : {0.0, -4.29, 25.0}) {
      expectError(
          [bad] {
            SlabSpec s = spec(SurfaceFacet::F100, 1, 1, 2);
            s.latticeConstant = bad;
            buildMetalSlab(s);
          },
          bad == 0.0 ? "constant 0 "
          : bad < 0  ? "-4.29"
                     : "25");
    }
    expectError([] { buildMetalSlab(spec(SurfaceFacet::F110, 1, 1, 0)); }, "layers = 0");
    expectError([] { buildMetalSlab(spec(SurfaceFacet::F110, 1, 1, -3)); }, "-3");
    expectError(
        [] {
          SlabSpec s = spec(SurfaceFacet::F100, 2, 1, 2);
          s.targetLateralA = 30.0;
          buildMetalSlab(s);
        },
        "30");
    expectError([] { buildMetalSlab(spec(SurfaceFacet::F100, 0, 1, 2)); }, "targetLateralA = 0");
    expectError(
        [] {
          SlabSpec s = spec(SurfaceFacet::F100, 1, 0, 2);
          s.targetLateralB = -12.5;
          buildMetalSlab(s);
        },
        "-12.5");
    expectError([] { buildMetalSlab(spec(SurfaceFacet::F100, -2, 1, 2)); }, "-2");
    expectError([] { buildMetalSlab(spec(SurfaceFacet::F111, 1000, 1000, 6)); }, "12000000");
    // Default spec asks for no lateral size at all.
    expectError([] { buildMetalSlab(SlabSpec{}); }, "targetLateralA");
  }
};

QTEST_APPLESS_MAIN(TestMetalSlab)
#include "TestMetalSlab.moc"
