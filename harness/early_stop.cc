#include "harness/early_stop.h"

#include <algorithm>

#include "harness/judge_signals.h"

namespace assay::harness {

EarlyStop::EarlyStop(const CasePlan& plan, const sim::World& world, const Trace& trace) {
  const auto& specs = plan.scenario->oracles;
  if (std::none_of(specs.begin(), specs.end(), [](const auto& o) { return o.early_stop; })) {
    return;  // the usual case costs nothing
  }
  std::vector<std::string> columns;
  for (std::size_t c = 1; c < trace.num_signals(); ++c) columns.push_back(trace.info(c).name);
  // The judged trace has the derived signals (judge_signals.h), so the monitors get them too,
  // computed only when a watched formula reads one.
  bool uses_derived = false;
  for (const auto& spec : specs) {
    if (!spec.early_stop || !spec.stl) continue;
    for (const auto& name : spec.stl->signals()) {
      uses_derived = uses_derived || !trace.find(name);
    }
  }
  if (uses_derived) {
    derived_ = std::make_unique<oracles::SafetySignals>(trace, safety_geometry(plan, world));
    for (const auto& info : derived_->signals()) columns.push_back(info.name);
  }
  const auto configs = build_oracles(plan);  // one per spec, in order: the case's parameters
  for (std::size_t k = 0; k < specs.size(); ++k) {
    if (!specs[k].early_stop || !specs[k].stl) continue;
    auto monitor = stl::Monitor::create(*specs[k].stl, columns, configs[k].params);
    if (monitor) watched_.push_back({specs[k].id, std::move(monitor).value()});
  }
}

bool EarlyStop::feed(const Trace& trace) {
  const std::size_t n = trace.size();
  // Derived values of sample 0 need sample 1 (backward differences taken one step later).
  if (derived_ && n < 2) return false;
  for (; fed_ < n; ++fed_) {
    row_.clear();
    for (std::size_t c = 1; c < trace.num_signals(); ++c) row_.push_back(trace.column(c)[fed_]);
    if (derived_) derived_->at(trace, fed_, row_);
    const double t = trace.time()[fed_];
    for (auto it = watched_.begin(); it != watched_.end();) {
      // A formula that cannot be evaluated (NaN) is left to the offline judgement.
      if (!it->monitor.push(t, row_).ok()) {
        it = watched_.erase(it);
        continue;
      }
      if (it->monitor.decision() == stl::Decision::kViolated) {
        decided_id_ = it->id;
        decided_at_ = t;
        ++fed_;
        return true;
      }
      ++it;
    }
    if (watched_.empty()) return false;
  }
  return false;
}

}  // namespace assay::harness
