#include "harness/counterfactual.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "models/r157_cc.h"
#include "sim/vehicle/simulation.h"

namespace assay::harness {

oracles::CounterfactualOutcome run_cc_counterfactual(const sim::World& world, bool reference_aeb) {
  oracles::CounterfactualOutcome out;
  models::CcParams params;
  params.aeb = reference_aeb;
  models::CcDriver driver(params);
  sim::Simulation sim(world);
  driver.reset({world.seed, world.dt, world.ego_initial.v});
  while (!sim.finished()) sim.step(driver.step(sim.observe()));
  if (sim.diverged()) {
    out.error = "simulation diverged at t=" + std::to_string(sim.time()) + " s";
    return out;
  }
  const Trace& trace = sim.trace();
  if (const TraceEvent* e = trace.find_event(sim::kContactEvent)) {
    out.collided = true;
    out.contact_time = e->t;
    out.impact_speed = e->value("ego_speed").value_or(0.0);
    out.relative_impact_speed = e->value("relative_speed").value_or(0.0);
  }
  double closest = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < trace.num_signals(); ++c) {
    if (!trace.info(c).name.ends_with(".clearance")) continue;
    for (double v : trace.column(c)) closest = std::min(closest, v);
  }
  out.min_clearance = std::isfinite(closest) ? closest : 0.0;
  return out;
}

}  // namespace assay::harness
