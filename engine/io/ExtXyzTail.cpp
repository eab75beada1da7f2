#include "io/ExtXyzTail.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"

namespace sei {
namespace {

constexpr std::uint64_t kReadBytes = 64 << 20;
constexpr int kReadsPerPoll = 64;

/// The end (one past '\n') of the line starting at `from`, or npos if it is not complete.
std::size_t lineEnd(const std::string& text, std::size_t from) {
  const std::size_t end = text.find('\n', from);
  return end == std::string::npos ? end : end + 1;
}

}  // namespace

std::vector<TrajectoryFrame> ExtXyzTail::poll(bool parseFrames, std::size_t maxFrames) {
  std::vector<TrajectoryFrame> out;
  restarted_ = false;
  std::size_t found = 0;
  // Bounded reads: a long recorded run is indexed piecewise, and a file growing faster than it is
  // read cannot keep the call going.
  for (int reads = 0; reads < kReadsPerPoll; ++reads) {
    found += takeFrames(parseFrames, maxFrames - found, out);
    if (found >= maxFrames) break;
    const std::string appended = file_.readNewLines(kReadBytes);
    if (file_.restarted()) {
      restarted_ = true;
      frames_.clear();
      out.clear();
      found = 0;
      pending_.clear();
      pendingLine_ = 1;
    }
    if (appended.empty()) break;
    if (pending_.empty()) pendingOffset_ = file_.offset() - appended.size();
    pending_ += appended;
  }
  return out;
}

std::size_t ExtXyzTail::takeFrames(bool parseFrames, std::size_t maxFrames,
                                   std::vector<TrajectoryFrame>& out) {
  std::size_t start = 0, found = 0;
  while (found < maxFrames) {
    const std::size_t countEnd = lineEnd(pending_, start);
    if (countEnd == std::string::npos) break;
    std::size_t atoms = 0;
    const char* first = pending_.data() + start;
    const char* last = pending_.data() + countEnd - 1;
    while (first < last && (*first == ' ' || *first == '\t')) ++first;
    const auto parsed = std::from_chars(first, last, atoms);
    if (parsed.ec != std::errc() || first == last)
      throw InputError(path(), static_cast<int>(pendingLine_),
                       "expected the atom count of a frame, got '" +
                           std::string(static_cast<const char*>(pending_.data() + start), last) +
                           "'");
    // The comment line and one line per atom complete the frame.
    std::size_t end = countEnd;
    std::size_t lines = 0;
    while (lines < atoms + 1 && end != std::string::npos) {
      end = lineEnd(pending_, end);
      ++lines;
    }
    if (end == std::string::npos) break;
    Entry entry;
    entry.offset = pendingOffset_ + start;
    entry.bytes = end - start;
    // Indexing copies only the comment line, which gives the step and time.
    TrajectoryFrame stamp;
    stamp.index = frames_.size();
    stamp.structure.info = pending_.substr(countEnd, lineEnd(pending_, countEnd) - countEnd);
    stampExtXyzFrame(stamp, clock_);
    entry.step = stamp.step;
    entry.time = stamp.time;
    if (parseFrames)
      out.push_back(parse(pending_.substr(start, end - start), frames_.size(), pendingLine_));
    frames_.push_back(entry);
    pendingLine_ += atoms + 2;
    start = end;
    ++found;
  }
  pending_.erase(0, start);
  pendingOffset_ += start;
  return found;
}

TrajectoryFrame ExtXyzTail::parse(const std::string& text, std::size_t index,
                                  std::uint64_t line) const {
  std::istringstream in(text);
  std::vector<Structure> frames =
      readExtXyzFrames(in, path() + " (frame " + std::to_string(index + 1) + ", from line " +
                               std::to_string(line) + ")");
  if (frames.size() != 1)
    throw InputError(path(), static_cast<int>(line), "expected one extended XYZ frame here");
  TrajectoryFrame frame;
  frame.structure = std::move(frames.front());
  frame.index = index;
  stampExtXyzFrame(frame, clock_);
  return frame;
}

TrajectoryFrame ExtXyzTail::read(std::size_t index) const {
  const Entry& e = frames_.at(index);
  std::ifstream in(path(), std::ios::binary);
  in.seekg(static_cast<std::streamoff>(e.offset));
  std::string text(e.bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (static_cast<std::uint64_t>(in.gcount()) != e.bytes)
    throw InputError(
        path(), 0, "frame " + std::to_string(index + 1) + " is no longer in the file (cut back?)");
  return parse(text, index, 0);
}

}  // namespace sei
