#include "StudioInfo.hpp"

#include <vtkVersion.h>

#include <QStringList>

#include "md/BackendRegistry.hpp"

#ifndef SEI_VERSION
#error "SEI_VERSION is set by app/CMakeLists.txt"
#endif

namespace sei::studio {

QString StudioInfo::version() { return QStringLiteral(SEI_VERSION); }

QStringList StudioInfo::backends() {
  QStringList lines;
  for (const std::string& name : availableBackends()) {
    std::string why;
    const bool usable = backendUsable(name, why);
    QString line = QString::fromStdString(name) + (usable ? ": usable" : ": not usable here");
    if (!why.empty()) line += " (" + QString::fromStdString(why) + ")";
    lines << line;
  }
  return lines;
}

QString StudioInfo::citation() {
  return QStringLiteral(
             "SEI Studio %1 (GPL-3.0-or-later), with the model file you ran (its SHA-256 is in "
             "the project file).\n"
             "NEP: Z. Fan et al., Phys. Rev. B 104, 104309 (2021), "
             "doi:10.1103/PhysRevB.104.104309\n"
             "GPUMD (the NEP/qNEP models and run.in conventions): Z. Fan et al., J. Chem. Phys. "
             "157, 114801 (2022), doi:10.1063/5.0106617")
      .arg(version());
}

QString StudioInfo::aboutHtml() {
  QStringList backendItems;
  for (const QString& b : backends()) backendItems << "<li>" + b.toHtmlEscaped() + "</li>";
  QString cite = citation().toHtmlEscaped();
  cite.replace("\n", "<br>");
  return QStringLiteral(
             "<h3>SEI Studio %1</h3>"
             "<p>Molecular dynamics of electrode&ndash;electrolyte interfaces with charge-aware "
             "NEP (qNEP) potentials: build, run, watch and analyse.</p>"
             "<p><b>Force backends in this build:</b></p><ul>%2</ul>"
             "<p>Qt %3, VTK %4. Licence: GPL-3.0-or-later.</p>"
             "<p><b>How to cite:</b><br>%5</p>")
      .arg(version(), backendItems.join(QString()), QString::fromLatin1(qVersion()),
           QString::fromLatin1(vtkVersion::GetVTKVersion()), cite);
}

}  // namespace sei::studio
