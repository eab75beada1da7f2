// Cell-list neighbour search against a brute-force enumeration of periodic images, for cells
// thinner than the cutoff, large cells, mixed and free boundaries.
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <chrono>
#include <random>
#include <tuple>

#include "RandomModel.hpp"
#include "neighbor/NeighborList.hpp"
#include "nep/NepEvaluator.hpp"

using namespace sei;

namespace {

using Pair = std::tuple<int, int, long, long, long>;  // i, j, displacement in 1e-7 Å

std::vector<Pair> canonical(const NeighborList& list) {
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < list.numAtoms(); ++i)
    for (std::size_t p = list.begin(i); p < list.end(i); ++p) {
      const Eigen::Vector3d& d = list.displacement[p];
      pairs.emplace_back(static_cast<int>(i), list.index[p], std::lround(d[0] * 1e7),
                         std::lround(d[1] * 1e7), std::lround(d[2] * 1e7));
    }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

NeighborList bruteForce(const Cell& cell, const std::vector<Eigen::Vector3d>& r, double cutoff) {
  NeighborList list;
  list.offsets.push_back(0);
  int reach[3];
  for (int d = 0; d < 3; ++d)
    // +4: atom 0 is placed up to three cells outside the box.
    reach[d] = cell.periodic(d) ? static_cast<int>(std::ceil(cutoff / cell.thickness(d))) + 4 : 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    for (std::size_t j = 0; j < r.size(); ++j)
      for (int a = -reach[0]; a <= reach[0]; ++a)
        for (int b = -reach[1]; b <= reach[1]; ++b)
          for (int c = -reach[2]; c <= reach[2]; ++c) {
            if (i == j && a == 0 && b == 0 && c == 0) continue;
            const Eigen::Vector3d d = r[j] + cell.matrix() * Eigen::Vector3d(a, b, c) - r[i];
            if (d.squaredNorm() < cutoff * cutoff) {
              list.index.push_back(static_cast<int>(j));
              list.displacement.push_back(d);
            }
          }
    list.offsets.push_back(list.index.size());
  }
  return list;
}

}  // namespace

class TestNeighborList : public QObject {
  Q_OBJECT

 private slots:
  void matchesBruteForce_data() {
    QTest::addColumn<QString>("shape");
    QTest::addColumn<double>("cutoff");
    QTest::addColumn<int>("atoms");
    QTest::newRow("thin triclinic, many images") << "thin" << 6.0 << 12;
    QTest::newRow("small triclinic") << "triclinic" << 5.0 << 30;
    QTest::newRow("large orthogonal") << "large" << 4.0 << 400;
    QTest::newRow("slab, z not periodic") << "slab" << 4.5 << 150;
    QTest::newRow("free cluster") << "free" << 4.0 << 60;
  }
  void matchesBruteForce() {
    QFETCH(QString, shape);
    QFETCH(double, cutoff);
    QFETCH(int, atoms);
    Eigen::Matrix3d h;
    std::array<bool, 3> pbc = {true, true, true};
    if (shape == "thin") {
      h << 3.1, 0.8, -0.4, 0.0, 2.7, 0.9, 0.0, 0.0, 3.3;
    } else if (shape == "triclinic") {
      h << 9.0, 1.5, -1.2, 0.0, 9.5, 2.0, 0.0, 0.0, 10.0;
    } else if (shape == "large") {
      h = Eigen::Vector3d(16.0, 17.0, 18.0).asDiagonal();
    } else {
      h = Eigen::Vector3d(12.0, 13.0, 14.0).asDiagonal();
      pbc = {shape != "free", shape != "free", false};
    }
    Structure s = test::randomStructure({"H"}, atoms, h, 17, 0.8);
    // Positions outside the cell must work too.
    s.positions[0] += h * Eigen::Vector3d(2.0, -1.0, pbc[2] ? 3.0 : 0.0);
    const Cell cell = shape == "free" ? Cell() : Cell(h, pbc);
    NeighborList fast;
    buildNeighborList(cell, s.positions, cutoff, fast);
    const NeighborList slow =
        bruteForce(cell.volume() > 0 ? cell : Cell(h, pbc), s.positions, cutoff);
    QVERIFY(!slow.index.empty());
    QCOMPARE(fast.index.size(), slow.index.size());
    // The cell list wraps atoms, so compare displacements, which are what the physics uses.
    QVERIFY(canonical(fast) == canonical(slow));

    // Listing only every third atom gives exactly those rows of the full list.
    std::vector<char> centres(s.size(), 0);
    for (std::size_t i = 0; i < s.size(); ++i) centres[i] = i % 3 == 0;
    NeighborList some;
    buildNeighborList(cell, s.positions, cutoff, some, &centres);
    NeighborList expected;
    expected.offsets.push_back(0);
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (centres[i])
        for (std::size_t p = slow.begin(i); p < slow.end(i); ++p) {
          expected.index.push_back(slow.index[p]);
          expected.displacement.push_back(slow.displacement[p]);
        }
      expected.offsets.push_back(expected.index.size());
    }
    QVERIFY(some.offsets == expected.offsets);
    QVERIFY(canonical(some) == canonical(expected));
  }

  // The blow-up guard's closest pair: the smallest displacement of the list (brute force), and
  // on a 10^4-atom box a small fraction of one force evaluation, so it can run every step.
  void closestPairIsCheapAndExact() {
    const int side = 22;  // 22³ = 10648 atoms, 2.3 Å apart with a little disorder
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> jitter(-0.15, 0.15);
    Structure s;
    for (int a = 0; a < side; ++a)
      for (int b = 0; b < side; ++b)
        for (int c = 0; c < side; ++c) {
          s.symbols.push_back((a + b + c) % 2 ? "H" : "O");
          s.positions.push_back(2.3 * Eigen::Vector3d(a, b, c) +
                                Eigen::Vector3d(jitter(rng), jitter(rng), jitter(rng)));
        }
    s.positions[77] = s.positions[78] + Eigen::Vector3d(0.3, 0.2, 0.1);  // the closest pair
    const Cell cell(Eigen::Matrix3d::Identity() * 2.3 * side, {true, true, true});
    test::RandomModelSpec spec;  // H, O; cutoffs 5 and 4 Å
    QTemporaryDir dir;
    const std::string modelPath = dir.filePath("model.txt").toStdString();
    test::writeTextFile(modelPath, test::randomModelText(spec));
    auto model = std::make_shared<const NepModel>(readNepModel(modelPath));
    NepEvaluatorOptions options;
    options.threads = 1;
    NepEvaluator evaluator(model, options);
    ForceResult result;
    const auto types = model->typesOf(s, "box");
    const auto t0 = std::chrono::steady_clock::now();
    evaluator.compute(types, s.positions, cell, {}, result);
    const double force =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    QVERIFY(result.closest.reported);
    QVERIFY(std::min(result.closest.i, result.closest.j) == 77 &&
            std::max(result.closest.i, result.closest.j) == 78);
    QVERIFY(std::abs(result.closest.distance - std::sqrt(0.14)) < 1e-12);

    NeighborList list;
    buildNeighborList(cell, s.positions, spec.radialCutoff, list);
    const int repeats = 20;
    ClosestPair c;
    const auto t1 = std::chrono::steady_clock::now();
    for (int k = 0; k < repeats; ++k) c = closestPair(list);
    const double guard =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count() / repeats;
    QCOMPARE(c.distance, result.closest.distance);
    qInfo("10648 atoms, %zu pairs: force evaluation %.1f ms, closest pair %.3f ms (%.2f %%)",
          list.index.size(), force * 1e3, guard * 1e3, 100.0 * guard / force);
    QVERIFY2(guard < 0.05 * force, "the every-step guard must stay a small part of a step");
  }
};

QTEST_APPLESS_MAIN(TestNeighborList)
#include "TestNeighborList.moc"
