#include "ColorLegend.hpp"

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>

namespace sei::render {
namespace {

constexpr double kTitleShare = 0.028;  ///< title font size / image height
constexpr double kLabelShare = 0.024;  ///< label font size / image height
constexpr double kBarWidth = 0.17;     ///< bar and labels: width / image height
constexpr double kMargin = 0.02;       ///< gap to the right edge / image height
constexpr int kSmallestFont = 8;       ///< px: still legible in a thumbnail

void refit(vtkObject* caller, unsigned long, void* bar, void*) {
  auto* renderer = static_cast<vtkRenderer*>(caller);
  const int* size = renderer->GetSize();
  fitLegend(static_cast<vtkScalarBarActor*>(bar), size[0], size[1], renderer->GetBackground());
}

}  // namespace

double inkFor(const double background[3]) {
  const double luminance = 0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2];
  return luminance > 0.5 ? 0.0 : 1.0;
}

LegendFonts legendFonts(int height) {
  return {std::max(kSmallestFont, static_cast<int>(std::lround(kTitleShare * height))),
          std::max(kSmallestFont, static_cast<int>(std::lround(kLabelShare * height)))};
}

void fitLegend(vtkScalarBarActor* bar, int width, int height, const double background[3]) {
  if (width <= 0 || height <= 0) return;
  const LegendFonts fonts = legendFonts(height);
  const double ink = inkFor(background);
  for (vtkTextProperty* text : {bar->GetTitleTextProperty(), bar->GetLabelTextProperty(),
                                bar->GetAnnotationTextProperty()}) {
    text->SetColor(ink, ink, ink);
    text->SetFontSize(text == bar->GetTitleTextProperty() ? fonts.title : fonts.labels);
    text->ShadowOff();
    text->ItalicOff();
  }
  bar->GetTitleTextProperty()->BoldOn();
  bar->GetLabelTextProperty()->BoldOff();
  bar->GetAnnotationTextProperty()->BoldOff();
  bar->UnconstrainedFontSizeOn();
  bar->SetTextPad(std::max(2, height / 200));
  const double w = std::min(0.5, kBarWidth * height / width);
  bar->SetWidth(w);
  bar->SetHeight(0.8);
  bar->SetPosition(1.0 - w - kMargin * height / width, 0.08);
}

void fitLegendOnRender(vtkRenderer* renderer, vtkScalarBarActor* bar) {
  auto command = vtkSmartPointer<vtkCallbackCommand>::New();
  command->SetCallback(&refit);
  command->SetClientData(bar);
  renderer->AddObserver(vtkCommand::StartEvent, command);
}

}  // namespace sei::render
