#include "harness/judge_signals.h"

#include "oracles/safety_metrics.h"

namespace assay::harness {

bool needs_derived_signals(const CasePlan& plan) {
  bool needed = false;
  for (const auto& o : plan.scenario->oracles) {
    needed = needed || o.type == "stl" || o.type == "rss" || o.type == "r157_cut_in";
  }
  return needed;
}

oracles::SafetyGeometry safety_geometry(const CasePlan& plan, const sim::World& world) {
  oracles::SafetyGeometry g;
  g.ego_length = world.ego_params.length;
  g.ego_width = world.ego_params.width;
  g.lanes = world.road.lanes();
  g.lane_width = world.road.lane_width();
  for (std::size_t i = 0; i < world.targets.size() && i < plan.scenario->targets.size(); ++i) {
    g.targets.push_back({plan.scenario->targets[i].id, world.targets[i].width});
  }
  return g;
}

std::optional<Trace> with_derived_signals(const CasePlan& plan, const sim::World& world,
                                          const Trace& trace) {
  if (!needs_derived_signals(plan)) return std::nullopt;
  return oracles::with_safety_signals(trace, safety_geometry(plan, world));
}

}  // namespace assay::harness
