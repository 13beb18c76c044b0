// Derived signals for judging: when a scenario's oracles read them (stl, rss), the trace is
// extended with safety metrics (oracles/safety_metrics.h) before the oracles run.
#pragma once

#include <optional>

#include "core/trace.h"
#include "harness/plan.h"
#include "oracles/safety_metrics.h"
#include "sim/vehicle/world.h"

namespace assay::harness {

/// The geometry of the case's ego, road and targets that the derived signals need.
oracles::SafetyGeometry safety_geometry(const CasePlan& plan, const sim::World& world);

/// True when some oracle of the case reads the derived signals (stl, rss, r157_cut_in).
bool needs_derived_signals(const CasePlan& plan);

/// The trace with derived safety signals, or nullopt when no oracle of the case needs them
/// (so plain scenarios pay nothing).
std::optional<Trace> with_derived_signals(const CasePlan& plan, const sim::World& world,
                                          const Trace& trace);

}  // namespace assay::harness
