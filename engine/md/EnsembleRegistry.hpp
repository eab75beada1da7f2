#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "md/Ensemble.hpp"
#include "md/EnsembleSettings.hpp"

namespace sei {

/// Which parameters follow an ensemble's keyword in run.in (GPUMD's forms).
enum class EnsembleForm {
  Plain,               ///< none (nve)
  Thermostat,          ///< T_start T_end T_coup
  ThermostatBarostat,  ///< T_start T_end T_coup, 1, 3 or 6 pressures and moduli, p_coup
};

/// One parameter as users see it: run.in name, unit, meaning.
struct EnsembleParameter {
  std::string name;         ///< GPUMD's name, e.g. "T_coup"
  std::string unit;         ///< "K", "GPa", "time steps"
  std::string description;  ///< for tooltips and --help
};

/// One ensemble, described once (LAMMPS' styles are the model): everything the run.in parser,
/// the run driver, checkpoints, projects and the studio need. An ensemble's source file
/// declares its descriptor with SEI_ENSEMBLE (below); the build collects them, so adding an
/// ensemble touches its own file and its test.
struct EnsembleDescriptor {
  std::string keyword;  ///< GPUMD's run.in keyword, also the name checkpoints record
  std::string label;    ///< for people: "NVT, Bussi velocity rescaling"
  EnsembleForm form = EnsembleForm::Plain;
  int menuOrder = 0;  ///< position in lists, menus and messages (NVE, then NVT, then NPT)
  /// The ensemble for a block with time step `timeStep` fs (GPUMD gives coupling times in time
  /// steps). `source` names run.in for errors (InputError with the ensemble's line).
  std::unique_ptr<Ensemble> (*make)(const EnsembleSettings& settings, double timeStep,
                                    const std::string& source) = nullptr;
};

/// Every registered ensemble, in menu order.
const std::vector<EnsembleDescriptor>& registeredEnsembles();
/// The ensemble with GPUMD keyword `keyword`; nullptr when none is registered.
const EnsembleDescriptor* findEnsemble(std::string_view keyword);
/// "nve, nvt_bdp, ... or npt_scr", for messages.
std::string ensembleKeywords();
/// The parameters of a form, with units, in run.in order (pressure components as the
/// orthogonal form writes them).
std::vector<EnsembleParameter> ensembleParameters(EnsembleForm form);
/// The ensemble `settings` names, built for a block with time step `timeStep` fs. Throws
/// InputError naming `source` and the ensemble's line for an unknown keyword.
std::unique_ptr<Ensemble> makeEnsemble(const EnsembleSettings& settings, double timeStep,
                                       const std::string& source);

}  // namespace sei

/// Declares the descriptor of an ensemble in its source file: SEI_ENSEMBLE(nvt_bdp) { return
/// {...}; }. CMake collects the names from md/*.cpp into md/EnsembleList.inc.
#define SEI_ENSEMBLE(keyword) const ::sei::EnsembleDescriptor& seiEnsemble_##keyword()
