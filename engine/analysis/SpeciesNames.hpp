#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sei::analysis {

/// Names of molecular species by Hill formula (core/Formula), so that counts read "EC" rather
/// than "C3H4O3". A formula stands for all its isomers: C2H4O2 is named ethylene-glycolate (the
/// EC reduction product) although methyl formate has the same formula. Fragments without an
/// entry are reported by their formula.
class SpeciesNames {
 public:
  /// The built-in table (defaultEntries()).
  SpeciesNames();
  /// Adds or replaces an entry.
  void add(const std::string& formula, const std::string& name);
  /// Whether `name` is one of the table's names.
  bool isName(const std::string& name) const;
  /// The name for a formula, or the formula itself.
  const std::string& nameOf(const std::string& formula) const;
  /// Reads "FORMULA NAME" lines ('#' starts a comment) and adds them. Throws InputError naming
  /// the file and line.
  void read(const std::string& path);
  /// The built-in (formula, name) pairs, in the order the README lists them.
  static const std::vector<std::pair<std::string, std::string>>& defaultEntries();

 private:
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace sei::analysis
