#include "nep/NepModel.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"

namespace sei {

int NepModel::numAngularBlocks() const {
  return lMax + static_cast<int>(std::count(higherBlocks.begin(), higherBlocks.end(), true));
}

int NepModel::dimension() const {
  return (nMaxRadial + 1) + (nMaxAngular + 1) * numAngularBlocks() +
         (temperatureDescriptor ? 1 : 0);
}

double NepModel::maxRadialCutoff() const {
  return *std::max_element(radialCutoff.begin(), radialCutoff.end());
}

double NepModel::maxAngularCutoff() const {
  return *std::max_element(angularCutoff.begin(), angularCutoff.end());
}

std::vector<int> NepModel::typesOf(const Structure& s, const std::string& structureName) const {
  std::vector<int> types(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto it = std::find(elements.begin(), elements.end(), s.symbols[i]);
    if (it == elements.end()) {
      std::string known;
      for (const auto& e : elements) known += (known.empty() ? "" : " ") + e;
      throw InputError(structureName + ": atom " + std::to_string(i + 1) + " is element '" +
                       s.symbols[i] + "', which model " + path +
                       " does not have (it has: " + known + ")");
    }
    types[i] = static_cast<int>(it - elements.begin());
  }
  return types;
}

namespace {

const char* const kSupported =
    "supported: nep3, nep3_zbl, nep4, nep4_zbl, nep5, nep5_zbl, nep4_temperature, "
    "nep4_zbl_temperature, nep4_charge1, nep4_charge2, nep4_zbl_charge1, nep4_zbl_charge2";

/// Reads a nep.txt file line by line, keeping line numbers for messages.
class ModelFileReader {
 public:
  explicit ModelFileReader(const std::string& path) : path_(path), in_(path) {
    if (!in_) throw InputError(path, 0, "cannot open model file for reading");
  }

  /// Next non-blank line as tokens; throws if the file ends where `expected` was due.
  std::vector<std::string> headerLine(const std::string& expected) {
    std::vector<std::string> tokens = nextTokens();
    if (tokens.empty()) fail("file ends where '" + expected + "' was expected");
    return tokens;
  }

  /// A header line that must start with `keyword` and have one of the allowed token counts.
  std::vector<std::string> keywordLine(const std::string& keyword, const std::string& form,
                                       std::initializer_list<std::size_t> counts) {
    auto tokens = headerLine(form);
    if (tokens[0] != keyword) fail("expected a '" + form + "' line, found '" + tokens[0] + "'");
    if (std::find(counts.begin(), counts.end(), tokens.size()) == counts.end())
      fail("expected '" + form + "', found " + std::to_string(tokens.size()) + " tokens");
    return tokens;
  }

  double number(const std::string& token, const std::string& what) const {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(token.c_str(), &end);
    if (end == token.c_str() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
      fail("expected a number for " + what + ", found '" + token + "'");
    return v;
  }

  int integer(const std::string& token, const std::string& what, int lo, int hi) const {
    char* end = nullptr;
    const long v = std::strtol(token.c_str(), &end, 10);
    if (end == token.c_str() || *end != '\0' || v < lo || v > hi)
      fail("expected an integer " + std::to_string(lo) + ".." + std::to_string(hi) + " for " +
           what + ", found '" + token + "'");
    return static_cast<int>(v);
  }

  /// The `count` numbers after the header, one per line.
  std::vector<double> parameters(std::size_t count, const std::string& breakdown) {
    std::vector<double> values;
    values.reserve(count);
    for (auto tokens = nextTokens(); !tokens.empty(); tokens = nextTokens()) {
      if (values.size() == count)
        fail("extra data '" + tokens[0] + "' after the " + std::to_string(count) +
             " numbers the header describes (" + breakdown + ")");
      if (tokens.size() != 1)
        fail("expected one number per line, found " + std::to_string(tokens.size()) + " tokens");
      values.push_back(number(tokens[0], "parameter " + std::to_string(values.size() + 1)));
    }
    if (values.size() != count)
      fail("file ends after " + std::to_string(values.size()) + " of the " + std::to_string(count) +
           " numbers the header describes (" + breakdown + ")");
    return values;
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(path_, line_, message);
  }

 private:
  /// Tokens of the next non-blank line; empty at the end of the file.
  std::vector<std::string> nextTokens() {
    std::vector<std::string> tokens;
    for (std::string line; tokens.empty() && std::getline(in_, line);) {
      ++line_;
      // A UTF-8 byte-order mark (Windows editors) is no part of the model token.
      if (line_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      std::istringstream ls(line);
      for (std::string t; ls >> t;) tokens.push_back(t);
    }
    return tokens;
  }

  std::string path_;
  std::ifstream in_;
  int line_ = 0;
};

/// Parses the model token into the flags of NepModel; rejects what we cannot run.
void parseToken(const std::string& token, NepModel& m, const ModelFileReader& r) {
  static const char* const kTokens[] = {"nep3",
                                        "nep3_zbl",
                                        "nep4",
                                        "nep4_zbl",
                                        "nep5",
                                        "nep5_zbl",
                                        "nep4_temperature",
                                        "nep4_zbl_temperature",
                                        "nep4_charge1",
                                        "nep4_charge2",
                                        "nep4_zbl_charge1",
                                        "nep4_zbl_charge2"};
  const bool known = std::find(std::begin(kTokens), std::end(kTokens), token) != std::end(kTokens);
  if (!known) {
    std::string kind = "an unknown model type";
    if (token.find("dipole") != std::string::npos)
      kind = "a dipole (TNEP) model, which predicts dipoles, not energies";
    else if (token.find("polarizability") != std::string::npos)
      kind = "a polarizability (TNEP) model, which predicts polarizabilities, not energies";
    else if (token.find("charge3") != std::string::npos)
      kind = "a legacy charge-mode-3 model, which GPUMD does not run";
    else if (token.find("vdw") != std::string::npos)
      kind = "a trainer-only dispersion model, which GPUMD does not run";
    else if (token.rfind("nep3", 0) == 0 && token.find("temperature") != std::string::npos)
      kind = "a deprecated nep3 temperature model";
    r.fail("model token '" + token + "' is " + kind + "; " + kSupported);
  }
  m.token = token;
  m.version = token[3] - '0';
  m.zbl = token.find("_zbl") != std::string::npos;
  m.temperatureDescriptor = token.find("_temperature") != std::string::npos;
  if (token.find("_charge1") != std::string::npos) m.chargeMode = 1;
  if (token.find("_charge2") != std::string::npos) m.chargeMode = 2;
}

void readHeader(ModelFileReader& r, NepModel& m) {
  auto first = r.headerLine("nep4 T element...");
  parseToken(first[0], m, r);
  if (first.size() < 2) r.fail("expected 'token T element_1 ... element_T', found 1 token");
  const int T = r.integer(first[1], "the number of types T", 1, kMaxAtomicNumber);
  if (first.size() != static_cast<std::size_t>(2 + T))
    r.fail("expected 2+T = " + std::to_string(2 + T) + " tokens ('" + first[0] + " " + first[1] +
           "' and " + first[1] + " element symbols), found " + std::to_string(first.size()));
  for (int t = 0; t < T; ++t) {
    const std::string& sym = first[2 + t];
    const int z = atomicNumber(sym);
    if (z == 0) r.fail("unknown element '" + sym + "', expected a symbol from H to Pu");
    if (std::find(m.elements.begin(), m.elements.end(), sym) != m.elements.end())
      r.fail("element '" + sym + "' is listed twice");
    m.elements.push_back(sym);
    m.atomicNumbers.push_back(z);
  }

  if (m.zbl) {
    auto z = r.keywordLine("zbl", "zbl r_inner r_outer [typewise_factor]", {3, 4});
    m.zblInner = r.number(z[1], "the ZBL inner radius");
    m.zblOuter = r.number(z[2], "the ZBL outer radius");
    m.flexibleZbl = (m.zblInner == 0.0 && m.zblOuter == 0.0);
    if (!m.flexibleZbl && !(m.zblInner >= 0.0 && m.zblOuter > m.zblInner))
      r.fail("expected 0 <= r_inner < r_outer for ZBL, found " + z[1] + " " + z[2]);
    if (z.size() == 4 && !m.flexibleZbl) {
      m.zblTypewiseFactor = r.number(z[3], "the ZBL typewise factor");
      if (m.zblTypewiseFactor <= 0.0) r.fail("expected a positive ZBL typewise factor");
    }
  }

  const std::size_t typewiseCount = 2 * T + 3;
  auto c = r.keywordLine("cutoff", "cutoff R_c A_c MN_R MN_A", {5, typewiseCount});
  m.typewiseCutoff = (T > 1 && c.size() == typewiseCount);
  if (m.typewiseCutoff && m.chargeMode != 0)
    r.fail(
        "typewise cutoffs are not allowed in a charge (qNEP) model; expected "
        "'cutoff R_c A_c MN_R MN_A'");
  for (int t = 0; t < T; ++t) {
    const std::size_t k = m.typewiseCutoff ? 1 + 2 * t : 1;
    m.radialCutoff.push_back(r.number(c[k], "the radial cutoff"));
    m.angularCutoff.push_back(r.number(c[k + 1], "the angular cutoff"));
    // A bound far above any trained model (GPUMD's are below 10 Å): larger ones would ask for
    // millions of neighbours per atom (memory) or overflow the periodic-image search.
    constexpr double kMaxCutoff = 50.0;  // Å
    if (!(m.radialCutoff.back() > 0.0 && m.radialCutoff.back() <= kMaxCutoff) ||
        !(m.angularCutoff.back() > 0.0 && m.angularCutoff.back() <= kMaxCutoff))
      r.fail("expected cutoffs above 0 and at most 50 Å, found " + c[k] + " " + c[k + 1]);
  }
  m.maxNeighborsRadial = r.integer(c[c.size() - 2], "MN_R", 0, 1 << 30);
  m.maxNeighborsAngular = r.integer(c[c.size() - 1], "MN_A", 0, 1 << 30);

  auto n = r.keywordLine("n_max", "n_max n_R n_A", {3});
  m.nMaxRadial = r.integer(n[1], "n_max radial", 0, 64);
  m.nMaxAngular = r.integer(n[2], "n_max angular", 0, 64);
  auto b = r.keywordLine("basis_size", "basis_size K_R K_A", {3});
  m.basisRadial = r.integer(b[1], "basis_size radial", 0, 64);
  m.basisAngular = r.integer(b[2], "basis_size angular", 0, 64);

  auto l =
      r.keywordLine("l_max", "l_max L f_222 f_1111 [f_112 f_123 f_233 f_134]", {4, 5, 6, 7, 8});
  m.lMax = r.integer(l[1], "l_max", 0, 8);
  static const int kNeedsL[kNumHigherBlocks] = {2, 1, 2, 3, 3, 4};
  static const char* const kBlockNames[kNumHigherBlocks] = {"222", "1111", "112",
                                                            "123", "233",  "134"};
  for (std::size_t k = 2; k < l.size(); ++k) {
    const int block = static_cast<int>(k) - 2;
    m.higherBlocks[block] = r.integer(l[k], std::string("flag f_") + kBlockNames[block], 0, 8) != 0;
    if (m.higherBlocks[block] && m.lMax < kNeedsL[block])
      r.fail(std::string("block ") + kBlockNames[block] +
             " needs l_max >= " + std::to_string(kNeedsL[block]) + ", found l_max " + l[1]);
  }

  auto a = r.keywordLine("ANN", "ANN H 0", {3});
  m.hidden = r.integer(a[1], "the number of hidden neurons", 1, 1 << 20);
  if (a[2] != "0")
    r.fail("expected 'ANN " + a[1] + " 0': a second hidden layer (" + a[2] +
           ") is not supported by GPUMD");
}

}  // namespace

NepModel readNepModel(const std::string& path) {
  ModelFileReader r(path);
  NepModel m;
  m.path = path;
  readHeader(r, m);

  const std::size_t T = m.elements.size();
  const std::size_t D = m.dimension();
  const std::size_t H = m.hidden;
  const bool charged = m.chargeMode != 0;
  const std::size_t numNetworks = m.version == 3 ? 1 : T;
  const std::size_t perNetwork = H * D + H + H + (charged ? H : 0) + (m.version == 5 ? 1 : 0);
  const std::size_t nn = numNetworks * perNetwork + (charged ? 2 : 1);
  const std::size_t radial = T * T * (m.nMaxRadial + 1) * (m.basisRadial + 1);
  const std::size_t angular = T * T * (m.nMaxAngular + 1) * (m.basisAngular + 1);
  const std::size_t zbl = m.flexibleZbl ? 10 * T * (T + 1) / 2 : 0;
  std::string breakdown = std::to_string(nn) + " network + " + std::to_string(radial + angular) +
                          " descriptor + " + std::to_string(D) + " scalers";
  if (zbl) breakdown += " + " + std::to_string(zbl) + " ZBL";
  const std::vector<double> p = r.parameters(nn + radial + angular + D + zbl, breakdown);

  auto take = [&p, pos = std::size_t{0}](std::size_t count) mutable {
    std::vector<double> v(p.begin() + pos, p.begin() + pos + count);
    pos += count;
    return v;
  };
  for (std::size_t t = 0; t < numNetworks; ++t) {
    NepNetwork net;
    net.w0 = take(H * D);
    net.b0 = take(H);
    net.w1 = take(H);
    if (charged) net.w1q = take(H);
    if (m.version == 5) net.typeBias = take(1)[0];
    m.networks.push_back(std::move(net));
  }
  if (m.version == 3) m.networks.resize(T, m.networks.front());
  if (charged) m.sqrtEpsilonInf = take(1)[0];
  m.outputBias = take(1)[0];
  m.radialCoefficients = take(radial);
  m.angularCoefficients = take(angular);
  m.scalers = take(D);
  for (std::size_t k = 0; k < zbl / 10; ++k) {
    const auto z = take(10);
    ZblPairParameters pp;
    pp.rInner = z[0];
    pp.rOuter = z[1];
    for (int q = 0; q < 4; ++q) {
      pp.a[q] = z[2 + 2 * q];
      pp.b[q] = z[3 + 2 * q];
    }
    m.zblPairs.push_back(pp);
  }
  return m;
}

std::vector<double> pairMajorCoefficients(const std::vector<double>& c, int T, int nMax, int K) {
  std::vector<double> out(c.size());
  forEachCoefficient(T, nMax, K, [&](std::size_t file, std::size_t pair) { out[pair] = c[file]; });
  return out;
}

}  // namespace sei
