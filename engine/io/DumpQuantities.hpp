#pragma once

namespace sei {

/// Per-atom quantities a dump writes besides species and wrapped positions, by GPUMD's keyword.
struct DumpQuantities {
  bool mass = false;               ///< `mass`, amu
  bool charge = false;             ///< `charge`, e (qNEP's predicted charges)
  bool bec = false;                ///< `bec`, e, Born effective charges (qNEP trained on BEC)
  bool velocity = false;           ///< `velocity`, Å/fs
  bool force = false;              ///< `force`, eV/Å
  bool potential = false;          ///< `potential`, per-atom potential energy, eV
  bool unwrappedPosition = false;  ///< `unwrapped_position`, Å
  bool virial = false;             ///< `virial`, per-atom virial, eV
};

/// Floating-point digits GPUMD writes: 9 significant (single, its default) or 17 (double).
enum class DumpPrecision { Single, Double };

}  // namespace sei
