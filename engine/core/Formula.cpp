#include "core/Formula.hpp"

namespace sei {

std::string hillFormula(const std::map<std::string, int>& counts) {
  std::string text;
  auto append = [&text](const std::string& symbol, int count) {
    if (count <= 0) return;
    text += symbol;
    if (count > 1) text += std::to_string(count);
  };
  const auto carbon = counts.find("C");
  const bool organic = carbon != counts.end() && carbon->second > 0;
  if (organic) {
    append("C", carbon->second);
    const auto hydrogen = counts.find("H");
    if (hydrogen != counts.end()) append("H", hydrogen->second);
  }
  for (const auto& [symbol, count] : counts)  // std::map: alphabetical
    if (!organic || (symbol != "C" && symbol != "H")) append(symbol, count);
  return text;
}

}  // namespace sei
