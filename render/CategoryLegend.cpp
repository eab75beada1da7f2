#include "CategoryLegend.hpp"

#include <vtkActor2D.h>
#include <vtkCallbackCommand.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCommand.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "ColorLegend.hpp"

namespace sei::render {
namespace {

constexpr double kMargin = 0.02;       ///< gap to the image's edges / image height
constexpr double kRowPitch = 1.6;      ///< row height / swatch side
constexpr double kLabelGap = 0.5;      ///< gap between swatch and name / swatch side
constexpr double kOutlineWidth = 0.1;  ///< outline width / swatch side

vtkSmartPointer<vtkActor2D> polyActor(vtkPolyData* data) {
  auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
  mapper->SetInputData(data);
  mapper->SetScalarModeToUseCellData();
  auto actor = vtkSmartPointer<vtkActor2D>::New();
  actor->SetMapper(mapper);
  return actor;
}

void styleText(vtkTextActor* text, int size, double ink, bool bold) {
  vtkTextProperty* p = text->GetTextProperty();
  p->SetFontSize(size);
  p->SetColor(ink, ink, ink);
  p->SetBold(bold);
  p->ShadowOff();
  p->ItalicOff();
  p->SetJustificationToLeft();
  p->SetVerticalJustificationToCentered();
}

int textWidth(vtkTextActor* text, vtkRenderer* renderer) {
  double size[2] = {0.0, 0.0};
  text->GetSize(renderer, size);
  return static_cast<int>(std::ceil(size[0]));
}

}  // namespace

struct CategoryLegend::Actors {
  vtkSmartPointer<vtkPolyData> fills = vtkSmartPointer<vtkPolyData>::New();
  vtkSmartPointer<vtkPolyData> outlines = vtkSmartPointer<vtkPolyData>::New();
  vtkSmartPointer<vtkActor2D> fillActor = polyActor(fills);
  vtkSmartPointer<vtkActor2D> outlineActor = polyActor(outlines);
  vtkSmartPointer<vtkTextActor> title = vtkSmartPointer<vtkTextActor>::New();
  std::vector<vtkSmartPointer<vtkTextActor>> labels;
};

CategoryLegend::CategoryLegend(vtkRenderer* renderer, vtkLookupTable* table)
    : table_(table), actors_(std::make_shared<Actors>()) {
  renderer->AddActor2D(actors_->fillActor);
  renderer->AddActor2D(actors_->outlineActor);
  renderer->AddActor2D(actors_->title);
  setVisible(false);
}

std::shared_ptr<CategoryLegend> CategoryLegend::attach(vtkRenderer* renderer,
                                                       vtkLookupTable* table) {
  std::shared_ptr<CategoryLegend> legend(new CategoryLegend(renderer, table));
  auto command = vtkSmartPointer<vtkCallbackCommand>::New();
  // The renderer's observer holds a reference, released with the renderer.
  command->SetClientData(new std::shared_ptr<CategoryLegend>(legend));
  command->SetClientDataDeleteCallback(
      [](void* data) { delete static_cast<std::shared_ptr<CategoryLegend>*>(data); });
  command->SetCallback([](vtkObject* caller, unsigned long, void* data, void*) {
    (*static_cast<std::shared_ptr<CategoryLegend>*>(data))
        ->layOut(static_cast<vtkRenderer*>(caller));
  });
  renderer->AddObserver(vtkCommand::StartEvent, command);
  return legend;
}

void CategoryLegend::setVisible(bool visible) {
  visible_ = visible;
  actors_->fillActor->SetVisibility(visible);
  actors_->outlineActor->SetVisibility(visible);
  actors_->title->SetVisibility(visible && !title_.empty());
  for (auto& label : actors_->labels) label->SetVisibility(visible);
  if (!visible) swatches_.clear();
}

void CategoryLegend::setTitle(const std::string& title) {
  title_ = title;
  actors_->title->SetInput(title.c_str());
  actors_->title->SetVisibility(visible_ && !title.empty());
}

void CategoryLegend::layOut(vtkRenderer* renderer) {
  const int* size = renderer->GetSize();
  if (!visible_ || size[0] <= 0 || size[1] <= 0) return;
  const int height = size[1];
  const LegendFonts fonts = legendFonts(height);
  const double ink = inkFor(renderer->GetBackground());
  const int side = fonts.labels;
  const int pitch = static_cast<int>(std::lround(kRowPitch * side));
  const int gap = static_cast<int>(std::lround(kLabelGap * side));
  const int margin = std::max(4, static_cast<int>(std::lround(kMargin * height)));
  const auto count =
      static_cast<std::size_t>(std::max<vtkIdType>(0, table_->GetNumberOfAnnotatedValues()));

  while (actors_->labels.size() < count) {
    actors_->labels.push_back(vtkSmartPointer<vtkTextActor>::New());
    renderer->AddActor2D(actors_->labels.back());
  }
  int widest = 0;
  for (std::size_t k = 0; k < actors_->labels.size(); ++k) {
    vtkTextActor* label = actors_->labels[k];
    label->SetVisibility(k < count);
    if (k >= count) continue;
    label->SetInput(table_->GetAnnotation(static_cast<vtkIdType>(k)).c_str());
    styleText(label, fonts.labels, ink, false);
    widest = std::max(widest, textWidth(label, renderer));
  }
  styleText(actors_->title, fonts.title, ink, true);
  const int titleWidth = title_.empty() ? 0 : textWidth(actors_->title, renderer);
  const int left = size[0] - margin - std::max(side + gap + widest, titleWidth);
  int top = height - margin;
  if (!title_.empty()) {
    actors_->title->SetPosition(left, top - pitch / 2);
    top -= pitch;
  }

  auto fillPoints = vtkSmartPointer<vtkPoints>::New();
  auto linePoints = vtkSmartPointer<vtkPoints>::New();
  auto quads = vtkSmartPointer<vtkCellArray>::New();
  auto loops = vtkSmartPointer<vtkCellArray>::New();
  auto colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colors->SetNumberOfComponents(3);
  auto inkColors = vtkSmartPointer<vtkUnsignedCharArray>::New();
  inkColors->SetNumberOfComponents(3);
  const auto inkByte = static_cast<unsigned char>(std::lround(255.0 * ink));
  swatches_.clear();
  for (std::size_t k = 0; k < count; ++k) {
    const int y = top - static_cast<int>(k + 1) * pitch + (pitch - side) / 2;
    const double corners[4][2] = {{double(left), double(y)},
                                  {double(left + side), double(y)},
                                  {double(left + side), double(y + side)},
                                  {double(left), double(y + side)}};
    vtkIdType fill[4], loop[5];
    for (int c = 0; c < 4; ++c) {
      fill[c] = fillPoints->InsertNextPoint(corners[c][0], corners[c][1], 0.0);
      loop[c] = linePoints->InsertNextPoint(corners[c][0], corners[c][1], 0.0);
    }
    loop[4] = loop[0];
    quads->InsertNextCell(4, fill);
    loops->InsertNextCell(5, loop);
    double rgba[4];
    table_->GetIndexedColor(static_cast<vtkIdType>(k), rgba);
    const unsigned char rgb[3] = {static_cast<unsigned char>(std::lround(255.0 * rgba[0])),
                                  static_cast<unsigned char>(std::lround(255.0 * rgba[1])),
                                  static_cast<unsigned char>(std::lround(255.0 * rgba[2]))};
    colors->InsertNextTypedTuple(rgb);
    const unsigned char inkRgb[3] = {inkByte, inkByte, inkByte};
    inkColors->InsertNextTypedTuple(inkRgb);
    actors_->labels[k]->SetPosition(left + side + gap, y + side / 2.0);
    swatches_.push_back({table_->GetAnnotation(static_cast<vtkIdType>(k)), left, y, side});
  }
  actors_->fills->SetPoints(fillPoints);
  actors_->fills->SetPolys(quads);
  actors_->fills->GetCellData()->SetScalars(colors);
  actors_->outlines->SetPoints(linePoints);
  actors_->outlines->SetLines(loops);
  actors_->outlines->GetCellData()->SetScalars(inkColors);
  actors_->outlineActor->GetProperty()->SetLineWidth(
      std::max(1.0f, static_cast<float>(std::round(kOutlineWidth * side))));
}

}  // namespace sei::render
