#pragma once

#include <QString>
#include <functional>

namespace sei::studio {

/// The Builder panel's fields that a build error can point at.
enum class RecipeField {
  None,
  Metal,
  LatticeConstant,
  SurfaceCells,
  Layers,
  WettedFaces,
  Solvents,
  Cation,
  Anion,
  Molarity,
  Additives,
  Density,
  Amount,
  SolventMolecules,
  LateralSize,
  Gap,
  Vacuum,
  Tolerance,
  MetalTolerance,
  IonDistance,
  PackingSweeps,
};

/// A build error as the panel shows it: the field it is about and a message in the form's words.
struct ExplainedBuildError {
  RecipeField field = RecipeField::None;
  QString message;  ///< "<field label>: <what is wrong>", without recipe-file keys
};

/// Reads an error of buildInterface() for the Builder panel. The engine names recipe-file keys
/// ("recipe vacuum: ... set wetted_faces to \"one\"", "metal slab: ...") because its errors
/// serve recipe files and the CLI; here the field is found from the key or the wording, and
/// every key is replaced by the field's label as `label` gives it. `hasElectrode`: whether the
/// recipe has an electrode (a too narrow lateral cell is then its surface cells).
ExplainedBuildError explainBuildError(const QString& error, bool hasElectrode,
                                      const std::function<QString(RecipeField)>& label);

}  // namespace sei::studio
