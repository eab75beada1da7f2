#include "md/Ensemble.hpp"

#include <istream>
#include <ostream>
#include <stdexcept>

#include "md/Units.hpp"

namespace sei {

void Ensemble::saveState(std::ostream& out) const { out << reservoirEnergy_ << '\n'; }

void Ensemble::loadState(std::istream& in) {
  in >> reservoirEnergy_;
  if (!in) throw std::invalid_argument("corrupt ensemble state");
}

namespace md {

void halfKick(MdState& s, double dt) {
  const double f = 0.5 * dt / units::kMassVelocity2ToEv;
  for (std::size_t i = 0; i < s.size(); ++i)
    s.velocities[i] += (f / s.masses[i]) * s.forces.forces[i];
}

void drift(MdState& s, double dt) {
  for (std::size_t i = 0; i < s.size(); ++i) s.positions[i] += dt * s.velocities[i];
}

}  // namespace md

namespace {

class VelocityVerlet : public Ensemble {
 public:
  std::string name() const override { return "nve"; }
  void step(MdState& s, double dt, const ForceUpdate& updateForces, Random&) override {
    md::halfKick(s, dt);
    md::drift(s, dt);
    updateForces(s);
    md::halfKick(s, dt);
  }
};

}  // namespace

std::unique_ptr<Ensemble> makeNve() { return std::make_unique<VelocityVerlet>(); }

}  // namespace sei
