#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/Cell.hpp"
#include "core/ForceResult.hpp"

namespace sei {

/// What the MD code needs from a force field: one call per step. The CPU evaluator and the CUDA
/// backend implement it, so integrators are written once above it.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
                       const Cell& cell, const ForceRequest& request, ForceResult& result) = 0;
  /// Sets the temperature that temperature-dependent models read as a descriptor (K), e.g. the
  /// thermostat's target as it ramps. Returns whether forces change with it (a temperature
  /// model and a new value), so the caller knows to recompute them.
  virtual bool setTemperature(double /*kelvin*/) { return false; }
  /// The k-space method's resolution and estimated error, one line (empty without charges);
  /// known after the first compute().
  virtual std::string electrostaticsSummary() const { return {}; }
  /// Work memory kept between calls (device memory for GPU backends), bytes.
  virtual std::size_t memoryBytes() const { return 0; }
};

}  // namespace sei
