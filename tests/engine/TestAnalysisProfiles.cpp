// Interface profiles on a constructed Na | NaF | electrolyte slab with known charges: densities
// integrate to the atom counts, the charge density to the net charge, charge statistics and
// histograms match the assigned charges, the metal and SEI thickness are found.
#include <QtTest>

#include "AnalysisSupport.hpp"
#include "analysis/Profile.hpp"
#include "analysis/Transport.hpp"
#include "builder/MetalSlab.hpp"

using namespace sei;
using namespace sei::analysis;

namespace {

struct Interface {
  Structure s;
  double top = 0.0;  ///< Å, z of the highest metal layer
  int metalAtoms = 0;
};

/// A 4 × 4 (100) Na slab of 6 layers, a 4 × 4 × `saltPlanes` NaF rock-salt patch whose lower
/// plane is 2.4 Å above the surface, with `liquid` two EC and one Na+ (14, 22 and 30 Å above the
/// surface); `space` Å added to the slab's cell height; charges: metal −0.05, NaF ±0.8, EC 0,
/// Na+ +0.9.
Interface buildInterface(double space = 40.0, int saltPlanes = 2, bool liquid = true) {
  SlabSpec spec;
  spec.repeatsA = spec.repeatsB = 4;
  spec.layers = 6;
  const Slab slab = buildMetalSlab(spec);
  Interface out;
  out.s = slab.structure;
  out.top = slab.top;
  out.metalAtoms = static_cast<int>(out.s.size());
  out.s.charges.assign(out.s.size(), -0.05);
  Eigen::Matrix3d h = out.s.cell.matrix();
  h(2, 2) += space;
  out.s.cell = Cell(h);
  const double x0 = 0.5 * slab.lateral.x(), y0 = 0.5 * slab.lateral.y();
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < saltPlanes; ++k) {
        const bool cation = (i + j + k) % 2 == 0;
        test::placeAtom(out.s, cation ? "Na" : "F",
                        {x0 + 2.31 * (i - 1.5), y0 + 2.31 * (j - 1.5), slab.top + 2.4 + 2.31 * k});
        out.s.charges.push_back(cation ? 0.8 : -0.8);
      }
  if (!liquid) return out;
  for (double z : {14.0, 22.0}) {
    test::placeMolecule(out.s, test::shipped("EC"), {x0, y0, slab.top + z});
    out.s.charges.resize(out.s.size(), 0.0);
  }
  test::placeAtom(out.s, "Na", {x0, y0, slab.top + 30.0});
  out.s.charges.push_back(0.9);
  return out;
}

/// The structure moved by `dz` along z and wrapped back into the cell.
Structure shifted(Structure s, double dz) {
  const double length = s.cell.matrix()(2, 2);
  for (auto& r : s.positions) {
    r[2] += dz;
    r[2] -= length * std::floor(r[2] / length);
  }
  return s;
}

}  // namespace

class TestAnalysisProfiles : public QObject {
  Q_OBJECT

 private slots:
  void slabProfiles() {
    const Interface in = buildInterface();
    SpeciesOptions so;
    so.lifetime = 1;
    SpeciesTracker species(so);
    ProfileOptions po;
    po.binWidth = 0.25;
    ProfileAccumulator profile(po);
    const Frame frame(in.s, 500, 250.0);
    const InterfaceSample& t = profile.add(frame, species.update(frame));

    QCOMPARE(t.step, std::int64_t(500));
    QCOMPARE(t.metalAtoms, in.metalAtoms);
    QCOMPARE(t.otherAtoms, 16 + 1);  // the Na of NaF and the Na+
    QCOMPARE(t.chargeMin, -0.05);
    QCOMPARE(t.chargeMeanMetal, -0.05);
    QVERIFY(std::abs(t.chargeMeanOther - (16 * 0.8 + 0.9) / 17) < 1e-12);
    QVERIFY(std::abs(t.chargeMean -
                     (-0.05 * in.metalAtoms + 16 * 0.8 + 0.9) / (in.metalAtoms + 17)) < 1e-12);
    // NaF planes at 2.4 and 4.71 Å above the surface: the SEI reaches the outer edge of the
    // 1 Å layer [4, 5) Å; the lower side of the slab faces the periodic image of the liquid.
    QCOMPARE(t.seiTop, 5.0);
    QCOMPARE(t.seiBottom, 0.0);

    // Densities integrate back to the counts and the charge density to the net charge.
    const double binVolume = in.s.cell.volume() / profile.positions().size();
    const auto elements = profile.elementDensity();
    std::map<std::string, int> counts;
    for (const auto& e : in.s.symbols) ++counts[e];
    for (const auto& [symbol, density] : elements) {
      double atoms = 0.0;
      for (double d : density) atoms += d * binVolume;
      QVERIFY2(std::abs(atoms - counts[symbol]) < 1e-9, symbol.c_str());
    }
    double charge = 0.0, netCharge = 0.0;
    for (double rho : profile.chargeDensity()) charge += rho * binVolume;
    for (double q : in.s.charges) netCharge += q;
    QVERIFY(std::abs(charge - netCharge) < 1e-9);
    const auto speciesDensity = profile.speciesDensity();
    double salt = 0.0;
    for (double d : speciesDensity.at("F16Na16")) salt += d * binVolume;
    QVERIFY(std::abs(salt - 32.0) < 1e-9);

    // The F histogram is one spike at −0.8 e; the Na histogram splits metal / salt / ion.
    const auto histograms = profile.chargeHistograms();
    const auto q = profile.chargeBinCentres();
    const double width = po.chargeBinWidth;
    auto massNear = [&](const std::string& element, double value) {
      double mass = 0.0;
      for (std::size_t k = 0; k < q.size(); ++k)
        if (std::abs(q[k] - value) < width) mass += histograms.at(element)[k] * width;
      return mass;
    };
    QVERIFY(std::abs(massNear("F", -0.8) - 1.0) < 1e-12);
    const double na = in.metalAtoms + 17;
    QVERIFY(std::abs(massNear("Na", -0.05) - in.metalAtoms / na) < 1e-12);
    QVERIFY(std::abs(massNear("Na", 0.8) - 16 / na) < 1e-12);
  }

  // A slab straddling the periodic boundary gives the profiles, SEI thickness and heights of the
  // same slab inside the cell: the profile starts at the metal's lower face.
  void slabAcrossBoundary() {
    const Interface in = buildInterface();
    SpeciesOptions so;
    so.lifetime = 1;
    ProfileOptions po;
    po.binWidth = 0.25;
    ProfileAccumulator inside(po), wrapped(po);
    SpeciesTracker a(so), b(so);
    TransportAccumulator ta(2), tb(2);
    const Structure across = shifted(in.s, -0.5 * in.top);  // half the metal above the boundary
    const Frame f(in.s), g(across);
    const SpeciesFrame sa = a.update(f), sb = b.update(g);
    const InterfaceSample& u = inside.add(f, sa);
    const InterfaceSample& v = wrapped.add(g, sb);
    QCOMPARE(u.seiTop, 5.0);
    QCOMPARE(v.seiTop, u.seiTop);
    QCOMPARE(v.seiBottom, u.seiBottom);
    const auto p = inside.elementDensity(), q = wrapped.elementDensity();
    for (const auto& [element, density] : p)
      for (std::size_t k = 0; k < density.size(); ++k)
        QVERIFY2(std::abs(density[k] - q.at(element)[k]) < 1e-12,
                 qPrintable(QString("%1 bin %2").arg(element.c_str()).arg(k)));
    // The metal fills the first bins: Na density from 0 up to its thickness, nothing below.
    const double binVolume = in.s.cell.volume() / inside.positions().size();
    double metal = 0.0;
    for (std::size_t k = 0; k * po.binWidth < in.top + 0.1; ++k) metal += q.at("Na")[k] * binVolume;
    QVERIFY(std::abs(metal - in.metalAtoms) < 1e-9);
    const auto ha = ta.add(f, sa).meanHeight, hb = tb.add(g, sb).meanHeight;
    QCOMPARE(ha.size(), hb.size());
    for (const auto& [label, h] : ha) QVERIFY(std::abs(h - hb.at(label)) < 1e-9);
  }

  // One wetted face and vacuum: heights on the liquid's side of the vacuum are measured from the
  // wetted face, never from the metal's periodic image across the vacuum.
  void vacuumSideHeights() {
    // The Na+ 30 Å above the surface, 12 Å of vacuum above it, then the slab's image: 30 Å from
    // its face (the middle of the gap would measure 12 Å from the image).
    const Interface in = buildInterface();
    SpeciesOptions so;
    so.lifetime = 1;
    SpeciesTracker species(so);
    TransportAccumulator transport(2);
    const Frame f(in.s);
    const auto heights = transport.add(f, species.update(f)).meanHeight;
    QVERIFY2(std::abs(heights.at("Na+") - 30.0) < 1e-9,
             qPrintable(QString::number(heights.at("Na+"))));
    QVERIFY(std::abs(heights.at("EC") - 18.0) < 1.0);  // 14 and 22 Å, averaged
  }

  // Products on the liquid's side of the vacuum count for the wetted face.
  void vacuumSideProducts() {
    // A 4-plane NaF film (2.4 to 9.33 Å above the surface) under 6.8 Å of vacuum: its outer
    // plane lies beyond the middle of the 16.1 Å gap but belongs to the film on the surface.
    const Interface in = buildInterface(14.0, 4, false);
    SpeciesOptions so;
    so.lifetime = 1;
    SpeciesTracker species(so);
    ProfileAccumulator profile;
    const Frame f(in.s);
    const InterfaceSample& t = profile.add(f, species.update(f));
    QCOMPARE(t.seiTop, 10.0);
    QCOMPARE(t.seiBottom, 0.0);
  }

  // Without charges the charge statistics are NaN and no charge profile is kept.
  void unchargedFrames() {
    Interface in = buildInterface();
    in.s.charges.clear();
    SpeciesTracker species;
    ProfileAccumulator profile;
    const Frame frame(in.s);
    const InterfaceSample& t = profile.add(frame, species.update(frame));
    QVERIFY(std::isnan(t.chargeMin));
    QVERIFY(!profile.hasCharges());
    QVERIFY(profile.chargeDensity().empty());
    QCOMPARE(t.metalAtoms, in.metalAtoms);
  }
};

QTEST_APPLESS_MAIN(TestAnalysisProfiles)
#include "TestAnalysisProfiles.moc"
