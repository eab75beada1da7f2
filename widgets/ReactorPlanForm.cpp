#include "ReactorPlanForm.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QStringList>
#include <QVBoxLayout>
#include <algorithm>
#include <fstream>
#include <sstream>

namespace sei::studio {
namespace {

using nlohmann::json;

const char* const kHighlight = "background-color: #ffd6d6;";

/// The JSON pointer of a dotted key: "test.watchdog.fmax" → /test/watchdog/fmax.
json::json_pointer pointerOf(const QString& key) {
  QString p = key;
  return json::json_pointer(("/" + p.replace('.', '/')).toStdString());
}

bool present(const json& j, const QString& key) { return j.contains(pointerOf(key)); }

/// The field key an engine message names: "FILE: sampling: peak_temperature: expected ..." →
/// sampling.peak_temperature, "FILE: test.temperature: ..." → test.temperature, list indices
/// dropped (recipes[1] → recipes). The longest dotted prefix of the message's parts that
/// `known` accepts; empty when none does.
QString keyOfMessage(QString message, const std::function<bool(const QString&)>& known) {
  QStringList parts;
  for (QString part : message.split(QStringLiteral(": "))) {
    part.remove(QRegularExpression(QStringLiteral("\\[\\d+\\]")));
    parts << part.trimmed();
  }
  QString best;
  for (int first = 0; first < parts.size(); ++first) {
    QString key;
    for (int k = first; k < parts.size() && k < first + 3; ++k) {
      key += (key.isEmpty() ? "" : ".") + parts[k];
      if (known(key) && key.size() > best.size()) best = key;
    }
  }
  return best;
}

QString recipeName(const json& recipe, int index) {
  QStringList parts;
  const json& r = recipe.contains("recipe") ? recipe["recipe"] : recipe;
  if (r.contains("electrode") && !r["electrode"].is_null()) parts << QObject::tr("electrode");
  if (r.contains("electrolyte") && r["electrolyte"].is_object()) {
    const json& e = r["electrolyte"];
    if (e.contains("solvents") && e["solvents"].is_array())
      parts << QObject::tr("%n solvent(s)", nullptr, static_cast<int>(e["solvents"].size()));
    if (e.contains("salt") && !e["salt"].is_null()) parts << QObject::tr("salt");
  }
  if (r.contains("products") && r["products"].is_array() && !r["products"].empty())
    parts << QObject::tr("%n product(s)", nullptr, static_cast<int>(r["products"].size()));
  return QObject::tr("recipe %1: %2")
      .arg(index + 1)
      .arg(parts.isEmpty() ? QObject::tr("(as written)") : parts.join(", "));
}

}  // namespace

ReactorPlanForm::ReactorPlanForm(QWidget* parent)
    : QWidget(parent),
      recipes_(new QListWidget),
      addBuilder_(new QPushButton(tr("Add the Builder's recipe"))),
      error_(new QLabel) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  QFormLayout* form = nullptr;
  auto section = [&](const QString& title) {
    auto* box = new QGroupBox(title);
    form = new QFormLayout(box);
    layout->addWidget(box);
  };
  auto row = [&](const QString& label, QWidget* w) { form->addRow(label, w); };

  // A line edit's text as a JSON string; empty: the key is left out.
  auto lineField = [&](const QString& key, QLineEdit* edit, const QString& tip) {
    edit->setToolTip(tip);
    connect(edit, &QLineEdit::textChanged, this, &ReactorPlanForm::edited);
    addField({key,
              edit,
              [edit]() -> json {
                return edit->text().isEmpty() ? json() : json(edit->text().toStdString());
              },
              [edit](const json& v) {
                edit->setText(v.is_string() ? QString::fromStdString(v.get<std::string>()) : "");
              },
              {},
              {}});
  };
  auto path = [&](const QString& key, const QString& label, const QString& tip) {
    auto* edit = new QLineEdit;
    auto* browse = new QPushButton(QStringLiteral("\u2026"));
    browse->setToolTip(tr("Choose a file"));
    auto* w = new QWidget;
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(edit, 1);
    l->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, label] {
      const QString file = QFileDialog::getOpenFileName(this, label, edit->text());
      if (!file.isEmpty()) edit->setText(file);
    });
    row(label, w);
    lineField(key, edit, tip);
  };
  auto text = [&](const QString& key, const QString& label, const QString& tip) {
    auto* edit = new QLineEdit;
    row(label, edit);
    lineField(key, edit, tip);
  };
  auto integer = [&](const QString& key, const QString& label, int lo, int hi, int fallback,
                     const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setToolTip(tip);
    connect(s, &QSpinBox::valueChanged, this, &ReactorPlanForm::edited);
    row(label, s);
    addField(
        {key,
         s,
         [s] { return json(s->value()); },
         [s, fallback](const json& v) { s->setValue(v.is_number() ? v.get<int>() : fallback); },
         {},
         {}});
  };
  auto number = [&](const QString& key, const QString& label, double lo, double hi, int decimals,
                    double fallback, const QString& suffix, const QString& tip) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSuffix(suffix.isEmpty() ? "" : " " + suffix);
    s->setToolTip(tip);
    connect(s, &QDoubleSpinBox::valueChanged, this, &ReactorPlanForm::edited);
    row(label, s);
    addField(
        {key,
         s,
         [s] { return json(s->value()); },
         [s, fallback](const json& v) { s->setValue(v.is_number() ? v.get<double>() : fallback); },
         {},
         {}});
  };
  auto choice = [&](const QString& key, const QString& label,
                    const std::vector<std::pair<QString, QString>>& items, const QString& tip) {
    auto* c = new QComboBox;
    for (const auto& [shown, value] : items) c->addItem(shown, value);
    c->setToolTip(tip);
    connect(c, &QComboBox::currentIndexChanged, this, &ReactorPlanForm::edited);
    row(label, c);
    addField({key,
              c,
              [c]() -> json {
                const QString v = c->currentData().toString();
                return v.isEmpty() ? json() : json(v.toStdString());
              },
              [c](const json& v) {
                const int i = c->findData(
                    v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
                c->setCurrentIndex(std::max(0, i));
              },
              {},
              {}});
  };
  const QString angstrom = QString::fromUtf8("\u00c5"), evA = QString::fromUtf8("eV/\u00c5");

  section(tr("Start"));
  path("start.dataset", tr("Training set:"), tr("GPUMD train.xyz to start from (required)"));
  path("start.test", tr("Test set:"), tr("test.xyz of every training (optional)"));
  path("start.model", tr("Starting model:"),
       tr("nep.txt that samples generation 0; empty: generation 0 only trains and tests"));
  choice("start.reference_energies", tr("Reference energies:"),
         {{tr("energies as they are"), ""}, {tr("fit to the starting set"), "fit"}},
         tr("Per-element energies subtracted from every training energy (a {\"Na\": eV} "
            "object in the plan file is kept)"));
  section(tr("Training"));
  path("training.nep_in", tr("nep.in:"), tr("nep.in of every training (or nep_in_lines)"));
  integer("training.committee", tr("Committee models:"), 1, 16, 2,
          tr("Models trained per generation, differing by their seed"));

  section(tr("Sampling (hot small cells)"));
  recipes_->setToolTip(
      tr("Builder recipes (electrode, solvents, salt, products placed on purpose), each a small "
         "cell of 50-250 atoms run hot"));
  recipes_->setMaximumHeight(80);
  auto* addFile = new QPushButton(tr("Add recipe file\u2026"));
  auto* remove = new QPushButton(tr("Remove"));
  auto* recipeButtons = new QHBoxLayout;
  recipeButtons->addWidget(addBuilder_);
  recipeButtons->addWidget(addFile);
  recipeButtons->addWidget(remove);
  auto* recipeBox = new QWidget;
  auto* recipeLayout = new QVBoxLayout(recipeBox);
  recipeLayout->setContentsMargins(0, 0, 0, 0);
  recipeLayout->addWidget(recipes_);
  recipeLayout->addLayout(recipeButtons);
  row(tr("Recipes:"), recipeBox);
  connect(addBuilder_, &QPushButton::clicked, this, &ReactorPlanForm::builderRecipeRequested);
  connect(addFile, &QPushButton::clicked, this, &ReactorPlanForm::chooseRecipeFile);
  connect(remove, &QPushButton::clicked, this, [this] {
    const int i = recipes_->currentRow();
    if (i < 0 || !plan_["sampling"]["recipes"].is_array()) return;
    plan_["sampling"]["recipes"].erase(static_cast<std::size_t>(i));
    listRecipes();
    emit edited();
  });
  number("sampling.start_temperature", tr("Start temperature:"), 0, 1e5, 0, 300, "K",
         tr("Thermostat target at step 0"));
  number("sampling.peak_temperature", tr("Peak temperature:"), 0, 1e5, 0, 1000, "K",
         tr("Reached after the ramp and held"));
  integer("sampling.ramp_steps", tr("Ramp steps:"), 0, 100000000, 2000,
          tr("MD steps of the linear ramp start \u2192 peak"));
  integer("sampling.hold_steps", tr("Hold steps:"), 0, 100000000, 2000,
          tr("MD steps at the peak after the ramp"));
  number("sampling.time_step", tr("Time step:"), 0, 10, 3, 0.5, "fs", tr("Sampling MD time step"));
  number("sampling.strain", tr("Strain:"), 0, 1, 3, 0.05, "",
         tr("Largest isotropic compression/expansion, fraction (each recipe also runs at "
            "\u00b1strain)"));
  number("sampling.rattle", tr("Rattle:"), 0, 10, 3, 0.05, angstrom,
         tr("Gaussian rattle (\u03c3 per component) of every second frame"));
  integer("sampling.frame_interval", tr("Frame interval:"), 1, 100000000, 100,
          tr("Steps between kept candidate frames"));

  section(tr("Selection"));
  integer("selection.count", tr("Frames per generation:"), 0, 100000, 10,
          tr("Frames selected for labelling per generation"));
  number("selection.force_std_low", tr("Force std, low:"), 0, 1e4, 3, 0.05, evA,
         tr("Committee force disagreement at or above which a frame is unknown"));
  number("selection.force_std_high", tr("Force std, high:"), 0, 1e4, 3, 1.0, evA,
         tr("At or above it a frame is too far gone to be worth a label"));

  section(tr("Labelling (CP2K)"));
  path("labelling.template", tr("CP2K template:"),
       tr("CP2K input template; empty: the studio's resources/cp2k/label.inp"));
  number("labelling.cutoff", tr("Cutoff:"), 0, 1e5, 0, 0, "Ry",
         tr("MGRID/CUTOFF; 0: the template's"));
  integer("labelling.ranks", tr("MPI ranks (np):"), 1, 100000, 1, tr("MPI ranks per CP2K run"));
  choice("labelling.batch", tr("Where:"),
         {{tr("this machine"), "local"}, {tr("cluster (Slurm job array)"), "slurm"}},
         tr("Local: CP2K runs here; Slurm: a job array is written and the loop waits"));
  text("labelling.partition", tr("Slurm partition:"), tr("Empty: the cluster's default"));
  text("labelling.time", tr("Slurm time per frame:"), tr("HH:MM:SS (default 24:00:00)"));

  section(tr("Test MD (the target interface)"));
  path("test.structure", tr("Structure:"), tr("Extended XYZ of the target interface"));
  number("test.temperature", tr("Temperature:"), 0, 1e5, 0, 300, "K",
         tr("Bussi thermostat target and initial velocities"));
  number("test.time", tr("Time:"), 0, 1e6, 3, 1, "ps",
         tr("Length of the test run (replaces a plan's `steps` when changed)"));
  fields_.back().erase = QStringLiteral("test.steps");
  number("test.watchdog.force_std", tr("Watchdog force std:"), 0, 1e6, 3, 0, evA,
         tr("Committee disagreement that fires the watchdog; 0: off"));
  number("test.watchdog.fmax", tr("Watchdog f_max:"), 0, 1e6, 1, 0, evA,
         tr("Largest force that fires the watchdog; 0: off"));

  section(tr("Budget"));
  integer("budget.generations", tr("Generations:"), 0, 1000, 5,
          tr("Generations at most (gen-000 counts)"));
  integer("budget.labels", tr("Labels:"), 0, 100000000, 0,
          tr("CP2K labels at most over all generations; 0: no limit"));
  number("budget.wall_hours", tr("Wall time:"), 0, 1e6, 2, 0, "h",
         tr("Per run (Resume goes on); 0: no limit"));

  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00000;"));
  error_->hide();
  layout->insertWidget(0, error_);  // above the sections, where a refused save is seen first
  setPlan(json::object());
}

void ReactorPlanForm::addField(Field field) { fields_.push_back(std::move(field)); }

void ReactorPlanForm::setPlan(const json& plan) {
  plan_ = plan.is_object() ? plan : json::object();
  for (Field& f : fields_) {
    f.set(present(plan_, f.key) ? plan_.at(pointerOf(f.key)) : json());
    f.shown = f.get();
  }
  // A plan giving the test's length in steps shows it in ps.
  const json& test = plan_.contains("test") ? plan_["test"] : json();
  if (test.is_object() && test.contains("steps") && test["steps"].is_number() &&
      !test.contains("time"))
    for (Field& f : fields_)
      if (f.key == "test.time") {
        const double step = test.value("time_step", 1.0);
        f.set(json(test["steps"].get<double>() * step / 1000.0));
        f.shown = f.get();
      }
  listRecipes();
  showError({});
}

json ReactorPlanForm::plan() const {
  json out = plan_;
  auto erase = [&out](const QString& key) {
    if (present(out, key)) out.at(pointerOf(key).parent_pointer()).erase(pointerOf(key).back());
  };
  for (const Field& f : fields_) {
    const json value = f.get();
    if (value == f.shown) continue;  // as the plan had it (or left it to the engine's default)
    if (value.is_null()) {
      erase(f.key);
      continue;
    }
    out[pointerOf(f.key)] = value;
    if (!f.erase.isEmpty()) erase(f.erase);
  }
  return out;
}

void ReactorPlanForm::addRecipe(const json& recipe, const QString& name) {
  json& recipes = plan_["sampling"]["recipes"];
  if (!recipes.is_array()) recipes = json::array();
  recipes.push_back(recipe);
  listRecipes();
  recipes_->item(recipes_->count() - 1)->setText(name);
  emit edited();
}

void ReactorPlanForm::chooseRecipeFile() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Recipe file"), {},
                                                    tr("Recipes (*.json);;All files (*)"));
  if (file.isEmpty()) return;
  std::ifstream in(file.toStdString());
  std::stringstream text;
  text << in.rdbuf();
  const json recipe = json::parse(text.str(), nullptr, false);
  if (recipe.is_discarded()) {
    showError(tr("%1: not JSON").arg(file));
    return;
  }
  // Sampling takes whole sei-recipe files as objects; the engine checks them on save.
  addRecipe(recipe, QFileInfo(file).fileName());
}

void ReactorPlanForm::listRecipes() {
  recipes_->clear();
  const json recipes =
      present(plan_, "sampling.recipes") ? plan_.at(pointerOf("sampling.recipes")) : json::array();
  if (!recipes.is_array()) return;
  for (std::size_t i = 0; i < recipes.size(); ++i)
    recipes_->addItem(recipeName(recipes[i], static_cast<int>(i)));
}

QWidget* ReactorPlanForm::field(const QString& key) const {
  if (key == "sampling.recipes") return recipes_;
  for (const Field& f : fields_)
    if (f.key == key) return f.widget;
  return nullptr;
}

void ReactorPlanForm::showError(const QString& message) {
  if (QWidget* old = field(highlighted_)) old->setStyleSheet({});
  highlighted_.clear();
  error_->setText(message);
  error_->setVisible(!message.isEmpty());
  if (message.isEmpty()) return;
  highlighted_ =
      keyOfMessage(message, [this](const QString& key) { return field(key) != nullptr; });
  if (QWidget* w = field(highlighted_)) {
    w->setStyleSheet(QString::fromLatin1(kHighlight));
    w->setFocus();
    for (QWidget* p = parentWidget(); p; p = p->parentWidget())
      if (auto* scroll = qobject_cast<QScrollArea*>(p)) {
        scroll->ensureWidgetVisible(w);
        break;
      }
  }
}

}  // namespace sei::studio
