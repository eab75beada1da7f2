#include "Bindings.hpp"
#include "core/Error.hpp"
#include "md/Simulation.hpp"

// The compiled part of the Python package `sei` (the package's __init__.py and calculator.py
// wrap it into ASE objects). Engine errors arrive as Python exceptions: bad input as
// sei.InputError (a ValueError, its message naming the file or field), a file that could not be
// written as sei.OutputError (an OSError), an exploded run as sei.BlowUpError.
PYBIND11_MODULE(_sei, m) {
  namespace py = pybind11;
  m.doc() = "SEI Studio engine: NEP/qNEP evaluation, builder, analysis and runs";
  py::register_exception<sei::InputError>(m, "InputError", PyExc_ValueError);
  py::register_exception<sei::OutputError>(m, "OutputError", PyExc_OSError);
  py::register_exception<sei::BlowUpError>(m, "BlowUpError", PyExc_RuntimeError);
  sei::python::bindEvaluator(m);
  sei::python::bindBuilder(m);
  sei::python::bindAnalysis(m);
  sei::python::bindRun(m);
}
