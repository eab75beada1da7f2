#pragma once

#include "md/Ensemble.hpp"

namespace sei::md {

/// State every thermostatted ensemble shares: the target temperature, which ramps move from
/// outside, and the thermostat coupling time.
class ThermostatBase : public Ensemble {
 public:
  ThermostatBase(double temperature, double tau) : temperature_(temperature), tau_(tau) {}
  void setTargetTemperature(double kelvin) override { temperature_ = kelvin; }

 protected:
  double temperature_;  ///< K
  double tau_;          ///< fs
};

}  // namespace sei::md
