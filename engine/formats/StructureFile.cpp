#include "formats/StructureFile.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"
#include "formats/OpenBabelReader.hpp"
#include "io/ExtXyz.hpp"
#include "io/LammpsData.hpp"
#include "io/NumberText.hpp"
#include "io/Poscar.hpp"

namespace sei {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* const kNames =
    "POSCAR, CONTCAR, *.vasp, *.cif, *.pdb, *.xyz, *.extxyz, *.data or *.lmp";

StructureFormat formatOf(const std::string& path, std::optional<StructureFormat> format) {
  if (format) return *format;
  if (auto byName = structureFormatOfName(path)) return *byName;
  throw InputError(path, 0,
                   std::string("cannot tell the structure format from the name; expected ") +
                       kNames + " (or name the format: --format)");
}

// Open Babel's VASP reader believes the counts line: a count of 10^8 in a 20-line file keeps it
// busy for minutes. The counts are the first line after the cell that is all integers (line 6,
// or 7 below VASP 5's element names); each atom needs a line.
void checkPoscarCounts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (std::size_t k = 5; k < 7 && k < lines.size(); ++k) {
    std::istringstream words(lines[k]);
    long long total = 0, count = 0;
    std::string word;
    bool integers = true;
    while (words >> word) {
      const std::optional<long long> n = parseInteger(word);
      if (!n || *n < 0) {
        integers = false;
        break;
      }
      total += std::min<long long>(*n, 1LL << 40);
      ++count;
    }
    if (!integers || count == 0) continue;
    if (total > static_cast<long long>(lines.size()))
      throw InputError(path, static_cast<int>(k + 1),
                       "atom counts: " + std::to_string(total) + " atoms, but the file has " +
                           std::to_string(lines.size()) + " lines");
    return;
  }
}

}  // namespace

std::string structureFormatName(StructureFormat format) {
  switch (format) {
    case StructureFormat::ExtXyz:
      return "extxyz";
    case StructureFormat::Xyz:
      return "xyz";
    case StructureFormat::Poscar:
      return "poscar";
    case StructureFormat::Cif:
      return "cif";
    case StructureFormat::Pdb:
      return "pdb";
    case StructureFormat::LammpsData:
      return "lammps-data";
  }
  return {};
}

StructureFormat parseStructureFormat(const std::string& name, const std::string& field) {
  const std::string n = lower(name);
  if (n == "extxyz") return StructureFormat::ExtXyz;
  if (n == "xyz") return StructureFormat::Xyz;
  if (n == "poscar" || n == "vasp" || n == "contcar") return StructureFormat::Poscar;
  if (n == "cif") return StructureFormat::Cif;
  if (n == "pdb") return StructureFormat::Pdb;
  if (n == "lammps-data" || n == "lammps" || n == "lmp" || n == "data")
    return StructureFormat::LammpsData;
  throw InputError(field + ": unknown structure format '" + name +
                   "'; expected extxyz, xyz, poscar, cif, pdb or lammps-data");
}

std::optional<StructureFormat> structureFormatOfName(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string name = lower(p.filename().string());
  const std::string ext = lower(p.extension().string());
  if (name.rfind("poscar", 0) == 0 || name.rfind("contcar", 0) == 0 || ext == ".vasp")
    return StructureFormat::Poscar;
  if (ext == ".cif") return StructureFormat::Cif;
  if (ext == ".pdb") return StructureFormat::Pdb;
  if (ext == ".xyz" || ext == ".extxyz") return StructureFormat::ExtXyz;
  if (ext == ".data" || ext == ".lmp") return StructureFormat::LammpsData;
  return std::nullopt;
}

Structure readStructureFile(const std::string& path, const StructureReadOptions& options) {
  const StructureFormat format = formatOf(path, options.format);
  if (!options.lammpsElements.empty() && format != StructureFormat::LammpsData)
    throw InputError(path, 0,
                     "types: element lists name LAMMPS atom types; this is no LAMMPS data");
  switch (format) {
    case StructureFormat::ExtXyz:
      return readExtXyz(path);
    case StructureFormat::Xyz:
      return readWithOpenBabel(path, "xyz", "XYZ");
    case StructureFormat::Poscar:
      checkPoscarCounts(path);
      return readWithOpenBabel(path, "vasp", "POSCAR");
    case StructureFormat::Cif:
      return readWithOpenBabel(path, "cif", "CIF");
    case StructureFormat::Pdb:
      return readWithOpenBabel(path, "pdb", "PDB");
    case StructureFormat::LammpsData:
      return readLammpsData(path, options.lammpsElements);
  }
  return {};
}

void writeStructureFile(const std::string& path, const Structure& s,
                        std::optional<StructureFormat> format) {
  switch (formatOf(path, format)) {
    case StructureFormat::ExtXyz:
    case StructureFormat::Xyz:
      return writeExtXyz(
          path, s,
          {!s.velocities.empty(), !s.masses.empty(), !s.charges.empty(), !s.forces.empty()});
    case StructureFormat::Poscar:
      return writePoscar(path, s);
    case StructureFormat::LammpsData:
      return writeLammpsData(path, s);
    case StructureFormat::Cif:
    case StructureFormat::Pdb:
      throw InputError(path, 0,
                       "structures are written as extended XYZ, POSCAR or LAMMPS data, not " +
                           structureFormatName(formatOf(path, format)));
  }
}

}  // namespace sei
