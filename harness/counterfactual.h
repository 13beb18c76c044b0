// The counterfactual run behind the r157_preventable oracle: the same case (same world, vehicle
// model, sensors and seed) driven by a fresh UNECE R157 competent and careful driver.
#pragma once

#include "oracles/vehicle_oracles.h"
#include "sim/vehicle/world.h"

namespace assay::harness {

/// Runs the world with the C&C driver (models/r157_cc.h, default parameters; `reference_aeb`
/// adds its AEB) as ego and reports whether it collided, how fast, and its closest approach.
/// Deterministic; writes no trace or journal line.
oracles::CounterfactualOutcome run_cc_counterfactual(const sim::World& world, bool reference_aeb);

}  // namespace assay::harness
