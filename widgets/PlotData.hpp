#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/Pipeline.hpp"
#include "io/GpumdOutput.hpp"

namespace sei::studio {

/// Thermodynamic state at one step: a line of thermo.out, or a live frame's same numbers (the
/// thermo plot's quantities, widgets/ThermoQuantities, are computed from it).
struct ThermoSample {
  std::int64_t step = 0;
  double time = 0.0;    ///< fs
  ThermoRecord record;  ///< T (K), K and U (eV), pressure tensor (GPa), cell (Å)
};

/// Everything the plots show, copied out of the analysis thread as one immutable value: the
/// time series since the run (or the analysis) started and the current RDF averages.
struct PlotData {
  std::vector<ThermoSample> thermo;
  std::vector<analysis::SpeciesSample> species;
  std::vector<analysis::RdfCurve> rdf;
  std::size_t rdfFrames = 0;  ///< frames in the RDF average
  std::vector<analysis::SolvationSample> solvation;
  std::vector<analysis::InterfaceSample> interface;  ///< Na charge statistics per frame
  bool hasCharges = false;
  /// Profiles along the surface normal, averaged over the frames: bin centres (Å), number
  /// density per element (Å⁻³) and charge density (e/Å³; empty without charges).
  std::vector<double> profileZ;
  std::map<std::string, std::vector<double>> elementDensity;
  std::vector<double> chargeDensity;
  /// Reactions found so far (bond events grouped by species), in frame order.
  std::vector<analysis::Reaction> reactions;
  /// Mean height of each species above the metal surface per frame (species transport).
  std::vector<analysis::TransportSample> transport;
};

}  // namespace sei::studio
