#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>

#include "Analyze.hpp"
#include "core/Elements.hpp"
#include "io/AtomicFile.hpp"

namespace sei::cli {
namespace {

using analysis::AnalysisPipeline;

/// Locale-independent "%.8g"; NaN as "nan".
std::string num(double v) {
  if (std::isnan(v)) return "nan";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.8g", v);
  std::string s(buffer);
  for (char& c : s)
    if (c == ',') c = '.';
  return s;
}

/// A CSV file: '#' comment lines (what and units), one header row, rows.
class Csv {
 public:
  explicit Csv(const std::vector<std::string>& comments) {
    for (const auto& c : comments) text_ += "# " + c + "\n";
  }
  void row(const std::vector<std::string>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) text_ += (k ? "," : "") + cells[k];
    text_ += "\n";
  }
  void write(const std::string& dir, const std::string& name, std::vector<std::string>& files) {
    writeFileAtomically(dir + "/" + name, text_);
    files.push_back(name);
  }

 private:
  std::string text_;
};

std::vector<std::string> frameColumns(std::size_t frame, std::int64_t step, double time) {
  return {std::to_string(frame), std::to_string(step), num(time)};
}

void writeSpecies(const std::string& dir, const AnalysisPipeline& p, nlohmann::json& summary,
                  std::vector<std::string>& files) {
  std::set<std::string> names;
  for (const auto& s : p.speciesSeries())
    for (const auto& [name, count] : s.counts) names.insert(name);
  Csv counts({"sei analyze: species per frame",
              "molecules and ions: count; salts (NaF, Na2CO3, ...): formula units in inorganic "
              "domains; X(metal): metallic atoms",
              "time in fs; largest_salt_domain in formula units"});
  std::vector<std::string> header = {"frame", "step", "time_fs"};
  header.insert(header.end(), names.begin(), names.end());
  header.push_back("largest_salt_domain");
  counts.row(header);
  std::map<std::string, double> mean;
  for (std::size_t f = 0; f < p.speciesSeries().size(); ++f) {
    const auto& s = p.speciesSeries()[f];
    std::vector<std::string> row = frameColumns(f, s.step, s.time);
    for (const auto& name : names) {
      const auto it = s.counts.find(name);
      const int c = it == s.counts.end() ? 0 : it->second;
      row.push_back(std::to_string(c));
      mean[name] += static_cast<double>(c) / p.speciesSeries().size();
    }
    row.push_back(std::to_string(s.largestSaltDomain));
    counts.row(row);
  }
  counts.write(dir, "species_counts.csv", files);

  Csv events({"sei analyze: covalent bonds formed or broken (after the lifetime filter)",
              "frame, step and time (fs) of the frame where the change first appeared; atoms "
              "numbered from 0 in file order"});
  events.row({"frame", "step", "time_fs", "event", "atom_a", "atom_b", "element_a", "element_b"});
  for (const auto& e : p.events()) {
    auto row = frameColumns(e.frame, e.step, e.time);
    row.push_back(e.formed ? "formed" : "broken");
    row.push_back(std::to_string(e.atomA));
    row.push_back(std::to_string(e.atomB));
    row.push_back(e.elementA);
    row.push_back(e.elementB);
    events.row(row);
  }
  events.write(dir, "species_events.csv", files);

  Csv table({"sei analyze: species seen, by name",
             "identity: canonical SMILES of the bond graph (molecules; every atom bracketed with "
             "its H), element (ions), empty (metal, salts); mean_count: units per frame (salts: "
             "domains); mean_charge_e: mean summed charge of a unit in e (nan without charges)"});
  table.row({"name", "kind", "formula", "identity", "mean_count", "mean_charge_e"});
  const char* const kinds[] = {"molecule", "ion", "metal", "salt"};
  for (const auto& [name, s] : p.speciesSummary())
    table.row({name, kinds[static_cast<int>(s.kind)], s.formula, s.identity,
               num(static_cast<double>(s.unitFrames) / p.speciesSeries().size()),
               num(s.meanCharge())});
  table.write(dir, "species.csv", files);

  Csv reactions(
      {"sei analyze: reactions, bond events of one frame grouped by the species they "
       "touch",
       "frame, step and time (fs) where the bonds first changed; reactants and "
       "products: species names joined by ' + '; atoms: indices from 0 separated by "
       "spaces; charge_transferred_e: charge the atoms gained in e (nan without "
       "charges)"});
  reactions.row({"frame", "step", "time_fs", "reaction", "reactants", "products", "formed",
                 "broken", "atoms", "charge_transferred_e"});
  auto joined = [](const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : " + ") + n;
    return text;
  };
  auto atomList = [](const std::vector<int>& atoms) {
    std::string text;
    for (int a : atoms) text += (text.empty() ? "" : " ") + std::to_string(a);
    return text;
  };
  std::set<std::string> types;
  for (const auto& r : p.reactions()) {
    auto row = frameColumns(r.frame, r.step, r.time);
    for (const std::string& v :
         {"\"" + r.type() + "\"", "\"" + joined(r.reactants) + "\"",
          "\"" + joined(r.products) + "\"", std::to_string(r.formed.size()),
          std::to_string(r.broken.size()), atomList(r.atoms), num(r.chargeTransferred)})
      row.push_back(v);
    reactions.row(row);
    types.insert(r.type());
  }
  reactions.write(dir, "reactions.csv", files);

  Csv perType({"sei analyze: reactions per type, cumulative count up to each frame",
               "one column per reaction type; time in fs"});
  std::vector<std::string> typeHeader = {"frame", "step", "time_fs"};
  for (const auto& t : types) typeHeader.push_back("\"" + t + "\"");
  perType.row(typeHeader);
  std::map<std::string, int> cumulative;
  std::size_t next = 0;
  for (std::size_t f = 0; f < p.speciesSeries().size(); ++f) {
    while (next < p.reactions().size() && p.reactions()[next].frame <= f)
      ++cumulative[p.reactions()[next++].type()];
    const auto& s = p.speciesSeries()[f];
    auto row = frameColumns(f, s.step, s.time);
    for (const auto& t : types) row.push_back(std::to_string(cumulative[t]));
    perType.row(row);
  }
  perType.write(dir, "reaction_counts.csv", files);

  const auto& last = p.speciesSeries().back();
  summary["species"] = {
      {"final_counts", last.counts},      {"reactions", p.reactions().size()},
      {"reaction_types", cumulative},     {"mean_counts", mean},
      {"bond_events", p.events().size()}, {"largest_salt_domain_final", last.largestSaltDomain}};
}

void writeRdf(const std::string& dir, const AnalysisPipeline& p, nlohmann::json& summary,
              std::vector<std::string>& files) {
  const auto* rdf = p.rdf();
  std::vector<analysis::RdfCurve> curves;
  for (std::size_t k = 0; k < rdf->pairCount(); ++k) curves.push_back(rdf->curve(k));
  Csv csv({"sei analyze: radial distribution functions averaged over " +
               std::to_string(rdf->frames()) + " frames",
           "r in Å (bin centre); g_A-B dimensionless (normalised with the cell volume); cn_A-B: "
           "mean number of B within the bin's upper edge of an A"});
  std::vector<std::string> header = {"r_A"};
  for (const auto& c : curves) {
    header.push_back("g_" + c.label);
    header.push_back("cn_" + c.label);
  }
  csv.row(header);
  for (std::size_t b = 0; b < curves.front().r.size(); ++b) {
    std::vector<std::string> row = {num(curves.front().r[b])};
    for (const auto& c : curves) {
      row.push_back(num(c.g[b]));
      row.push_back(num(c.cn[b]));
    }
    csv.row(row);
  }
  csv.write(dir, "rdf.csv", files);
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& c : curves) {
    const double edge = analysis::firstMinimum(c);
    nlohmann::json entry = {{"pair", c.label}, {"first_minimum_A", edge}};
    if (edge > 0.0) {
      const std::size_t bin = static_cast<std::size_t>(edge / (c.r[1] - c.r[0]));
      entry["cn_at_first_minimum"] = c.cn[std::min(bin, c.cn.size() - 1)];
    }
    const auto peak = std::max_element(c.g.begin(), c.g.end(), [](double a, double b) {
      return std::isnan(a) || (!std::isnan(b) && a < b);
    });
    if (peak != c.g.end() && std::isfinite(*peak))
      entry["peak_A"] = c.r[peak - c.g.begin()], entry["peak_g"] = *peak;
    pairs.push_back(entry);
  }
  summary["rdf"] = {{"frames", rdf->frames()}, {"pairs", pairs}};
}

void writeSolvation(const std::string& dir, const AnalysisPipeline& p, const AnalyzeRun& run,
                    nlohmann::json& summary, std::vector<std::string>& files) {
  Csv csv({"sei analyze: solvation classes of the dissolved cations per frame",
           "shell radius " + num(run.shellRadius) + " Å (" + run.shellSource +
               "); SSIP: no anion in the shell, CIP: one anion not shared with another cation, "
               "AGG: more anions or a shared one; fractions of the cations",
           "time in fs"});
  csv.row({"frame", "step", "time_fs", "cations", "ssip", "cip", "agg"});
  std::array<double, 3> mean{};
  const auto& series = p.solvationSeries();
  for (std::size_t f = 0; f < series.size(); ++f) {
    const auto& s = series[f];
    auto row = frameColumns(f, s.step, s.time);
    row.push_back(std::to_string(s.cations));
    for (int k = 0; k < 3; ++k) {
      const double fraction = s.cations > 0 ? static_cast<double>(s.counts[k]) / s.cations : 0.0;
      row.push_back(num(fraction));
      mean[k] += fraction / series.size();
    }
    csv.row(row);
  }
  csv.write(dir, "solvation.csv", files);
  summary["solvation"] = {
      {"shell_radius_A", run.shellRadius},
      {"shell_radius_source", run.shellSource},
      {"mean_fractions", {{"SSIP", mean[0]}, {"CIP", mean[1]}, {"AGG", mean[2]}}}};
}

void writeProfiles(const std::string& dir, const AnalysisPipeline& p, nlohmann::json& summary,
                   std::vector<std::string>& files) {
  const auto* pr = p.profiles();
  const auto z = pr->positions();
  const auto elements = pr->elementDensity();
  const auto species = pr->speciesDensity();
  const auto charge = pr->chargeDensity();
  const std::string axis(1, "xyz"[pr->options().axis]);
  Csv density({"sei analyze: profiles along " + axis + " averaged over " +
                   std::to_string(pr->frames()) + " frames",
               "position in Å from the cell face (bin centre); rho_*: number density in Å^-3 per "
               "element and per species; charge_density in e/Å^3 (absent without charges)"});
  std::vector<std::string> header = {axis + "_A"};
  for (const auto& [name, v] : elements) header.push_back("rho_" + name);
  for (const auto& [name, v] : species) header.push_back("rho_" + name);
  if (!charge.empty()) header.push_back("charge_density");
  density.row(header);
  for (std::size_t b = 0; b < z.size(); ++b) {
    std::vector<std::string> row = {num(z[b])};
    for (const auto& [name, v] : elements) row.push_back(num(v[b]));
    for (const auto& [name, v] : species) row.push_back(num(v[b]));
    if (!charge.empty()) row.push_back(num(charge[b]));
    density.row(row);
  }
  density.write(dir, "profile_density.csv", files);

  if (pr->hasCharges()) {
    const auto histograms = pr->chargeHistograms();
    const auto q = pr->chargeBinCentres();
    Csv h({"sei analyze: charge histograms per element over all frames",
           "q in e (bin centre); p_*: probability density in 1/e (integrates to 1); charges "
           "outside the range are counted in the end bins"});
    std::vector<std::string> hh = {"q_e"};
    for (const auto& [name, v] : histograms) hh.push_back("p_" + name);
    h.row(hh);
    for (std::size_t b = 0; b < q.size(); ++b) {
      std::vector<std::string> row = {num(q[b])};
      for (const auto& [name, v] : histograms) row.push_back(num(v[b]));
      h.row(row);
    }
    h.write(dir, "charge_histograms.csv", files);
  }

  const std::string el = pr->options().chargeElement;
  Csv t({"sei analyze: interface per frame",
         "metal_atoms: atoms in metal; " + el + "_outside_metal: " + el +
             " atoms in ions and salts; sei_top_A / sei_bottom_A: SEI thickness in Å on the "
             "metal's upper / lower surface (nan without metal)",
         "q_*: " + el +
             " charges in e (minimum; mean over all, metal, outside the metal; nan "
             "without charges); time in fs"});
  t.row({"frame", "step", "time_fs", "metal_atoms", el + "_outside_metal", "sei_top_A",
         "sei_bottom_A", "q_min_e", "q_mean_e", "q_mean_metal_e", "q_mean_outside_e"});
  for (std::size_t f = 0; f < pr->samples().size(); ++f) {
    const auto& s = pr->samples()[f];
    auto row = frameColumns(f, s.step, s.time);
    for (const std::string& v : {std::to_string(s.metalAtoms), std::to_string(s.otherAtoms),
                                 num(s.seiTop), num(s.seiBottom), num(s.chargeMin),
                                 num(s.chargeMean), num(s.chargeMeanMetal), num(s.chargeMeanOther)})
      row.push_back(v);
    t.row(row);
  }
  t.write(dir, "interface.csv", files);
  const auto& last = pr->samples().back();
  auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  summary["profile"] = {{"axis", axis},
                        {"charges", pr->hasCharges()},
                        {"final",
                         {{"metal_atoms", last.metalAtoms},
                          {el + "_outside_metal", last.otherAtoms},
                          {"sei_top_A", finite(last.seiTop)},
                          {"sei_bottom_A", finite(last.seiBottom)},
                          {"q_min_e", finite(last.chargeMin)},
                          {"q_mean_e", finite(last.chargeMean)}}}};
}

void writeTransport(const std::string& dir, const AnalysisPipeline& p, nlohmann::json& summary,
                    std::vector<std::string>& files) {
  const auto& samples = p.transport()->samples();
  std::set<std::string> labels;
  for (const auto& s : samples)
    for (const auto& [label, h] : s.meanHeight) labels.insert(label);
  const std::string axis(1, "xyz"[p.transport()->axis()]);
  Csv csv({"sei analyze: species transport, mean height above the metal surface along " + axis,
           "per species (salt domains as 'salt'): mean over its units of the unit's mean atom "
           "distance in Å from the nearer metal face; nan where absent or without metal; time in "
           "fs"});
  std::vector<std::string> header = {"frame", "step", "time_fs"};
  for (const auto& l : labels) header.push_back("h_" + l + "_A");
  csv.row(header);
  for (std::size_t f = 0; f < samples.size(); ++f) {
    auto row = frameColumns(f, samples[f].step, samples[f].time);
    for (const auto& l : labels) {
      const auto it = samples[f].meanHeight.find(l);
      row.push_back(num(it == samples[f].meanHeight.end() ? std::nan("") : it->second));
    }
    csv.row(row);
  }
  csv.write(dir, "transport.csv", files);
  nlohmann::json final = nlohmann::json::object();
  for (const auto& [label, h] : samples.back().meanHeight) final[label] = h;
  summary["transport"] = {{"axis", axis}, {"final_mean_height_A", final}};
}

}  // namespace

std::vector<std::string> writeAnalysisOutput(const std::string& dir, const AnalysisPipeline& p,
                                             const AnalyzeRun& run) {
  std::vector<std::string> files;
  nlohmann::json summary;
  const auto& so = p.options().speciesOptions;
  summary["input"] = run.input;
  summary["frames"] = p.frames();
  summary["atoms"] = run.atoms;
  summary["charges"] = run.charges;
  summary["bond_criteria"] = {{"covalent_factor", so.bonds.covalentFactor},
                              {"ionic_factor", so.bonds.ionicFactor},
                              {"metallic_factor", so.bonds.metallicFactor},
                              {"lifetime_frames", so.lifetime}};
  for (const auto& [pair, r] : so.bonds.overrides)
    summary["bond_criteria"]["cutoffs_A"][std::string(elementSymbol(pair.first)) + "-" +
                                          std::string(elementSymbol(pair.second))] = r;
  if (p.options().species) writeSpecies(dir, p, summary, files);
  if (p.rdf()) writeRdf(dir, p, summary, files);
  if (p.solvation()) writeSolvation(dir, p, run, summary, files);
  if (p.profiles()) writeProfiles(dir, p, summary, files);
  if (p.transport()) writeTransport(dir, p, summary, files);
  files.push_back("summary.json");
  summary["files"] = files;
  writeFileAtomically(dir + "/summary.json", summary.dump(2) + "\n");
  return files;
}

}  // namespace sei::cli
