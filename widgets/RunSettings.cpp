#include "RunSettings.hpp"

namespace sei::studio {

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
