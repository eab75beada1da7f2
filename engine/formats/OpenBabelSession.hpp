#pragma once

#include <memory>
#include <string>

namespace sei {

/// Open Babel's plugins, format options and error log are process-wide, so one call into it at a
/// time: a session holds the lock for its lifetime and meanwhile collects what Open Babel logs
/// (which would otherwise print to std::clog), so that errors can end up in the InputError
/// instead of as stray lines on the terminal. No Open Babel type in this header: the layers
/// above link Open Babel privately.
class OpenBabelSession {
 public:
  OpenBabelSession();
  ~OpenBabelSession();
  OpenBabelSession(const OpenBabelSession&) = delete;
  OpenBabelSession& operator=(const OpenBabelSession&) = delete;

  /// The first error Open Babel logged during the session, on one line ("" if none).
  std::string firstError() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sei
