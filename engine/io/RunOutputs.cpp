#include "io/RunOutputs.hpp"

#include <ctime>
#include <filesystem>

#include "core/Error.hpp"

namespace sei {
namespace fs = std::filesystem;
namespace {

/// What runs of projects and of the studio write (run.in and model.xyz describe them).
constexpr const char* kOutputs[] = {"thermo.out",  "dump.xyz",     "movie.nc",
                                    "checkpoint.chk", "restart.xyz", "lastgood.xyz",
                                    "lastgood.chk"};
constexpr const char* kInputs[] = {"run.in", "model.xyz"};

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

}  // namespace

bool hasRunOutputs(const std::string& folder) {
  for (const char* name : kOutputs)
    if (fs::exists(fs::path(folder) / name)) return true;
  return false;
}

std::string archiveRunOutputs(const std::string& folder) {
  if (!hasRunOutputs(folder)) return {};
  const fs::path base = fs::path(folder) / "previous-runs";
  fs::path target = base / timestamp();
  for (int k = 2; fs::exists(target); ++k) target = base / (timestamp() + "-" + std::to_string(k));
  fs::create_directories(target);
  auto move = [&](const char* name) {
    const fs::path from = fs::path(folder) / name;
    if (!fs::exists(from)) return;
    std::error_code ec;
    fs::rename(from, target / name, ec);
    if (ec)
      throw InputError(from.string() + ": could not be moved to " + target.string() + ": " +
                       ec.message());
  };
  for (const char* name : kOutputs) move(name);
  for (const char* name : kInputs) move(name);
  return target.string();
}

}  // namespace sei
