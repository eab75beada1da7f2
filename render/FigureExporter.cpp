#include "FigureExporter.hpp"

#include <vtkImageData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkWindowToImageFilter.h>

#include <QBuffer>
#include <cstring>
#include <stdexcept>

#include "AtomScene.hpp"
#include "ColorLegend.hpp"
#include "core/Error.hpp"
#include "io/AtomicFile.hpp"

namespace sei::render {

QImage FigureExporter::render(const AtomScene& scene, const FigureOptions& options) {
  const int w = options.size.width(), h = options.size.height();
  if (w <= 0 || h <= 0)
    throw std::runtime_error("figure size " + std::to_string(w) + "x" + std::to_string(h) +
                             " is empty");
  vtkSmartPointer<vtkRenderer> renderer = scene.makeRenderer(options.colorBar);
  if (const auto& bg = options.background) renderer->SetBackground((*bg)[0], (*bg)[1], (*bg)[2]);
  renderer->SetBackgroundAlpha(options.transparentBackground ? 0.0 : 1.0);
  if (!options.caption.isEmpty()) {
    auto caption = vtkSmartPointer<vtkTextActor>::New();
    caption->SetInput(options.caption.toUtf8().constData());
    caption->GetTextProperty()->SetFontSize(std::max(12, h / 40));
    const double ink = inkFor(renderer->GetBackground());
    caption->GetTextProperty()->SetColor(ink, ink, ink);
    caption->SetDisplayPosition(std::max(8, w / 80), std::max(8, h / 80));
    renderer->AddActor2D(caption);
  }
  return renderImage(renderer, options.size);
}

QImage FigureExporter::renderImage(vtkRenderer* renderer, QSize size) {
  const int w = size.width(), h = size.height();
  auto window = vtkSmartPointer<vtkRenderWindow>::New();
  window->SetOffScreenRendering(1);
  window->SetAlphaBitPlanes(1);
  window->SetMultiSamples(0);
  window->SetSize(w, h);
  window->AddRenderer(renderer);
  window->Render();

  auto grab = vtkSmartPointer<vtkWindowToImageFilter>::New();
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGBA();
  grab->ReadFrontBufferOff();
  grab->Update();
  vtkImageData* image = grab->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  if (dims[0] != w || dims[1] != h)
    throw std::runtime_error("OpenGL rendered " + std::to_string(dims[0]) + "x" +
                             std::to_string(dims[1]) + " pixels instead of " + std::to_string(w) +
                             "x" + std::to_string(h));
  QImage out(w, h, QImage::Format_RGBA8888);
  const auto* pixels = static_cast<const unsigned char*>(image->GetScalarPointer());
  // VTK images start at the bottom row.
  for (int y = 0; y < h; ++y)
    std::memcpy(out.scanLine(h - 1 - y), pixels + static_cast<std::size_t>(y) * w * 4,
                static_cast<std::size_t>(w) * 4);
  window->Finalize();
  return out.convertToFormat(QImage::Format_ARGB32);
}

void FigureExporter::savePng(const AtomScene& scene, const FigureOptions& options,
                             const QString& path) {
  const QImage image = render(scene, options);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!image.save(&buffer, "PNG"))
    throw InputError(path.toStdString(), 0, "could not encode the figure as PNG");
  writeFileAtomically(path.toStdString(), bytes.toStdString());
}

}  // namespace sei::render
