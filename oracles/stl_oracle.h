// The "stl" oracle: a signal-temporal-logic formula judged over a trace; the robustness at t = 0
// is the margin (docs/oracles.md, docs/stl.md).
#pragma once

#include "core/results.h"
#include "core/trace.h"
#include "oracles/vehicle_oracles.h"

namespace assay::oracles {

/// Judges config.formula over the trace: pass when the robustness at t = 0 is ≥ 0. A formula
/// that cannot be evaluated (unknown signal, NaN) is an error verdict, never a model failure.
OracleResult stl_oracle(const OracleConfig& config, const Trace& trace);

}  // namespace assay::oracles
