#pragma once

#include <QWidget>
#include <memory>
#include <string>
#include <vector>

#include "nep/NepModel.hpp"

class QLabel;
class QFormLayout;

namespace sei::studio {

/// One line naming the model's kind: "qNEP, charge mode 2 (nep4_zbl_charge2)".
QString modelKind(const NepModel& model);
/// The ZBL part in words: "none", "universal, 1.0–2.0 Å", "flexible (per pair)".
QString zblDescription(const NepModel& model);
/// Elements of the structure the model has no type for, in order of first appearance.
std::vector<std::string> missingElements(const NepModel& model,
                                         const std::vector<std::string>& structureElements);

/// Shows the loaded nep.txt (kind, ZBL, elements, cutoffs, size) and whether it covers the
/// structure's elements.
class ModelPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPanel(QWidget* parent = nullptr);

  void setModel(std::shared_ptr<const NepModel> model);
  void setStructureElements(const std::vector<std::string>& elements);
  /// The sentence under the model facts: what is missing, or that the model fits.
  QString fitMessage() const;

 signals:
  void loadRequested();

 private:
  void refresh();

  std::shared_ptr<const NepModel> model_;
  std::vector<std::string> structureElements_;
  QLabel* path_;
  QLabel* kind_;
  QLabel* zbl_;
  QLabel* elements_;
  QLabel* cutoffs_;
  QLabel* size_;
  QLabel* fit_;
};

}  // namespace sei::studio
