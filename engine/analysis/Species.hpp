#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/BondCriteria.hpp"
#include "analysis/Frame.hpp"
#include "analysis/SpeciesNames.hpp"

namespace sei::analysis {

/// What an atom belongs to.
enum class UnitKind {
  Molecule,  ///< covalently bonded non-metal atoms not bound into a salt (EC, PF6-, C2H4, F-)
  Ion,       ///< a metal atom outside metal and salt: a dissolved cation (Na+)
  Metal,     ///< metallic atoms in contact (a slab, a cluster)
  Salt,      ///< an inorganic domain: metal cations and bound anion groups (NaF, Na2CO3 ...)
};

/// One molecule, ion, piece of metal or salt domain of a frame.
struct SpeciesUnit {
  UnitKind kind = UnitKind::Molecule;
  std::string formula;  ///< Hill formula of all its atoms
  /// species name (SpeciesNames, with the charge where frames carry charges), "Na+", "Na(0)",
  /// "Na(metal)" or, for salts, the formula
  std::string name;
  std::vector<int> atoms;  ///< atom indices, ascending
  int formulaUnits = 0;    ///< salts: formula units it holds (see SpeciesTracker); 0 otherwise
  /// Molecules: canonical SMILES of the bond graph (canonicalIdentity); ions: the element
  std::string identity;
  double charge = 0.0;  ///< e, sum over its atoms; NaN when the frame carries no charges
};

/// What a unit is shown and filtered as in the studio: its name, except that salt domains, whose
/// formulas differ with their size, all read "salt".
std::string speciesLabel(const SpeciesUnit& unit);

/// A covalent bond that formed or broke and stayed so for the tracker's lifetime.
struct BondEvent {
  std::size_t frame = 0;     ///< index of the frame where the change first appeared (0 = first)
  std::int64_t step = 0;     ///< MD step of that frame
  double time = 0.0;         ///< fs, of that frame
  bool formed = true;        ///< false: broken
  int atomA = 0, atomB = 0;  ///< atom indices, atomA < atomB
  std::string elementA, elementB;
};

/// Bond events of one update that touch the same species, as a reaction: the units holding their
/// atoms before (reactants) and after (products).
struct Reaction {
  std::size_t frame = 0;  ///< frame where its bond changes first appeared
  std::int64_t step = 0;
  double time = 0.0;                   ///< fs
  std::vector<std::string> reactants;  ///< species names, sorted
  std::vector<std::string> products;   ///< species names, sorted
  /// atoms of the reacting molecules and ions, before and after (of salts and metal only the
  /// atoms whose bonds changed), ascending
  std::vector<int> atoms;
  std::vector<std::pair<int, int>> formed, broken;  ///< bonds (atom pairs)
  /// e: charge the atoms gained from the frame before the change to this update's frame; NaN
  /// without charges
  double chargeTransferred = 0.0;
  /// "EC + Na+ -> EC(open)-" style key of the reaction type
  std::string type() const;
};

/// Two atoms in contact (after the lifetime filter): a covalent bond, an ion's coordination or a
/// metallic neighbour.
struct Contact {
  int a = 0, b = 0;  ///< atom indices, a < b
  ContactKind kind = ContactKind::Covalent;
};

/// Result of one update.
struct SpeciesFrame {
  std::size_t frame = 0;  ///< frames seen before this one
  std::int64_t step = 0;
  double time = 0.0;  ///< fs
  std::vector<SpeciesUnit> units;
  std::vector<int> unitOfAtom;  ///< index into units for every atom
  /// The contact graph the units were built from, ordered by (a, b); its covalent contacts are
  /// the molecules' bonds.
  std::vector<Contact> contacts;
  /// Count per species name: molecules by name, cations ("Na+"), formula units of salts ("NaF",
  /// "Na2CO3"), metallic atoms ("Na(metal)").
  std::map<std::string, int> counts;
  std::vector<BondEvent> events;    ///< bond changes confirmed by this update
  std::vector<Reaction> reactions;  ///< the events grouped into reactions (Reactions.hpp)
  int largestSaltDomain = 0;        ///< formula units of the largest salt domain
  bool charged = false;             ///< the frame carried charges (not all zero)
};

/// An inorganic anion group: by Hill formula, how a salt formula writes it and its charge.
struct SaltAnion {
  std::string written;  ///< "F", "OH", "CO3"
  int charge = -1;      ///< e
};

struct SpeciesOptions {
  BondCriteria bonds;
  /// Frames a bond (or contact) must stay formed or broken before the change counts, so that
  /// vibrations across a cutoff do not make species flicker. 1: no filter.
  int lifetime = 3;
  /// A metal atom is metallic when its metal coordination, counted within metalShellFactor × the
  /// covalent radius sum (Na–Na 4.48 Å: bcc's first shell at 3.72 Å and second at 4.29 Å, so a
  /// Na(100) surface atom has 8, bulk 14) and averaged over the last `lifetime` frames, reaches
  /// minMetalNeighbors; once metallic it stays so down to half of that (hysteresis). It must
  /// touch at most maxAnionContacts salt anion groups (an ion of rock-salt NaF touches 6) and,
  /// when frames carry charges, hold less than metalChargeMax.
  double metalShellFactor = 1.35;
  int minMetalNeighbors = 4;
  int maxAnionContacts = 2;
  double metalChargeMax = 0.5;  ///< e
  /// Ions (metal cations plus bound anion groups) an aggregate off the metal needs to be a salt
  /// domain; smaller ones (a contact ion pair Na+ F-) stay dissolved ions and molecules.
  int minSaltIons = 3;
  SpeciesNames names;
  /// Covalent fragments that, in contact with a metal atom, form a salt with it, by Hill formula.
  std::map<std::string, SaltAnion> saltAnions = {
      {"F", {"F", -1}}, {"Cl", {"Cl", -1}}, {"H", {"H", -1}},     {"HO", {"OH", -1}},
      {"O", {"O", -2}}, {"S", {"S", -2}},   {"CO3", {"CO3", -2}}, {"C2O4", {"C2O4", -2}},
  };
};

/// Species identification, frame after frame (issues 6, 17). Contacts come from BondCriteria;
/// each pair's contact state passes a lifetime filter; covalent contacts make molecules
/// (connected components), identified by the canonical form of their bond graph and named by
/// SpeciesNames (with their summed charge when frames carry charges). Metal atoms are classified
/// as metallic (SpeciesOptions) or ionic. A salt anion group (F, O, OH, CO3, ...) in contact with
/// an ionic metal atom is bound; bound anions and the ionic metal atoms touching them form
/// aggregates (connected components), which are salt domains when they touch the metal or hold
/// minSaltIons ions, and dissolved ions and molecules otherwise. Bond events of one update are
/// grouped into reactions (SpeciesFrame::reactions). A domain's formula units
/// are counted per anion: with the metal M most often in contact (valence m) and anion valence x,
/// the unit is M_(l/m) X_(l/x), l = lcm(m, x), and there are ⌊anions / (l/x)⌋ of them (NaF: one
/// per F; Na2CO3: one per CO3; MgF2: one per two F). Stateful: feed the frames of one trajectory
/// in order; a change of atom count starts afresh.
class SpeciesTracker {
 public:
  explicit SpeciesTracker(SpeciesOptions options = {});

  const SpeciesFrame& update(const Frame& frame);
  const SpeciesFrame& current() const { return current_; }
  const SpeciesOptions& options() const { return options_; }
  /// Forgets the history (next update is a first frame).
  void reset();

 private:
  struct PairState {
    std::uint64_t key;  ///< i * 2^32 + j, i < j
    ContactKind kind;
    bool on;     ///< filtered state
    int streak;  ///< consecutive frames whose raw state differed from `on`
  };
  void filterContacts(const Frame& frame,
                      const std::vector<std::pair<std::uint64_t, ContactKind>>& raw);
  void buildUnits(const Frame& frame);
  /// The name of a molecule or ion unit (formula, identity and charge set; NaN: no charges);
  /// `z`: atomic number of its first atom.
  std::string nameOf(const SpeciesUnit& unit, int z) const;
  /// Canonical identity of each covalent fragment, from the cache where its atoms and bonds are
  /// those of the frame before.
  std::vector<std::string> identities(const Frame& frame,
                                      const std::vector<std::vector<int>>& fragments,
                                      const std::vector<int>& fragmentOf);
  std::vector<char> classifyMetal(const Frame& frame, const std::vector<int>& fragmentOf,
                                  const std::vector<char>& isAnion);

  SpeciesOptions options_;
  std::vector<PairState> pairs_;                         ///< sorted by key
  std::deque<std::pair<std::int64_t, double>> history_;  ///< (step, time) of the last frames
  /// Metal coordination of every atom (metal shell) in the last `lifetime` frames
  std::deque<std::vector<std::uint8_t>> coordination_;
  std::vector<char> metallic_;                    ///< the previous frame's metallic atoms
  std::deque<std::vector<double>> chargeWindow_;  ///< e, charges of the last lifetime + 1 frames
  std::unordered_map<std::string, std::string> identityCache_;  ///< fragment key → identity
  std::size_t framesSeen_ = 0;
  std::size_t atoms_ = 0;
  SpeciesFrame previous_;
  SpeciesFrame current_;
};

}  // namespace sei::analysis
