#include "RunSettings.hpp"

namespace sei::studio {

std::unique_ptr<Ensemble> makeEnsemble(const RunSettings& s) {
  switch (s.ensemble) {
    case RunEnsemble::Nve:
      return makeNve();
    case RunEnsemble::Langevin:
      return makeLangevin(s.temperature, s.thermostatTau);
    case RunEnsemble::Bussi:
      return makeBussi(s.temperature, s.thermostatTau);
    case RunEnsemble::NoseHoover:
      return makeNoseHooverChain(s.temperature, s.thermostatTau);
    case RunEnsemble::NptScr: {
      BarostatSettings barostat;
      barostat.coupling = s.coupling;
      barostat.pressure = Eigen::Vector3d::Constant(s.pressure);
      barostat.tau = s.barostatTau;
      return makeStochasticCellRescaling(s.temperature, s.thermostatTau, barostat);
    }
  }
  return makeNve();
}

const char* ensembleLabel(RunEnsemble kind) {
  switch (kind) {
    case RunEnsemble::Nve:
      return "NVE (velocity Verlet)";
    case RunEnsemble::Langevin:
      return "NVT Langevin (BAOAB)";
    case RunEnsemble::Bussi:
      return "NVT Bussi (velocity rescaling)";
    case RunEnsemble::NoseHoover:
      return "NVT Nos\u00e9\u2013Hoover chain";
    case RunEnsemble::NptScr:
      return "NPT stochastic cell rescaling";
  }
  return "";
}

}  // namespace sei::studio
