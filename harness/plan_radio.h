// Planning for radio scenarios: a case's parameter values resolve the parsed radio sections
// (harness/scenario_radio.h) into the simulator's RadioWorld, the closed loop's feedback and the
// radio oracles' configurations — the radio counterparts of build_world and build_oracles.
#pragma once

#include <vector>

#include "core/status.h"
#include "harness/plan.h"
#include "harness/run_radio.h"
#include "oracles/radio_oracles.h"
#include "sim/radio/link_sim.h"

namespace assay::harness {

/// The radio simulator's world for a case of a radio scenario; errors are located in the file.
Result<radio::RadioWorld> build_radio_world(const CasePlan& plan);

/// Feedback delay (rounded to whole steps of `dt`) and report noise for a case.
RadioFeedback build_radio_feedback(const CasePlan& plan);

/// Radio oracle configurations for a case, resolved (fractions as ratios, dB, s, J/bit).
std::vector<oracles::RadioOracleConfig> build_radio_oracles(const CasePlan& plan);

}  // namespace assay::harness
