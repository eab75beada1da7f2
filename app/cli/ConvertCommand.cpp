#include <cstdio>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "formats/StructureFile.hpp"

namespace sei::cli {
namespace {

const char* const kConvertHelp =
    R"(Usage: sei convert IN OUT [--format FORMAT] [--out-format FORMAT] [--types A,B,...]

Converts one structure (the first frame) between file formats. The format follows from each
file name unless given:
  POSCAR*, CONTCAR*, *.vasp   VASP POSCAR (read by Open Babel, written with full precision)
  *.cif                       CIF, read only (Open Babel; symmetry operations applied)
  *.pdb                       PDB, read only (Open Babel; CRYST1 as the cell)
  *.xyz, *.extxyz             extended XYZ, or plain XYZ (no cell); written as extended XYZ
  (--format xyz)              plain XYZ read by Open Babel (atomic numbers for symbols, ...)
  *.data, *.lmp               LAMMPS data, atomic style (charge and full are read too)
Every command that reads a structure (sei eval --structure, a project's "structure") accepts
the same files.

Options:
  --format FORMAT      format of IN: extxyz, xyz (Open Babel), poscar, cif, pdb or lammps-data
  --out-format FORMAT  format of OUT: extxyz, poscar or lammps-data
  --types A,B,...      elements of LAMMPS atom types 1, 2, ... (for data files whose Masses
                       or type labels do not name them)
  --help               this text

POSCAR groups the atoms by element; LAMMPS data rotates a cell that does not have a along x
and b in the xy plane (lengths, angles and fractional coordinates are kept).
Exit status: 0 success, 2 bad input (one line naming the file, line and field; nothing written).
)";

}  // namespace

int runConvert(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kConvertHelp)) return 0;
  const std::set<std::string> valueOptions = {"format", "out-format", "types"};
  std::vector<std::string> options;
  const std::vector<std::string> files = positionalArguments(args, valueOptions, options);
  const Arguments arguments("convert", options, valueOptions, {});
  if (files.size() != 2)
    throw InputError("expected an input and an output file (sei convert IN OUT), got " +
                     std::to_string(files.size()) + " file names");
  StructureReadOptions read;
  if (arguments.has("format"))
    read.format = parseStructureFormat(arguments.value("format"), "--format");
  if (arguments.has("types")) read.lammpsElements = splitList(arguments.value("types"));
  std::optional<StructureFormat> outFormat;
  if (arguments.has("out-format"))
    outFormat = parseStructureFormat(arguments.value("out-format"), "--out-format");
  const Structure s = readStructureFile(files[0], read);
  writeStructureFile(files[1], s, outFormat);
  std::printf("%zu atoms: %s -> %s\n", s.size(), files[0].c_str(), files[1].c_str());
  return 0;
}

}  // namespace sei::cli
