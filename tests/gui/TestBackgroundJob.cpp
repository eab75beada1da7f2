// The studio's background-job layer: work runs on the job's thread and its result is applied on
// the GUI thread; newer requests supersede waiting ones (Latest) or also the running one
// (Restart); queued requests all run in order; cancel; latest-wins posts and progress; errors.
#include <QtTest>
#include <atomic>

#include "BackgroundJob.hpp"

using namespace sei::studio;
using Policy = BackgroundJob::Policy;
using Task = BackgroundJob::Task;

namespace {

/// A request that holds the worker until `release` is set.
BackgroundJob::Work blocker(std::atomic<bool>& started, std::atomic<bool>& release) {
  return [&](Task&) -> std::function<void()> {
    started = true;
    while (!release) QThread::msleep(1);
    return {};
  };
}

}  // namespace

class TestBackgroundJob : public QObject {
  Q_OBJECT
 private slots:
  void workOnWorkerResultOnGuiThread() {
    BackgroundJob job("test");
    QThread* worker = nullptr;
    QThread* applied = nullptr;
    int result = 0;
    QSignalSpy idle(&job, &BackgroundJob::idle);
    job.submit([&](Task&) -> std::function<void()> {
      worker = QThread::currentThread();
      const int value = 6 * 7;  // computed on the worker
      return [&, value] {
        applied = QThread::currentThread();
        result = value;
      };
    });
    QVERIFY(job.busy());
    QVERIFY(idle.wait(10000));
    QCOMPARE(result, 42);
    QVERIFY(worker && worker != qApp->thread());
    QCOMPARE(applied, qApp->thread());
    QVERIFY(!job.busy());
  }

  void latestSupersedesWaitingRequests() {
    BackgroundJob job("test");
    std::atomic<bool> started{false}, release{false};
    job.submit(blocker(started, release), Policy::Queue, 1);
    QTRY_VERIFY(started);
    std::vector<int> ran, appliedValues;
    for (int k = 0; k < 5; ++k)
      job.submit([&, k](Task&) -> std::function<void()> {
        ran.push_back(k);
        return [&, k] { appliedValues.push_back(k); };
      });
    QCOMPARE(job.waiting(), std::size_t(1));  // only the newest waits
    QCOMPARE(job.superseded(), 4L);
    release = true;
    QSignalSpy idle(&job, &BackgroundJob::idle);
    QVERIFY(idle.wait(10000));
    QCOMPARE(ran, std::vector<int>{4});
    QCOMPARE(appliedValues, std::vector<int>{4});
  }

  void restartCancelsTheRunningRequestAndDropsItsResult() {
    BackgroundJob job("test");
    std::atomic<bool> firstStarted{false}, firstSawCancel{false};
    std::vector<int> appliedValues;
    job.submit(
        [&](Task& task) -> std::function<void()> {
          firstStarted = true;
          while (!task.cancelled()) QThread::msleep(1);
          firstSawCancel = true;
          return [&] { appliedValues.push_back(1); };
        },
        Policy::Restart);
    QTRY_VERIFY(firstStarted);
    job.submit([&](Task&) -> std::function<void()> { return [&] { appliedValues.push_back(2); }; },
               Policy::Restart);
    QSignalSpy idle(&job, &BackgroundJob::idle);
    QVERIFY(idle.wait(10000));
    QVERIFY(firstSawCancel);
    QCOMPARE(appliedValues, std::vector<int>{2});
  }

  void queuedRequestsAllRunInOrder() {
    BackgroundJob job("test");
    std::vector<int> appliedValues;
    for (int k = 0; k < 20; ++k)
      job.submit(
          [&, k](Task&) -> std::function<void()> { return [&, k] { appliedValues.push_back(k); }; },
          Policy::Queue);
    QSignalSpy idle(&job, &BackgroundJob::idle);
    QVERIFY(idle.wait(10000));
    QCOMPARE(appliedValues.size(), std::size_t(20));
    QVERIFY(std::is_sorted(appliedValues.begin(), appliedValues.end()));
    QCOMPARE(job.superseded(), 0L);
  }

  void cancelDropsWaitingAndStopsTheRunningRequest() {
    BackgroundJob job("test");
    std::atomic<bool> started{false};
    bool cancelledSeen = false, laterRan = false;
    job.submit(
        [&](Task& task) -> std::function<void()> {
          started = true;
          while (!task.cancelled()) QThread::msleep(1);
          return [&] { cancelledSeen = true; };
        },
        Policy::Queue);
    job.submit(
        [&](Task&) -> std::function<void()> {
          laterRan = true;
          return {};
        },
        Policy::Queue);
    QTRY_VERIFY(started);
    QSignalSpy idle(&job, &BackgroundJob::idle);
    job.cancel();
    QCOMPARE(job.waiting(), std::size_t(0));
    QVERIFY(idle.wait(10000));
    QVERIFY(cancelledSeen);  // the running request ended early and reported it
    QVERIFY(!laterRan);
  }

  void postsAndProgressAreLatestWins() {
    BackgroundJob job("test");
    std::vector<int> shown;
    std::vector<double> fractions;
    connect(&job, &BackgroundJob::progressed,
            [&](double fraction, const QString&) { fractions.push_back(fraction); });
    job.submit([&](Task& task) -> std::function<void()> {
      for (int k = 1; k <= 1000; ++k) {
        task.post(0, [&, k] { shown.push_back(k); });
        task.progress(k / 1000.0, "counting");
      }
      return {};
    });
    // The GUI thread is busy (no events) while the worker posts all 1000.
    QVERIFY(job.waitForWorker(10000));
    QSignalSpy idle(&job, &BackgroundJob::idle);
    QVERIFY(idle.wait(10000));
    QCOMPARE(shown, std::vector<int>{1000});
    QCOMPARE(job.replacedPosts(), 999L);
    QCOMPARE(fractions, std::vector<double>{1.0});
  }

  void errorsAreReported() {
    BackgroundJob job("test");
    QSignalSpy failed(&job, &BackgroundJob::failed);
    job.submit([](Task&) -> std::function<void()> { throw std::runtime_error("no such frame"); });
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.at(0).at(0).toString(), QString("no such frame"));
    QTRY_VERIFY(!job.busy());
  }
};

QTEST_GUILESS_MAIN(TestBackgroundJob)
#include "TestBackgroundJob.moc"
