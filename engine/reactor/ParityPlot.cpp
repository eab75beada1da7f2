#include "reactor/ParityPlot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "io/AtomicFile.hpp"

namespace sei::reactor {
namespace {

constexpr double kSize = 360, kMargin = 50;  // SVG pixels
constexpr double kMissing = -1e5;            // below this: GPUMD's −1e6 of a missing label

std::string number(const char* pattern, double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, x);
  return buffer;
}

}  // namespace

std::string paritySvg(const std::string& title, const std::string& unit,
                      const std::vector<double>& predicted, const std::vector<double>& reference) {
  double low = 0, high = 0, squares = 0;
  if (!reference.empty()) {
    low = std::min(*std::min_element(predicted.begin(), predicted.end()),
                   *std::min_element(reference.begin(), reference.end()));
    high = std::max(*std::max_element(predicted.begin(), predicted.end()),
                    *std::max_element(reference.begin(), reference.end()));
  }
  if (high <= low) high = low + 1;
  for (std::size_t i = 0; i < reference.size(); ++i)
    squares += (predicted[i] - reference[i]) * (predicted[i] - reference[i]);
  const double rmse = reference.empty() ? 0.0 : std::sqrt(squares / reference.size());
  const double span = kSize - 2 * kMargin;
  auto x = [&](double v) { return kMargin + (v - low) / (high - low) * span; };
  auto y = [&](double v) { return kSize - kMargin - (v - low) / (high - low) * span; };
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kSize << "\" height=\"" << kSize
      << "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << kSize / 2 << "\" y=\"20\" text-anchor=\"middle\" font-size=\"13\">"
      << title << ": RMSE " << number("%.4g", rmse) << " " << unit << " (" << reference.size()
      << " values)</text>\n"
      << "<rect x=\"" << kMargin << "\" y=\"" << kMargin << "\" width=\"" << span << "\" height=\""
      << span << "\" fill=\"none\" stroke=\"black\"/>\n"
      << "<line x1=\"" << x(low) << "\" y1=\"" << y(low) << "\" x2=\"" << x(high) << "\" y2=\""
      << y(high) << "\" stroke=\"gray\" stroke-dasharray=\"4\"/>\n";
  for (std::size_t i = 0; i < reference.size(); ++i)
    svg << "<circle cx=\"" << number("%.1f", x(reference[i])) << "\" cy=\""
        << number("%.1f", y(predicted[i])) << "\" r=\"1.5\" fill=\"steelblue\"/>\n";
  svg << "<text x=\"" << kSize / 2 << "\" y=\"" << kSize - 12
      << "\" text-anchor=\"middle\" font-size=\"12\">reference (" << unit << "), "
      << number("%.4g", low) << " to " << number("%.4g", high) << "</text>\n"
      << "<text x=\"14\" y=\"" << kSize / 2 << "\" font-size=\"12\" transform=\"rotate(-90 14 "
      << kSize / 2 << ")\" text-anchor=\"middle\">predicted (" << unit << ")</text>\n</svg>\n";
  return svg.str();
}

void writeParityPlots(const std::string& dir) {
  const struct {
    const char* quantity;
    const char* unit;
  } plots[] = {{"energy", "eV/atom"}, {"force", "eV/Å"}, {"virial", "eV/atom"}};
  for (const auto& plot : plots) {
    std::ifstream in(dir + "/" + plot.quantity + "_train.out");
    if (!in) continue;
    std::vector<double> predicted, reference;
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::vector<double> v;
      for (double value; words >> value;) v.push_back(value);
      const std::size_t half = v.size() / 2;
      for (std::size_t i = 0; i < half; ++i)
        if (v[half + i] > kMissing) {
          predicted.push_back(v[i]);
          reference.push_back(v[half + i]);
        }
    }
    writeFileAtomically(dir + "/parity-" + plot.quantity + ".svg",
                        paritySvg(plot.quantity, plot.unit, predicted, reference));
  }
}

}  // namespace sei::reactor
