// Early end of a case: the stl oracles marked "early_stop" are watched by streaming monitors
// (oracles/stl_monitor.h) while the case runs, and the case ends as soon as one of them is
// decided as violated (docs/stl.md, "Ending a case early").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/trace.h"
#include "harness/plan.h"
#include "oracles/safety_metrics.h"
#include "oracles/stl_monitor.h"
#include "sim/vehicle/world.h"

namespace assay::harness {

class EarlyStop {
 public:
  /// Monitors for the case's early_stop oracles over traces laid out like `trace`. An oracle
  /// whose formula cannot be monitored here (a signal the trace lacks) is left to the offline
  /// judgement, which reports it.
  EarlyStop(const CasePlan& plan, const sim::World& world, const Trace& trace);

  /// True when at least one oracle is watched.
  [[nodiscard]] bool active() const { return !watched_.empty(); }

  /// Feeds the samples recorded since the last call; true once an oracle is decided violated.
  bool feed(const Trace& trace);

  /// The oracle that ended the case and the time of the sample that decided it.
  [[nodiscard]] const std::string& oracle_id() const { return decided_id_; }
  [[nodiscard]] double decided_at() const { return decided_at_; }

 private:
  struct Watched {
    std::string id;
    stl::Monitor monitor;
  };
  std::vector<Watched> watched_;
  std::unique_ptr<oracles::SafetySignals> derived_;  // when a formula reads derived signals
  std::size_t fed_ = 0;
  std::vector<double> row_;
  std::string decided_id_;
  double decided_at_ = 0.0;
};

}  // namespace assay::harness
