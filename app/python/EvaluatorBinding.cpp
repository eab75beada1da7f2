#include <memory>

#include "Bindings.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "md/StructureEvaluation.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei::python {
namespace {

/// The evaluator behind sei.Calculator: one NepEvaluator kept between calls (its neighbour list
/// and k-space work arrays are reused step after step in ASE's dynamics).
class Evaluator {
 public:
  Evaluator(const std::string& model, const std::string& kspace, int threads, double temperature)
      : evaluator_(std::make_shared<const NepModel>(readNepModel(findModel(model, "."))),
                   options(kspace, threads, temperature)) {}

  bool hasCharges() const { return evaluator_.model().hasCharges(); }

  /// Everything `sei eval` writes, as arrays: energy (eV), energies (eV), forces (eV/Å), virial
  /// and virials (W = Σ r ⊗ F, eV), and for qNEP charges (e) and bec (e).
  py::dict compute(const std::vector<std::string>& symbols, const py::array_t<double>& positions,
                   const py::array_t<double>& cell, const std::array<bool, 3>& pbc) {
    const Structure structure = structureFromArrays(symbols, positions, cell, pbc);
    ForceResult r;
    {
      py::gil_scoped_release release;  // OpenMP threads inside; Python threads may go on
      r = evaluateStructure(evaluator_, structure, "ase.Atoms", false);
    }
    py::dict d;
    d["energy"] = r.energy;
    d["energies"] = py::array_t<double>(r.perAtomEnergy.size(), r.perAtomEnergy.data());
    d["forces"] = vectorsToArray(r.forces);
    d["virial"] = matrixToArray(r.virial);
    d["virials"] = tensorsToArray(r.perAtomVirial);
    if (hasCharges()) {
      d["charges"] = py::array_t<double>(r.charges.size(), r.charges.data());
      d["bec"] = tensorsToArray(r.bec);
    }
    return d;
  }

 private:
  static NepEvaluatorOptions options(const std::string& kspace, int threads, double temperature) {
    if (threads < 0)
      throw InputError("threads: expected 0 (all) or more, got " + std::to_string(threads));
    NepEvaluatorOptions o;
    o.kspace = parseKSpaceMethod(kspace);
    o.threads = threads;
    o.temperature = temperature;
    return o;
  }

  NepEvaluator evaluator_;
};

}  // namespace

void bindEvaluator(py::module_& m) {
  py::class_<Evaluator>(m, "Evaluator",
                        "NEP / qNEP evaluator (the CPU reference, double precision) behind "
                        "sei.Calculator; model files are looked up as `sei run` does.")
      .def(py::init<const std::string&, const std::string&, int, double>(), py::arg("model"),
           py::arg("kspace") = "ewald", py::arg("threads") = 0, py::arg("temperature") = 300.0)
      .def_property_readonly("has_charges", &Evaluator::hasCharges)
      .def("compute", &Evaluator::compute, py::arg("symbols"), py::arg("positions"),
           py::arg("cell"), py::arg("pbc"));
}

}  // namespace sei::python
