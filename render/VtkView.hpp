#pragma once

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <QOpenGLWidget>
#include <QSurfaceFormat>

namespace sei::render {

/// A QOpenGLWidget that hosts a VTK render window in Qt's OpenGL context (Debian's VTK Qt module
/// is built for Qt 5, so the bridge is ours): VTK renders into the widget's framebuffer in
/// paintGL, and mouse, wheel and key events go to VTK's trackball-camera interactor.
class VtkView : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit VtkView(QWidget* parent = nullptr);
  ~VtkView() override;

  /// OpenGL 3.2 core with a depth buffer, as VTK's OpenGL2 backend needs. Set it with
  /// QSurfaceFormat::setDefaultFormat before the QApplication exists.
  static QSurfaceFormat defaultFormat();

  /// Replaces the renderers drawn in the view.
  void setRenderer(vtkRenderer* renderer);
  vtkRenderer* renderer() const { return renderer_; }
  vtkGenericOpenGLRenderWindow* renderWindow() const { return window_; }

 signals:
  /// A click without drag, in VTK display coordinates (pixels from the lower left).
  void clicked(double x, double y);

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  void setEventPosition(const QPointF& pos, Qt::KeyboardModifiers modifiers);
  /// Sends a mouse button press or release to VTK's interactor.
  void forwardButton(QMouseEvent* event, bool press);
  void makeContextCurrent(vtkObject*, unsigned long, void*);
  void scheduleRepaint() { update(); }
  void reportContextCurrent(vtkObject*, unsigned long, void* isCurrent);

  vtkSmartPointer<vtkGenericOpenGLRenderWindow> window_;
  vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor_;
  vtkSmartPointer<vtkRenderer> renderer_;
  QPointF pressPos_;
};

}  // namespace sei::render
