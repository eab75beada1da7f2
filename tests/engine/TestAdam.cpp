// The Adam optimiser and learning-rate schedule of GPUMD's gnep (training/Adam) against
// hand-computed values and a quadratic minimum.
#include <QtTest>
#include <cmath>

#include "training/Adam.hpp"

using namespace sei::training;

class TestAdam : public QObject {
  Q_OBJECT

 private slots:
  // The first two updates written out: m̂₁ = g₁, v̂₁ = g₁² (step lr·g/(|g|+ε)); then
  // m₂ = 0.9·0.1g₁ + 0.1g₂, v₂ = 0.999·0.001g₁² + 0.001g₂², corrected by 1 − 0.9², 1 − 0.999².
  void firstSteps() {
    Adam adam(2, 0.0, false);
    std::vector<double> theta = {1.0, -2.0};
    const double lr = 0.01;
    std::vector<double> g1 = {0.5, -3.0};
    adam.update(lr, g1, theta);
    QCOMPARE(theta[0], 1.0 - lr * 0.5 / (0.5 + Adam::kEpsilon));
    QCOMPARE(theta[1], -2.0 + lr * 3.0 / (3.0 + Adam::kEpsilon));
    const double before[2] = {theta[0], theta[1]};
    std::vector<double> g2 = {0.25, 1.0};
    adam.update(lr, g2, theta);
    const double first[2] = {0.5, -3.0}, second[2] = {0.25, 1.0};
    for (int i = 0; i < 2; ++i) {
      const double m = (0.9 * 0.1 * first[i] + 0.1 * second[i]) / (1 - 0.81);
      const double v =
          (0.999 * 0.001 * first[i] * first[i] + 0.001 * second[i] * second[i]) / (1 - 0.998001);
      QVERIFY(std::abs(theta[i] - (before[i] - lr * m / (std::sqrt(v) + Adam::kEpsilon))) < 1e-15);
    }
    QCOMPARE(adam.state().steps, 2L);
  }

  // With a zero gradient only the decay acts: θ_k = θ₀(1 − lr·λ)^k.
  void weightDecay() {
    Adam adam(1, 0.5);
    std::vector<double> theta = {3.0};
    for (int k = 0; k < 10; ++k) {
      std::vector<double> zero = {0.0};
      adam.update(0.1, zero, theta);
    }
    QVERIFY(std::abs(theta[0] - 3.0 * std::pow(1 - 0.1 * 0.5, 10)) < 1e-14);
  }

  // Clipping: the first norm sets the average (nothing clipped unless above 10); a gradient of
  // twice the norm is clipped to the new average 0.9·n + 0.1·2n = 1.1n.
  void clipping() {
    Adam adam(2);
    std::vector<double> theta = {0.0, 0.0};
    std::vector<double> g = {3.0, 4.0};  // norm 5
    adam.update(1e-3, g, theta);
    QCOMPARE(g[0], 3.0);
    QCOMPARE(adam.state().averageNorm, 5.0);
    std::vector<double> big = {6.0, 8.0};  // norm 10
    adam.update(1e-3, big, theta);
    QVERIFY(std::abs(std::hypot(big[0], big[1]) - 5.5) < 1e-14);
    std::vector<double> huge = {600.0, 800.0};  // average 0.9·5.5 + 100 > 10: clipped to 10
    adam.update(1e-3, huge, theta);
    QVERIFY(std::abs(std::hypot(huge[0], huge[1]) - 10.0) < 1e-12);
  }

  // Minimising ½Σ a_i(θ_i − c_i)² with gnep's schedule reaches the minimum.
  void quadratic() {
    const std::vector<double> a = {1.0, 10.0, 0.1, 3.0}, c = {1.0, -2.0, 0.5, 4.0};
    LearningRateSchedule schedule;
    schedule.startLr = 0.05;
    schedule.stopLr = 1e-6;
    schedule.epochs = 400;
    schedule.batchesPerEpoch = 5;
    Adam adam(a.size());
    std::vector<double> theta(a.size(), 0.0), g(a.size());
    for (int step = 0; step < schedule.totalSteps(); ++step) {
      for (std::size_t i = 0; i < a.size(); ++i) g[i] = a[i] * (theta[i] - c[i]);
      adam.update(schedule.at(step), g, theta);
    }
    for (std::size_t i = 0; i < a.size(); ++i)
      QVERIFY2(std::abs(theta[i] - c[i]) < 1e-4,
               qPrintable(QString("θ_%1 = %2, minimum at %3").arg(i).arg(theta[i]).arg(c[i])));
  }

  void cosineSchedule() {
    LearningRateSchedule s;
    s.startLr = 1e-3;
    s.stopLr = 1e-5;
    s.epochs = 11;
    s.batchesPerEpoch = 4;  // warm-up steps 0..3, cosine over the remaining 40
    QCOMPARE(s.at(0), 1e-5);
    QCOMPARE(s.at(2), 1e-5 + 0.5 * (1e-3 - 1e-5));
    QCOMPARE(s.at(4), 1e-3);
    QVERIFY(std::abs(s.at(24) - 0.5 * (1e-3 + 1e-5)) < 1e-18);
    QVERIFY(std::abs(s.at(14) - (1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + std::cos(M_PI / 4)))) < 1e-18);
    QVERIFY(s.at(43) > s.stopLr);
    QVERIFY(std::abs(s.at(44) - 1e-5) < 1e-18);  // one past the last step: the cosine's end
  }

  void restartSchedule() {
    LearningRateSchedule s;
    s.startLr = 1e-2;
    s.stopLr = 1e-4;
    s.epochs = 40;
    s.batchesPerEpoch = 2;
    s.cosineRestart = true;
    s.warmupEpochs = 2;         // steps 0..3
    s.restartPeriodEpochs = 5;  // cycles of 10, 20, 40 and 80 steps, the last cut to 6
    s.periodFactor = 2.0;
    s.decayFactor = 0.5;
    QCOMPARE(s.at(0), 1e-4);
    QCOMPARE(s.at(4), 1e-2);                                   // cycle 0 starts at the peak
    QVERIFY(std::abs(s.at(9) - 0.5 * (1e-2 + 1e-4)) < 1e-17);  // its middle
    QCOMPARE(s.at(14), 1e-4 + (0.5e-2 - 1e-4));                // cycle 1 peaks at start·0.5
    QVERIFY(std::abs(s.at(24) - (1e-4 + (0.5e-2 - 1e-4) * 0.5)) < 1e-17);
    QCOMPARE(s.at(34), 1e-4 + (0.25e-2 - 1e-4));  // cycle 2
    QVERIFY(std::abs(s.at(54) - (1e-4 + (0.25e-2 - 1e-4) * 0.5)) < 1e-17);
    QCOMPARE(s.at(74), 1e-4 + (1.25e-3 - 1e-4));  // cycle 3, steps 74..79
    QVERIFY(std::abs(s.at(77) - (1e-4 + (1.25e-3 - 1e-4) * 0.5)) < 1e-17);
  }

  void batches() {
    // gnep: 25 structures, batch 10 → 3 batches of 9, 8, 8.
    const auto b = miniBatches(25, 10);
    QCOMPARE(b.size(), std::size_t(3));
    QCOMPARE(b[0], std::make_pair(std::size_t(0), std::size_t(9)));
    QCOMPARE(b[1], std::make_pair(std::size_t(9), std::size_t(17)));
    QCOMPARE(b[2], std::make_pair(std::size_t(17), std::size_t(25)));
    QCOMPARE(miniBatches(25, 1000).size(), std::size_t(1));
    QCOMPARE(miniBatches(4, 1).size(), std::size_t(4));
  }

  void shift() {
    // Two structures: 2 A + 1 B (−10 eV), 1 A + 3 B (−14 eV): N = (3, 4), E = −24,
    // x = N·E/(9 + 16 + 0.001).
    const auto x = energyShift({{2, 1}, {1, 3}}, {-10.0, -14.0});
    QCOMPARE(x.size(), std::size_t(2));
    QVERIFY(std::abs(x[0] - 3 * -24.0 / 25.001) < 1e-14);
    QVERIFY(std::abs(x[1] - 4 * -24.0 / 25.001) < 1e-14);
  }
};

QTEST_GUILESS_MAIN(TestAdam)
#include "TestAdam.moc"
