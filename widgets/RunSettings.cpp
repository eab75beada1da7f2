#include "RunSettings.hpp"

namespace sei::studio {

std::unique_ptr<Ensemble> makeEnsemble(const RunSettings& s) {
  switch (s.ensemble) {
    case EnsembleKind::Nve:
      return makeNve();
    case EnsembleKind::Langevin:
      return makeLangevin(s.temperature, s.thermostatTau);
    case EnsembleKind::Bussi:
      return makeBussi(s.temperature, s.thermostatTau);
    case EnsembleKind::NoseHoover:
      return makeNoseHooverChain(s.temperature, s.thermostatTau);
    case EnsembleKind::NptScr: {
      BarostatSettings barostat;
      barostat.coupling = s.coupling;
      barostat.pressure = Eigen::Vector3d::Constant(s.pressure);
      barostat.tau = s.barostatTau;
      return makeStochasticCellRescaling(s.temperature, s.thermostatTau, barostat);
    }
  }
  return makeNve();
}

const char* ensembleLabel(EnsembleKind kind) {
  switch (kind) {
    case EnsembleKind::Nve:
      return "NVE (velocity Verlet)";
    case EnsembleKind::Langevin:
      return "NVT Langevin (BAOAB)";
    case EnsembleKind::Bussi:
      return "NVT Bussi (velocity rescaling)";
    case EnsembleKind::NoseHoover:
      return "NVT Nos\u00e9\u2013Hoover chain";
    case EnsembleKind::NptScr:
      return "NPT stochastic cell rescaling";
  }
  return "";
}

}  // namespace sei::studio
