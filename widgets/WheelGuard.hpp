#pragma once

class QWidget;

namespace sei::studio {

/// Makes `field` (a spin box or combo box) take wheel events only while it has keyboard focus:
/// it gets Qt::StrongFocus (a click or Tab focuses it, the wheel does not) and an event filter
/// that hands wheel events on to its parents while unfocused, so scrolling a form scrolls the
/// form instead of changing whatever value passes under the pointer.
void guardWheel(QWidget* field);

}  // namespace sei::studio
