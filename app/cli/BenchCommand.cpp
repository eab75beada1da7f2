#include "Commands.hpp"

namespace sei::cli {
int runBench(const std::vector<std::string>&) { return 2; }
}  // namespace sei::cli
