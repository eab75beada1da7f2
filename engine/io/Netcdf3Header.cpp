#include "io/Netcdf3Header.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <vector>

namespace sei {
namespace {

/// Big-endian reads from a header buffer that turn `ok` off instead of reading past its end.
class Cursor {
 public:
  explicit Cursor(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
  bool ok() const { return ok_; }
  std::uint64_t number(int width) {
    if (!take(static_cast<std::size_t>(width))) return 0;
    std::uint64_t v = 0;
    for (int k = 0; k < width; ++k) v = (v << 8) | bytes_[at_ - width + k];
    return v;
  }
  /// Skips `count` bytes rounded up to a multiple of 4 (the format pads every field).
  void skip(std::uint64_t count) {
    if (count > bytes_.size()) {
      ok_ = false;
      return;
    }
    take(static_cast<std::size_t>((count + 3) / 4 * 4));
  }
  /// A name: its length, then its bytes padded to 4; "" (and not ok) past the end.
  std::string name() {
    const std::uint64_t length = number(4);
    if (!ok_ || length == 0 || length > 256 || length > bytes_.size() - at_) {
      ok_ = false;
      return {};
    }
    std::string text(bytes_.begin() + at_, bytes_.begin() + at_ + length);
    skip(length);
    if (text.find('\0') != std::string::npos) ok_ = false;
    return text;
  }

 private:
  bool take(std::size_t n) {
    ok_ = ok_ && n <= bytes_.size() - at_;
    if (ok_) at_ += n;
    return ok_;
  }
  std::vector<unsigned char> bytes_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

constexpr std::uint64_t kDimensionTag = 0x0A, kVariableTag = 0x0B, kAttributeTag = 0x0C;
constexpr std::uint64_t kMaxEntries = 1 << 16;  ///< dimensions, attributes, variables, ranks

/// Bytes per value of a classic type (byte, char, short, int, float, double); 0 otherwise.
std::uint64_t typeSize(std::uint64_t type) {
  static const std::uint64_t kSizes[] = {0, 1, 1, 2, 4, 4, 8};
  return type < std::size(kSizes) ? kSizes[type] : 0;
}

/// Skips an attribute list; a problem or "".
std::string skipAttributes(Cursor& c) {
  const std::uint64_t tag = c.number(4), count = c.number(4);
  if (tag != kAttributeTag) return tag == 0 && count == 0 ? "" : "bad attribute list";
  if (count > kMaxEntries) return "implausible attribute count";
  std::set<std::string> names;
  for (std::uint64_t k = 0; k < count && c.ok(); ++k) {
    if (!names.insert(c.name()).second) return "an attribute name twice";
    const std::uint64_t size = typeSize(c.number(4));
    const std::uint64_t values = c.number(4);
    if (size == 0) return "unknown attribute type";
    c.skip(values * size);
  }
  return c.ok() ? "" : "attributes run past the header";
}

std::string problemOf(Cursor& c, int offsetWidth, std::uint64_t& expected) {
  c.number(4);
  const std::uint64_t records = c.number(4);
  std::uint64_t tag = c.number(4), count = c.number(4);
  if (tag != kDimensionTag && !(tag == 0 && count == 0)) return "bad dimension list";
  if (count > kMaxEntries) return "implausible dimension count";
  std::int64_t recordDimension = -1;
  std::set<std::string> names;
  for (std::uint64_t k = 0; k < count && c.ok(); ++k) {
    if (!names.insert(c.name()).second) return "a dimension name twice";
    if (c.number(4) == 0) {
      if (recordDimension >= 0) return "two unlimited dimensions";
      recordDimension = static_cast<std::int64_t>(k);
    }
  }
  const std::uint64_t dimensions = count;
  if (std::string p = skipAttributes(c); !p.empty()) return p;

  tag = c.number(4);
  count = c.number(4);
  if (tag != kVariableTag && !(tag == 0 && count == 0)) return "bad variable list";
  if (count > kMaxEntries) return "implausible variable count";
  names.clear();
  std::uint64_t end = 0, recordSize = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> recordVariables;  // begin, vsize
  bool large = false;
  for (std::uint64_t k = 0; k < count && c.ok(); ++k) {
    if (!names.insert(c.name()).second) return "a variable name twice";
    const std::uint64_t rank = c.number(4);
    if (rank > kMaxEntries) return "implausible variable rank";
    bool record = false;
    for (std::uint64_t d = 0; d < rank && c.ok(); ++d) {
      const std::uint64_t id = c.number(4);
      if (id >= dimensions) return "a variable names a dimension that does not exist";
      record = record || (d == 0 && static_cast<std::int64_t>(id) == recordDimension);
    }
    if (std::string p = skipAttributes(c); !p.empty()) return p;
    if (typeSize(c.number(4)) == 0) return "unknown variable type";
    const std::uint64_t size = c.number(4), begin = c.number(offsetWidth);
    large = large || size == 0xFFFFFFFFu;  // a variable too large for the field
    if (record) {
      recordSize += size;
      recordVariables.emplace_back(begin, size);
    } else {
      end = std::max(end, begin + size);
    }
  }
  if (!c.ok()) return "the header runs past its end";
  // A streaming record count, a huge variable, or a single record variable (stored without the
  // padding its vsize counts): the size cannot be told this simply.
  if (records == 0xFFFFFFFFu || large || recordVariables.size() == 1) return "";
  if (records > 0)
    for (const auto& [begin, size] : recordVariables)
      end = std::max(end, begin + (records - 1) * recordSize + size);
  expected = end;
  return "";
}

}  // namespace

Netcdf3Header readNetcdf3Header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> head(1 << 16);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  Netcdf3Header out{false, "", 0};
  if (head.size() < 4 || head[0] != 'C' || head[1] != 'D' || head[2] != 'F' ||
      (head[3] != 1 && head[3] != 2))
    return out;
  out.classic = true;
  const int offsetWidth = head[3] == 1 ? 4 : 8;
  Cursor c(std::move(head));
  out.problem = problemOf(c, offsetWidth, out.expectedSize);
  return out;
}

}  // namespace sei
