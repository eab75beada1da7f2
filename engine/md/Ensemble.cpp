#include "md/Ensemble.hpp"

#include <istream>
#include <ostream>
#include <stdexcept>

#include "md/HostMotion.hpp"
#include "md/EnsembleRegistry.hpp"

namespace sei {

void Ensemble::saveState(std::ostream& out) const { out << reservoirEnergy_ << '\n'; }

void Ensemble::loadState(std::istream& in) {
  in >> reservoirEnergy_;
  if (!in) throw std::invalid_argument("corrupt ensemble state");
}

void Ensemble::step(MdState& state, double dt, const ForceUpdate& updateForces, Random& rng) {
  HostMotion motion(state, updateForces);
  advance(motion, dt, rng);
}

namespace {

class VelocityVerlet : public Ensemble {
 public:
  std::string name() const override { return "nve"; }
  void advance(Motion& m, double dt, Random&) override {
    m.halfKick(dt);
    m.drift(dt);
    m.updateForces();
    m.halfKick(dt);
  }
};

}  // namespace

std::unique_ptr<Ensemble> makeNve() { return std::make_unique<VelocityVerlet>(); }

}  // namespace sei

SEI_ENSEMBLE(nve) {
  static const sei::EnsembleDescriptor d{
      "nve", "NVE, velocity Verlet", sei::EnsembleForm::Plain, 0,
      [](const sei::EnsembleSettings&, double, const std::string&) { return sei::makeNve(); }};
  return d;
}
