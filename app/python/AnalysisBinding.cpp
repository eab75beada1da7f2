#include <omp.h>

#include <set>

#include "Bindings.hpp"
#include "analysis/TrajectoryPass.hpp"
#include "core/Error.hpp"
#include "run/RunInput.hpp"

namespace sei::python {
namespace {

/// The thread count of an analysis, for its duration only: the process' OpenMP default is the
/// user's (the calculator's threads=0 means it).
class ScopedThreads {
 public:
  explicit ScopedThreads(int threads) : saved_(omp_get_max_threads()) {
    if (threads > 0) omp_set_num_threads(threads);
  }
  ~ScopedThreads() { omp_set_num_threads(saved_); }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  int saved_;
};

py::array_t<double> toArray(const std::vector<double>& v) {
  return py::array_t<double>(v.size(), v.data());
}

/// Frames given from Python: dicts of symbols, positions, cell, pbc, charges (None or an
/// array, e), step and time (fs).
std::vector<TrajectoryFrame> framesFromPython(const py::sequence& frames) {
  std::vector<TrajectoryFrame> out;
  for (const py::handle item : frames) {
    const py::dict d = py::reinterpret_borrow<py::dict>(item);
    TrajectoryFrame f;
    f.structure = structureFromArrays(
        d["symbols"].cast<std::vector<std::string>>(), d["positions"].cast<py::array_t<double>>(),
        d["cell"].cast<py::array_t<double>>(), d["pbc"].cast<std::array<bool, 3>>());
    if (!d["charges"].is_none()) {
      f.structure.charges = d["charges"].cast<std::vector<double>>();
      if (f.structure.charges.size() != f.structure.size())
        throw InputError("charges: expected one per atom");
    }
    f.index = out.size();
    f.step = d["step"].cast<std::int64_t>();
    f.time = d["time"].cast<double>();
    out.push_back(std::move(f));
  }
  return out;
}

/// A subset of `sei analyze` returning arrays: species counts per frame and g(r) with running
/// coordination numbers of element or species pairs, averaged over the frames. `trajectory`: a
/// file (str) or frames (framesFromPython).
py::dict analyze(const py::object& trajectory, bool species, const std::vector<std::string>& rdf,
                 double rdfMax, double rdfBin, std::size_t first, std::size_t last,
                 std::size_t stride, const std::string& topology, const std::string& bonds,
                 int lifetime, int threads) {
  if (!species && rdf.empty()) throw InputError("nothing to do: expected species=True or rdf=");
  if (!(rdfMax > 0.0) || !(rdfBin > 0.0) || rdfBin > rdfMax || rdfMax > 50.0 ||
      rdfMax / rdfBin > 1e6)
    throw InputError("rdf_max and rdf_bin: expected 0 < rdf_bin <= rdf_max <= 50 Å");
  if (stride == 0) throw InputError("frames: the step must be at least 1");
  if (lifetime < 1) throw InputError("lifetime: expected at least 1 frame");
  analysis::PipelineOptions po;
  po.species = species;
  po.rdfPairs = rdf;
  po.rdfMax = rdfMax;
  po.rdfBinWidth = rdfBin;
  po.speciesOptions.lifetime = lifetime;
  if (!bonds.empty()) po.speciesOptions.bonds.applyOverrides(bonds, "bonds");
  analysis::AnalysisPipeline pipeline(po);
  const analysis::FrameRange range{first, last, stride};
  if (py::isinstance<py::str>(trajectory)) {
    const std::string path = trajectory.cast<std::string>();
    py::gil_scoped_release release;
    ScopedThreads scoped(threads);
    TrajectoryReader reader(path, topology, stepClockBeside(path));
    analyzeTrajectory(reader, range, pipeline);
  } else {
    const std::vector<TrajectoryFrame> frames = framesFromPython(trajectory);
    py::gil_scoped_release release;
    ScopedThreads scoped(threads);
    std::size_t next = 0;
    analyzeTrajectory(
        [&](TrajectoryFrame& f) {
          if (next == frames.size()) return false;
          f = frames[next++];
          return true;
        },
        "frames", range, pipeline);
  }
  if (pipeline.rdf()) pipeline.rdf()->requirePairs("rdf");

  py::dict out;
  const std::size_t frames = pipeline.frames();
  out["frames"] = frames;
  if (pipeline.runsSpecies()) {
    const auto& series = pipeline.speciesSeries();
    std::vector<std::int64_t> steps;
    std::vector<double> times;
    std::set<std::string> names;
    for (const auto& sample : series) {
      steps.push_back(sample.step);
      times.push_back(sample.time);
      for (const auto& [name, count] : sample.counts) names.insert(name);
    }
    py::dict counts;
    for (const auto& name : names) {
      std::vector<int> perFrame;
      for (const auto& sample : series) {
        const auto it = sample.counts.find(name);
        perFrame.push_back(it == sample.counts.end() ? 0 : it->second);
      }
      counts[py::str(name)] = py::array_t<int>(perFrame.size(), perFrame.data());
    }
    out["step"] = py::array_t<std::int64_t>(steps.size(), steps.data());
    out["time"] = toArray(times);
    out["species"] = counts;
  }
  if (const auto* acc = pipeline.rdf()) {
    py::dict curves;
    for (std::size_t p = 0; p < acc->pairCount(); ++p) {
      const analysis::RdfCurve curve = acc->curve(p);
      py::dict c;
      c["r"] = toArray(curve.r);
      c["g"] = toArray(curve.g);
      c["cn"] = toArray(curve.cn);
      curves[py::str(curve.label)] = c;
    }
    out["rdf"] = curves;
  }
  return out;
}

}  // namespace

void bindAnalysis(py::module_& m) {
  m.def("analyze", &analyze, py::arg("trajectory"), py::arg("species"), py::arg("rdf"),
        py::arg("rdf_max"), py::arg("rdf_bin"), py::arg("first"), py::arg("last"),
        py::arg("stride"), py::arg("topology"), py::arg("bonds"), py::arg("lifetime"),
        py::arg("threads"),
        "Analyses a trajectory file or frames as `sei analyze` does; see sei.analyze.");
}

}  // namespace sei::python
