#include "formats/OpenBabelSession.hpp"

#include <openbabel/oberror.h>

#include <mutex>
#include <sstream>

namespace sei {
namespace {

std::mutex& openBabelMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

struct OpenBabelSession::Impl {
  std::lock_guard<std::mutex> lock{openBabelMutex()};
  OpenBabel::obMessageLevel level = OpenBabel::obErrorLog.GetOutputLevel();
  std::ostream* stream = OpenBabel::obErrorLog.GetOutputStream();
  std::ostringstream sink;
};

OpenBabelSession::OpenBabelSession() : impl_(std::make_unique<Impl>()) {
  OpenBabel::obErrorLog.ClearLog();
  OpenBabel::obErrorLog.StartLogging();
  OpenBabel::obErrorLog.SetOutputStream(&impl_->sink);
}

OpenBabelSession::~OpenBabelSession() {
  OpenBabel::obErrorLog.SetOutputLevel(impl_->level);
  OpenBabel::obErrorLog.SetOutputStream(impl_->stream);
}

std::string OpenBabelSession::firstError() const {
  for (const std::string& message : OpenBabel::obErrorLog.GetMessagesOfLevel(OpenBabel::obError)) {
    std::string line;
    std::istringstream in(message);
    std::string word;
    // OBError::message() is a multi-line block ("==============\n*** Open Babel Error in
    // ..."); keep its words only.
    while (in >> word) {
      if (word.find_first_not_of("=*") == std::string::npos) continue;
      if (!line.empty()) line += ' ';
      line += word;
    }
    if (!line.empty()) return line;
  }
  return {};
}

}  // namespace sei
