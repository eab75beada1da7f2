#include "StructureFileFilters.hpp"

#include <QCoreApplication>
#include <QStringList>

namespace sei::studio {
namespace {

struct FormatFilter {
  StructureFormat format;
  const char* label;
  const char* patterns;  ///< the names structureFormatOfName knows for the format
  bool writable;
};

// Plain XYZ is read by our extended XYZ reader (structureFormatOfName), so one entry serves both.
const FormatFilter kFilters[] = {
    {StructureFormat::ExtXyz, "Extended XYZ", "*.xyz *.extxyz", true},
    {StructureFormat::Poscar, "VASP POSCAR/CONTCAR", "POSCAR* CONTCAR* *.vasp", true},
    {StructureFormat::LammpsData, "LAMMPS data", "*.data *.lmp", true},
    {StructureFormat::Cif, "CIF", "*.cif", false},
    {StructureFormat::Pdb, "PDB", "*.pdb", false},
};

QString filterText(const FormatFilter& f) {
  return QStringLiteral("%1 (%2)").arg(QCoreApplication::translate("StructureFile", f.label),
                                       QString::fromLatin1(f.patterns));
}

}  // namespace

QString structureFileFilters(bool writing) {
  QStringList entries, patterns;
  for (const FormatFilter& f : kFilters) {
    if (writing && !f.writable) continue;
    entries << filterText(f);
    patterns << QString::fromLatin1(f.patterns);
  }
  if (!writing)
    entries.prepend(QStringLiteral("%1 (%2)").arg(
        QCoreApplication::translate("StructureFile", "Structures"), patterns.join(' ')));
  entries << QCoreApplication::translate("StructureFile", "All files (*)");
  return entries.join(";;");
}

std::optional<StructureFormat> structureFormatOfFilter(const QString& filter) {
  for (const FormatFilter& f : kFilters)
    if (filter == filterText(f)) return f.format;
  return std::nullopt;
}

}  // namespace sei::studio
