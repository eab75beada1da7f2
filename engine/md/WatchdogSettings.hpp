#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sei {

/// The potential watchdog as run.in's `watchdog` line states it (md/Watchdog runs it). Every
/// threshold ≤ 0 switches its check off (`off` in run.in). The defaults stop a run whose model is
/// clearly outside what it was trained on, not one that is merely hot.
struct WatchdogSettings {
  int line = 0;               ///< line of the `watchdog` command
  std::int64_t interval = 0;  ///< steps between checks (each block counts from its start); 0: off
  /// Further models of the same elements (run.in's paths, relative to the run folder); with the
  /// run's own model they form the committee whose force disagreement is checked.
  std::vector<std::string> committee;
  /// Committee disagreement, eV/Å: max over atoms of √(⟨|F_m − ⟨F⟩|²⟩_m) (population average
  /// over the committee, DeePMD's max_devi_f); 0.3 is a common upper trust level of active
  /// learning (DP-GEN), where labels stop being worth taking and the run is lost.
  double forceStd = 0.3;
  /// Largest force of the run's model, eV/Å: well above thermal forces at 1000 K (< 10 eV/Å) and
  /// well below the blow-up guard's 100 eV/Å, which stops a run that already exploded.
  double maxForce = 20.0;
  /// Drift of the conserved energy (kinetic + potential + thermostat reservoir) from the start
  /// of the block, eV/atom; not checked in npt blocks, whose barostat work is not accounted.
  double drift = 0.05;
  /// |Σ q̂ − Q|/N of the qNEP network's raw charges q̂ against the total charge Q = 0 that MD
  /// neutralises to: the shift every atom's charge gets, e/atom (per atom, so that one default
  /// holds for any size); qNEP models only. Trained models stay near 0.002 e/atom (GPUMD's
  /// water, BaTiO3 and PbTe test models on their structures: 0.0022, 0.0024, 0.0003).
  double neutrality = 0.02;
  /// Pairs closer than this fraction of the sum of their covalent radii (Cordero) fire;
  /// 0.6: 0.37 Å for H–H, 0.58 Å for O–H, 1.34 Å for Na–F.
  double covalentFraction = 0.6;
  double minDistance = 0.0;  ///< Å; pairs closer than this fire whatever their elements
  /// Descriptor extrapolation: a training set (extended XYZ; run.in's path, relative to the run
  /// folder) and the largest descriptor distance of an atom to it under the run's model (scaled
  /// descriptor units, md/DescriptorDistance); off (0) unless run.in names both.
  std::string extrapolationReference;
  double extrapolation = 0.0;
  /// Earlier checked frames written with the offending one (the approach to the event).
  int history = 2;
};

}  // namespace sei
