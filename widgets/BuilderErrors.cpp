#include "BuilderErrors.hpp"

#include <QRegularExpression>
#include <utility>

namespace sei::studio {

namespace {

/// Recipe-file keys (and SlabSpec members) that engine messages name, by field.
const std::pair<const char*, RecipeField> kKeys[] = {
    {"wetted_faces", RecipeField::WettedFaces},
    {"solvent_molecules", RecipeField::SolventMolecules},
    {"lateral_size", RecipeField::LateralSize},
    {"lattice_constant", RecipeField::LatticeConstant},
    {"metal_tolerance", RecipeField::MetalTolerance},
    {"ion_distance", RecipeField::IonDistance},
    {"max_sweeps", RecipeField::PackingSweeps},
    {"repeatsA", RecipeField::SurfaceCells},
    {"repeatsB", RecipeField::SurfaceCells},
    {"targetLateralA", RecipeField::SurfaceCells},
    {"targetLateralB", RecipeField::SurfaceCells},
};

/// The field of a "recipe <key>: " prefix; `message` helps where one key covers several fields.
RecipeField fieldOfKey(QString key, const QString& message) {
  key.remove(QRegularExpression(R"(\[\d+\])"));  // electrolyte.solvents[0]
  const std::pair<const char*, RecipeField> fields[] = {
      {"packing.tolerance", RecipeField::Tolerance},
      {"packing.metal_tolerance", RecipeField::MetalTolerance},
      {"packing.ion_distance", RecipeField::IonDistance},
      {"packing.max_sweeps", RecipeField::PackingSweeps},
      {"gap", RecipeField::Gap},
      {"vacuum", RecipeField::Vacuum},
      {"electrolyte.additives", RecipeField::Additives},
      {"electrolyte.lateral_size", RecipeField::LateralSize},
      {"electrolyte.solvents", RecipeField::Solvents},
      {"electrolyte.thickness", RecipeField::Amount},
      {"electrolyte.solvent_molecules", RecipeField::SolventMolecules},
      {"electrolyte.salt.cation", RecipeField::Cation},
      {"electrolyte.salt.anion", RecipeField::Anion},
  };
  for (const auto& [name, field] : fields)
    if (key == QLatin1String(name)) return field;
  if (key == "electrolyte")  // the amount of liquid, or its net charge from charged additives
    return message.contains("net charge") ? RecipeField::Additives : RecipeField::Amount;
  return RecipeField::None;
}

/// The field of a message without a key: the slab's, the composition's and the packer's own.
RecipeField fieldOfWording(const QString& m, bool hasElectrode) {
  if (m.startsWith("metal slab:")) {
    if (m.contains("unknown element")) return RecipeField::Metal;
    if (m.contains("lattice constant")) return RecipeField::LatticeConstant;
    if (m.contains("layers =")) return RecipeField::Layers;
    return RecipeField::SurfaceCells;  // repeats, target sizes, too many atoms
  }
  if (m.contains("lateral cell must be at least"))
    return hasElectrode ? RecipeField::SurfaceCells : RecipeField::LateralSize;
  const std::pair<const char*, RecipeField> wordings[] = {
      {"at least one solvent", RecipeField::Solvents},
      {"tabulated density", RecipeField::Solvents},
      {"has fraction", RecipeField::Solvents},
      {"salt alone weighs", RecipeField::Molarity},
      {"molarity", RecipeField::Molarity},
      {"solution density", RecipeField::Density},
      {"half a salt unit", RecipeField::Amount},
      {"too small to hold one molecule", RecipeField::Amount},
      {"larger than the liquid region", RecipeField::Amount},
      {"liquid region is empty", RecipeField::Amount},
      {"liquid volume", RecipeField::Amount},
      {"could not pack", RecipeField::Tolerance},
  };
  for (const auto& [words, field] : wordings)
    if (m.contains(QLatin1String(words))) return field;
  return RecipeField::None;
}

/// Numbers as people write them: std::to_string's 0.000000 is 0, 2.500000 is 2.5.
QString plainNumbers(const QString& text) {
  static const QRegularExpression decimal(R"(\d+\.\d+)");
  QString out;
  qsizetype done = 0;
  for (auto it = decimal.globalMatch(text); it.hasNext();) {
    const QRegularExpressionMatch m = it.next();
    QString number = m.captured();
    while (number.endsWith('0')) number.chop(1);
    if (number.endsWith('.')) number.chop(1);
    out += text.mid(done, m.capturedStart() - done) + number;
    done = m.capturedEnd();
  }
  return out + text.mid(done);
}

}  // namespace

ExplainedBuildError explainBuildError(const QString& error, bool hasElectrode,
                                      const std::function<QString(RecipeField)>& label) {
  ExplainedBuildError e;
  QString body = error.trimmed();
  static const QRegularExpression prefix(R"(^recipe ([A-Za-z_.\[\]0-9]+): )");
  if (const QRegularExpressionMatch m = prefix.match(body); m.hasMatch()) {
    body.remove(0, m.capturedLength());
    e.field = fieldOfKey(m.captured(1), body);
  } else {
    e.field = fieldOfWording(body, hasElectrode);
    body.remove(QRegularExpression("^metal slab: "));
  }
  for (const auto& [key, field] : kKeys)
    body.replace(QRegularExpression(QString(R"(\b%1\b)").arg(key)),
                 QString("\u201c%1\u201d").arg(label(field)));
  body = plainNumbers(body);
  // Choice values as the form's combo boxes begin: "one", "both".
  body.replace(QRegularExpression(R"re("(one|both)")re"), "\u201c\\1\u201d");
  e.message = e.field == RecipeField::None ? body : label(e.field) + ": " + body;
  return e;
}

}  // namespace sei::studio
