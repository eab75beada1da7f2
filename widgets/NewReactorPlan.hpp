#pragma once

#include <QString>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::studio {

/// The nep.in lines a new reactor plan trains with: `type` lists the elements of `frames` in
/// the order they first appear, then those of `sampled` (the recipes' elements) the frames lack,
/// so that the loop can extend the set to the chemistry it samples; a qNEP (`charge_mode 2`, which
/// needs cells periodic in x, y and z) when every frame's cell is, with `lambda_q 1` so that its
/// raw charges stay as neutral as the test run's watchdog wants; cutoffs 6 and 4 Å, GPUMD's
/// descriptor sizes, Adam.
std::vector<std::string> defaultNepInLines(const std::vector<Structure>& frames,
                                           const std::vector<std::string>& sampled = {});

/// A minimal plan (format sei-reactor-plan, version 1; README "The interface reactor") to be
/// written at `planPath`: the starting set `dataset` (GPUMD train.xyz) and the default nep.in of
/// it and the recipe's elements,
/// a committee of 2, `recipe` (a builder recipe object) sampled with the engine's defaults, 10
/// frames selected per generation, local CP2K labelling with the template's settings, a 10 ps
/// test of `testStructure` at 300 K under the watchdog, 5 generations. Paths are written
/// relative to the plan's folder. Reads the dataset; the engine checks the rest.
nlohmann::json newReactorPlan(const QString& planPath, const QString& dataset,
                              const QString& testStructure, const nlohmann::json& recipe);

}  // namespace sei::studio
