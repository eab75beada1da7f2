#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::dataset {

/// One structure with the DFT labels a training set needs, in GPUMD's units, whatever program
/// computed it.
struct LabelledStructure {
  std::string source;   ///< "OUTCAR ionic step 3", "train.xyz structure 7", for messages
  Structure structure;  ///< symbols, positions (Å), cell, forces (eV/Å), per-atom charges (e);
                        ///< info holds the comment-line keys passed on as they are (config_type)
  bool hasEnergy = false;
  double energy = 0.0;  ///< total energy, eV
  bool hasVirial = false;
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< W = −V·σ (GPUMD's virial), eV
  bool hasTotalCharge = false;
  double totalCharge = 0.0;  ///< e, `charge=` (qNEP)

  bool hasForces() const {
    return structure.size() > 0 && structure.forces.size() == structure.size();
  }
};

/// Which of a DFT code's energies becomes the label. VASP prints three: the free energy
/// F = E − TS of the smeared electrons (TOTEN, e_fr_energy), whose derivatives the printed forces
/// are; E without the entropy term; and their σ → 0 extrapolation (E + F)/2. CP2K prints F only.
enum class EnergyKind { Free, WithoutEntropy, Sigma0 };

/// "free", "without-entropy" or "sigma0"; InputError naming `option` otherwise.
EnergyKind parseEnergyKind(const std::string& text, const std::string& option);
const char* energyKindName(EnergyKind kind);

/// GPUMD's training extended XYZ of `set`: energy= (eV), virial= (9 numbers xx xy xz yx yy yz zx
/// zy zz, eV) when known, charge= when known, the structure's passed-on keys, Lattice, pbc and
/// species:S:1:pos:R:3:forces:R:3 (+ charge:R:1 and bec:R:9 when present). Throws InputError
/// naming the structure's source for a missing energy or forces, a non-finite label or an
/// empty set.
std::string trainingXyzText(const std::vector<LabelledStructure>& set);

/// trainingXyzText written atomically to `path`.
void writeTrainingXyz(const std::string& path, const std::vector<LabelledStructure>& set);

/// The volume of a periodic structure (Å³); InputError naming `source` when the cell is not
/// periodic in all directions (a stress needs one).
double periodicVolume(const Structure& s, const std::string& source);

}  // namespace sei::dataset
