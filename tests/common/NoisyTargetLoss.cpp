#include "NoisyTargetLoss.hpp"

#include <cmath>

#include "ModelVariants.hpp"
#include "RandomModel.hpp"

namespace sei::test {

training::BatchLoss NoisyTargetLoss::operator()(
    const std::vector<training::ModelOutputs>& outputs) {
  std::normal_distribution<double> normal;
  auto noise = [&] { return normal(rng_); };
  const auto total = [](const std::vector<double>& v) {
    double sum = 0.0;
    for (double x : v) sum += x;
    return sum;
  };
  if (targets_.empty())
    for (const training::ModelOutputs& o : outputs) {
      Target t{o.energy + noise(), {}, o.virial + Eigen::Matrix3d::NullaryExpr(noise), 0.0};
      for (const Eigen::Vector3d& f : o.forces)
        t.forces.push_back(f + 0.3 * Eigen::Vector3d::NullaryExpr(noise));
      t.charge = total(o.rawCharges) + 0.2 * noise();
      targets_.push_back(t);
    }
  training::BatchLoss l;
  for (std::size_t s = 0; s < outputs.size(); ++s) {
    const training::ModelOutputs& o = outputs[s];
    const Target& t = targets_.at(s);
    training::OutputAdjoints a;
    l.value += std::pow(o.energy - t.energy, 2) + 0.1 * (o.virial - t.virial).squaredNorm();
    a.energy = 2 * (o.energy - t.energy);
    a.virial = 0.2 * (o.virial - t.virial);
    for (std::size_t i = 0; i < o.forces.size(); ++i) {
      l.value += 0.5 * (o.forces[i] - t.forces[i]).squaredNorm();
      a.forces.push_back(o.forces[i] - t.forces[i]);
    }
    if (!o.rawCharges.empty()) {
      const double dq = total(o.rawCharges) - t.charge;
      l.value += 0.1 * dq * dq;
      a.rawCharges.assign(o.rawCharges.size(), 0.2 * dq);
    }
    l.adjoints.push_back(a);
  }
  return l;
}

RandomBatch::RandomBatch(const NepModel& model, unsigned count, int firstAtoms, int atomStep,
                         unsigned seed, double chargeStep, double temperature) {
  for (unsigned k = 0; k < count; ++k) {
    structures.push_back(randomStructure(model.elements, firstAtoms + atomStep * int(k),
                                         testCell(k % 2 == 1), seed + k, 1.2));
    types.push_back(model.typesOf(structures.back(), "test"));
  }
  for (std::size_t k = 0; k < count; ++k)
    batch.push_back(
        {&types[k], &structures[k].positions, &structures[k].cell, chargeStep * k, temperature});
}

}  // namespace sei::test
