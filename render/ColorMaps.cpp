#include "ColorMaps.hpp"

#include <vtkColorTransferFunction.h>
#include <vtkLookupTable.h>
#include <vtkVariant.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "core/Elements.hpp"

namespace sei::render {
namespace {

constexpr int kTableSize = 256;

Rgb hex(unsigned v) {
  return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
}

/// Samples a colour transfer function defined on [low, high] into a lookup table.
vtkSmartPointer<vtkLookupTable> sample(vtkColorTransferFunction* f, double low, double high) {
  auto table = vtkSmartPointer<vtkLookupTable>::New();
  table->SetNumberOfTableValues(kTableSize);
  table->SetTableRange(low, high);
  for (int i = 0; i < kTableSize; ++i) {
    double rgb[3];
    f->GetColor(low + (high - low) * i / (kTableSize - 1), rgb);
    table->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.0);
  }
  table->Build();
  return table;
}

/// A map through `n` colours evenly spaced over [low, high], interpolated in CIELAB.
template <std::size_t n>
vtkSmartPointer<vtkLookupTable> evenStops(const double (&stops)[n][3], double low, double high) {
  if (!(high > low)) high = low + 1.0;
  auto f = vtkSmartPointer<vtkColorTransferFunction>::New();
  f->SetColorSpaceToLab();
  for (std::size_t i = 0; i < n; ++i)
    f->AddRGBPoint(low + (high - low) * double(i) / double(n - 1), stops[i][0], stops[i][1],
                   stops[i][2]);
  return sample(f, low, high);
}

}  // namespace

Rgb elementColor(std::string_view symbol) {
  // The elements of electrolytes, electrodes and the shipped test systems.
  static const std::map<std::string, unsigned, std::less<>> kJmol = {
      {"H", 0xFFFFFF},  {"He", 0xD9FFFF}, {"Li", 0xCC80FF}, {"B", 0xFFB5B5},  {"C", 0x909090},
      {"N", 0x3050F8},  {"O", 0xFF0D0D},  {"F", 0x90E050},  {"Na", 0xAB5CF2}, {"Mg", 0x8AFF00},
      {"Al", 0xBFA6A6}, {"Si", 0xF0C8A0}, {"P", 0xFF8000},  {"S", 0xFFFF30},  {"Cl", 0x1FF01F},
      {"K", 0x8F40D4},  {"Ca", 0x3DFF00}, {"Ti", 0xBFC2C7}, {"Fe", 0xE06633}, {"Cu", 0xC88033},
      {"Zn", 0x7D80B0}, {"Se", 0xFFA100}, {"Br", 0xA62929}, {"Sn", 0x668080}, {"Te", 0xD47A00},
      {"I", 0x940094},  {"Cs", 0x57178F}, {"Ba", 0x00C900}, {"Pb", 0x575961}};
  const auto it = kJmol.find(symbol);
  return it == kJmol.end() ? Rgb{0.75, 0.45, 0.75} : hex(it->second);
}

double elementRadius(std::string_view symbol) {
  const double r = zblCovalentRadius(atomicNumber(symbol));
  return r > 0.0 ? r : 1.0;
}

Rgb categoricalColor(int k) {
  static const unsigned kPalette[] = {0xEE6677, 0x4477AA, 0xCCBB44, 0x228833, 0x66CCEE, 0xAA3377,
                                      0xEE8866, 0x44AA99, 0xFFAABB, 0x99DDFF, 0xBBCC33, 0x882255};
  constexpr int n = sizeof kPalette / sizeof kPalette[0];
  return hex(kPalette[((k % n) + n) % n]);
}

Rgb speciesColor(std::string_view name) {
  // Palette slots (categoricalColor) for the common species, a few extra shades beyond them.
  static const std::map<std::string_view, int> kSlot = {
      {"EC", 0},  {"H2O", 1},     {"PF6-", 2}, {"salt", 3},      {"NaF", 3},
      {"DMC", 4}, {"Na+", 5},     {"PC", 6},   {"DME", 7},       {"F-", 8},
      {"FEC", 9}, {"Na2CO3", 10}, {"EC-", 11}, {"EC(open)-", 11}};
  static const std::map<std::string_view, unsigned> kExtra = {
      {"Na(metal)", 0xBBBBBB}, {"Na(0)", 0xDDDDDD}, {"C2H4", 0x009988}, {"CO3(2-)", 0xEE7733}};
  if (const auto it = kSlot.find(name); it != kSlot.end()) return categoricalColor(it->second);
  if (const auto it = kExtra.find(name); it != kExtra.end()) return hex(it->second);
  std::uint32_t h = 2166136261u;  // FNV-1a: stable across runs and platforms
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return categoricalColor(static_cast<int>(h % 12u));
}

vtkSmartPointer<vtkLookupTable> categoricalTable(
    const std::vector<std::pair<std::string, Rgb>>& entries) {
  auto table = vtkSmartPointer<vtkLookupTable>::New();
  table->IndexedLookupOn();
  table->SetNumberOfTableValues(static_cast<vtkIdType>(std::max<std::size_t>(entries.size(), 1)));
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const Rgb& c = entries[k].second;
    table->SetTableValue(static_cast<vtkIdType>(k), c[0], c[1], c[2], 1.0);
    table->SetAnnotation(vtkVariant(static_cast<int>(k)), entries[k].first.c_str());
  }
  table->Build();
  return table;
}

vtkSmartPointer<vtkLookupTable> divergingTable(double range) {
  auto f = vtkSmartPointer<vtkColorTransferFunction>::New();
  f->SetColorSpaceToDiverging();  // Moreland's Msh interpolation: white-ish, unbiased middle
  f->AddRGBPoint(-range, 0.230, 0.299, 0.754);
  f->AddRGBPoint(range, 0.706, 0.016, 0.150);
  return sample(f, -range, range);
}

vtkSmartPointer<vtkLookupTable> sequentialTable(double low, double high) {
  // Five samples of matplotlib's viridis.
  const double stops[5][3] = {{0.267, 0.005, 0.329},
                              {0.230, 0.322, 0.546},
                              {0.128, 0.567, 0.551},
                              {0.369, 0.789, 0.383},
                              {0.993, 0.906, 0.144}};
  return evenStops(stops, low, high);
}

const char* colorMapName(ColorMap map) {
  switch (map) {
    case ColorMap::CoolWarm:
      return "cool\u2013warm (diverging)";
    case ColorMap::Viridis:
      return "viridis (sequential)";
    case ColorMap::Plasma:
      return "plasma (sequential)";
    case ColorMap::Greys:
      return "greys";
  }
  return "";
}

vtkSmartPointer<vtkLookupTable> colorMapTable(ColorMap map, double low, double high) {
  if (!(high > low)) high = low + 1.0;
  switch (map) {
    case ColorMap::CoolWarm: {
      // The diverging map over [−h, h] shifted onto [low, high]: white at the middle.
      const double half = 0.5 * (high - low), middle = 0.5 * (high + low);
      auto table = divergingTable(half);
      table->SetTableRange(middle - half, middle + half);
      return table;
    }
    case ColorMap::Viridis:
      return sequentialTable(low, high);
    case ColorMap::Plasma: {
      // Five samples of matplotlib's plasma.
      const double stops[5][3] = {{0.050, 0.030, 0.528},
                                  {0.494, 0.012, 0.658},
                                  {0.798, 0.280, 0.470},
                                  {0.973, 0.585, 0.252},
                                  {0.940, 0.975, 0.131}};
      return evenStops(stops, low, high);
    }
    case ColorMap::Greys: {
      // Not black: the darkest atoms stay visible on a dark background.
      const double stops[2][3] = {{0.15, 0.15, 0.15}, {0.95, 0.95, 0.95}};
      return evenStops(stops, low, high);
    }
  }
  return sequentialTable(low, high);
}

}  // namespace sei::render
