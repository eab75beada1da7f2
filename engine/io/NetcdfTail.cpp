#include "io/NetcdfTail.hpp"

#include <algorithm>

namespace sei {

bool NetcdfTail::reopenIfChanged() {
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(path_, ec);
  const std::uintmax_t bytes = ec ? 0 : std::filesystem::file_size(path_, ec);
  if (ec) return false;  // not written yet (a run that just started)
  if (reader_ && written == written_ && bytes == bytes_) return true;
  auto reader = std::make_unique<TrajectoryReader>(path_);
  std::vector<Mark> known(reader->frameCount());
  for (std::size_t i = 0; i < known.size(); ++i) {
    const TrajectoryFrame f = reader->frameAt(i, false);
    known[i] = {f.step, f.time};
  }
  // A run that started over (or resumed from an earlier checkpoint) changed the frames indexed.
  if (known.size() < frames_.size() || !std::equal(frames_.begin(), frames_.end(), known.begin())) {
    frames_.clear();
    restarted_ = true;
  }
  reader_ = std::move(reader);
  known_ = std::move(known);
  written_ = written;
  bytes_ = bytes;
  return true;
}

std::vector<TrajectoryFrame> NetcdfTail::poll(bool parse, std::size_t maxFrames) {
  restarted_ = false;
  std::vector<TrajectoryFrame> out;
  if (!reopenIfChanged()) return out;
  const std::size_t first = frames_.size();
  const std::size_t count = std::min(maxFrames, known_.size() - first);
  for (std::size_t k = first; k < first + count; ++k) {
    if (parse) out.push_back(reader_->frameAt(k));
    frames_.push_back(known_[k]);
  }
  return out;
}

}  // namespace sei
