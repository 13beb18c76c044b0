// Planning: a scenario's parameter space expands into numbered cases. Case index = grid index ·
// samples + sample; the grid is full-factorial over set/range parameters in declaration order,
// the last varying fastest; random parameters are drawn from the per-case seed, one independent
// stream per parameter. Any case can thus be rebuilt from (scenario, master seed, index) alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/results.h"
#include "core/status.h"
#include "harness/scenario.h"
#include "oracles/vehicle_oracles.h"
#include "sim/vehicle/world.h"

namespace assay::harness {

/// One concrete case: where it comes from and its parameter values.
struct CasePlan {
  const scenario::Scenario* scenario = nullptr;
  std::uint64_t index = 0;
  std::uint64_t seed = 0;
  std::vector<double> values;     // per parameter, in the author's unit
  std::vector<double> values_si;  // per parameter, SI
};

/// The case with that index (index < s.case_count()).
CasePlan make_case(const scenario::Scenario& s, std::uint64_t index, std::uint64_t master_seed);

/// Parameters as reported: name, value in the author's unit, unit.
std::vector<Quantity> case_parameters(const CasePlan& plan);

/// The simulator's world for a case; errors (e.g. a TTC placement that is not closing) are
/// located in the scenario file.
Result<sim::World> build_world(const CasePlan& plan);

/// Masses of the ego and of each target [kg], for Δv: a target's "mass", else its vehicle's,
/// else the ego's (docs/scenario-format.md, "Targets").
struct Masses {
  double ego = 0.0;
  std::vector<double> targets;
};
Masses case_masses(const scenario::Scenario& s);

/// Oracle configurations for a case, resolved to SI.
std::vector<oracles::OracleConfig> build_oracles(const CasePlan& plan);

/// The case id "<scenario id>#<index>".
std::string case_id(const scenario::Scenario& s, std::uint64_t index);

}  // namespace assay::harness
