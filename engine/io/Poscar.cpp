#include "io/Poscar.hpp"

#include <map>
#include <vector>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "core/Formula.hpp"
#include "io/AtomicFile.hpp"
#include "io/NumberText.hpp"

namespace sei {
namespace {

void appendVector(std::string& out, const Eigen::Vector3d& v) {
  for (int d = 0; d < 3; ++d) {
    out += "  ";
    appendShortest(out, v[d]);
  }
  out += '\n';
}

}  // namespace

std::string poscarText(const Structure& s, const std::string& comment) {
  if (s.cell.volume() <= 0.0)
    throw InputError("POSCAR needs a cell, and the structure has none (Lattice missing)");
  std::vector<std::string> elements;
  std::map<std::string, std::vector<std::size_t>> atomsOf;
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string& symbol = s.symbols[i];
    if (atomicNumber(symbol) == 0)
      throw InputError("atom " + std::to_string(i + 1) + ": unknown element '" + symbol +
                       "'; POSCAR needs element symbols");
    auto& atoms = atomsOf[symbol];
    if (atoms.empty()) elements.push_back(symbol);
    atoms.push_back(i);
    ++counts[symbol];
  }
  std::string out = comment.empty() ? hillFormula(counts) : comment;
  out += "\n1.0\n";
  for (int d = 0; d < 3; ++d) appendVector(out, s.cell.vector(d));
  for (const std::string& e : elements) out += "  " + e;
  out += '\n';
  for (const std::string& e : elements) out += "  " + std::to_string(atomsOf[e].size());
  out += "\nCartesian\n";
  for (const std::string& e : elements)
    for (std::size_t i : atomsOf[e]) appendVector(out, s.positions[i]);
  return out;
}

void writePoscar(const std::string& path, const Structure& s) {
  std::string text;
  try {
    text = poscarText(s);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  writeFileAtomically(path, text);
}

}  // namespace sei
