#include "dataset/Import.hpp"

#include <fstream>

#include "core/Error.hpp"
#include "dataset/Cp2kRun.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "dataset/TextLines.hpp"
#include "dataset/VaspOutcar.hpp"
#include "dataset/Vasprun.hpp"
#include "io/NumberText.hpp"

namespace sei::dataset {

InputFormat parseInputFormat(const std::string& text, const std::string& option) {
  for (InputFormat f : {InputFormat::Auto, InputFormat::Outcar, InputFormat::Vasprun,
                        InputFormat::Cp2k, InputFormat::ExtXyz})
    if (text == inputFormatName(f)) return f;
  throw InputError(option + " expects auto, outcar, vasprun, cp2k or extxyz, got '" + text + "'");
}

const char* inputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::Auto:
      return "auto";
    case InputFormat::Outcar:
      return "outcar";
    case InputFormat::Vasprun:
      return "vasprun";
    case InputFormat::Cp2k:
      return "cp2k";
    case InputFormat::ExtXyz:
      return "extxyz";
  }
  return "auto";
}

InputFormat detectFormat(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file for reading");
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  auto has = [&head](const char* s) { return head.find(s) != std::string::npos; };
  if (has("<modeling>") || head.rfind("<?xml", 0) == 0) return InputFormat::Vasprun;
  if (has("CP2K|")) return InputFormat::Cp2k;
  if (has("vasp.") && (has("POTCAR:") || has("TITEL"))) return InputFormat::Outcar;
  const auto firstLine = splitWords(std::string_view(head).substr(0, head.find('\n')));
  if (firstLine.size() == 1 && parseReal(firstLine[0])) return InputFormat::ExtXyz;
  throw InputError(path, 0,
                   "format not recognised (not a VASP OUTCAR or vasprun.xml, a CP2K output or "
                   "extended XYZ); give --format");
}

std::vector<LabelledStructure> importLabelled(const std::string& path, InputFormat format,
                                              EnergyKind kind) {
  switch (format == InputFormat::Auto ? detectFormat(path) : format) {
    case InputFormat::Outcar:
      return readOutcar(path, kind);
    case InputFormat::Vasprun:
      return readVasprun(path, kind);
    case InputFormat::Cp2k:
      return {readCp2kRun(path, kind)};
    case InputFormat::ExtXyz:
    case InputFormat::Auto:
      break;
  }
  return readExtXyzLabels(path, kind);
}

}  // namespace sei::dataset
