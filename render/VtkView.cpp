#include "VtkView.hpp"

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QWheelEvent>

namespace sei::render {
namespace {

/// A press and release closer than this (logical pixels) is a click, not a rotation.
constexpr double kClickTolerance = 3.0;

}  // namespace

VtkView::VtkView(QWidget* parent)
    : QOpenGLWidget(parent),
      window_(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()),
      interactor_(vtkSmartPointer<vtkGenericRenderWindowInteractor>::New()) {
  setFormat(defaultFormat());
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  // Qt owns the context; VTK asks through these events whether it is current. paintGL copies
  // VTK's frame into the widget's framebuffer itself.
  window_->SetReadyForRendering(false);
  window_->SetOwnContext(false);
  window_->SetFrameBlitModeToNoBlit();
  window_->SetMultiSamples(0);
  window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &VtkView::makeContextCurrent);
  window_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkView::reportContextCurrent);

  interactor_->SetRenderWindow(window_);
  interactor_->SetInteractorStyle(vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New());
  // The interactor only asks for a repaint; rendering happens in paintGL alone.
  interactor_->EnableRenderOff();
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkView::scheduleRepaint);
}

VtkView::~VtkView() {
  if (context()) {
    makeCurrent();
    window_->ReleaseGraphicsResources(window_);
    doneCurrent();
  }
  window_->RemoveAllObservers();
}

QSurfaceFormat VtkView::defaultFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(0);
  format.setAlphaBufferSize(8);
  format.setSamples(0);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  return format;
}

void VtkView::setRenderer(vtkRenderer* renderer) {
  if (renderer_) window_->RemoveRenderer(renderer_);
  renderer_ = renderer;
  if (renderer_) window_->AddRenderer(renderer_);
  update();
}

void VtkView::makeContextCurrent(vtkObject*, unsigned long, void*) {
  // Not QOpenGLWidget::makeCurrent(): that also binds the widget's framebuffer, behind the back
  // of VTK's cached bindings, and VTK's own framebuffers then end up incomplete.
  if (context() && QOpenGLContext::currentContext() != context())
    context()->makeCurrent(context()->surface());
}

void VtkView::reportContextCurrent(vtkObject*, unsigned long, void* isCurrent) {
  *static_cast<bool*>(isCurrent) = context() && QOpenGLContext::currentContext() == context();
}

void VtkView::initializeGL() {
  window_->OpenGLInitContext();
  window_->SetReadyForRendering(true);
  interactor_->Initialize();
}

void VtkView::resizeGL(int w, int h) {
  const double ratio = devicePixelRatioF();
  const int pw = static_cast<int>(w * ratio), ph = static_cast<int>(h * ratio);
  window_->SetSize(pw, ph);
  interactor_->SetSize(pw, ph);
}

void VtkView::paintGL() {
  // VTK re-reads the OpenGL state at the start of each render, as the context is not its own.
  window_->Render();
  // It renders into framebuffers of its own; copy the picture into the widget's.
  QOpenGLExtraFunctions* gl = context()->extraFunctions();
  const int w = window_->GetSize()[0], h = window_->GetSize()[1];
  gl->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum target = GL_COLOR_ATTACHMENT0;
  gl->glDrawBuffers(1, &target);
  window_->GetState()->vtkglDisable(GL_SCISSOR_TEST);
  window_->BlitDisplayFramebuffer(0, 0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  // The scene's background has alpha 0; Qt composes the widget with blending, so make it opaque.
  gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  gl->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
  gl->glViewport(0, 0, w, h);
  gl->glClear(GL_COLOR_BUFFER_BIT);
  gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  // VTK leaves pixel-transfer alignment of its own; Qt reads the widget back assuming defaults.
  gl->glPixelStorei(GL_PACK_ALIGNMENT, 4);
  gl->glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}

void VtkView::setEventPosition(const QPointF& pos, Qt::KeyboardModifiers modifiers) {
  const double ratio = devicePixelRatioF();
  interactor_->SetEventInformationFlipY(
      static_cast<int>(pos.x() * ratio), static_cast<int>(pos.y() * ratio),
      modifiers & Qt::ControlModifier ? 1 : 0, modifiers & Qt::ShiftModifier ? 1 : 0);
}

void VtkView::forwardButton(QMouseEvent* event, bool press) {
  setEventPosition(event->position(), event->modifiers());
  unsigned long id;
  switch (event->button()) {
    case Qt::LeftButton:
      id = press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
      break;
    case Qt::MiddleButton:
      id = press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
      break;
    case Qt::RightButton:
      id = press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
      break;
    default:
      return;
  }
  interactor_->InvokeEvent(id);
}

void VtkView::mousePressEvent(QMouseEvent* event) {
  pressPos_ = event->position();
  forwardButton(event, true);
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
  forwardButton(event, false);
  if (event->button() == Qt::LeftButton &&
      (event->position() - pressPos_).manhattanLength() <= kClickTolerance) {
    const double ratio = devicePixelRatioF();
    emit clicked(event->position().x() * ratio, (height() - event->position().y()) * ratio);
  }
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
  setEventPosition(event->position(), event->modifiers());
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent);
}

void VtkView::wheelEvent(QWheelEvent* event) {
  setEventPosition(event->position(), event->modifiers());
  const int delta = event->angleDelta().y();
  if (delta > 0) interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
  if (delta < 0) interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
  event->accept();
}

}  // namespace sei::render
