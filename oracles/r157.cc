#include "oracles/r157.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/units.h"

namespace assay::oracles {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

double r157_following_time(double v) {
  const double kmh = units::ms_to_kmh(v);
  if (kmh >= 10.0) return 1.0 + kmh / 100.0;
  return 1.0 + (std::max(2.0, v) - 2.0) / 7.8;
}

double r157_following_distance(double v) {
  return std::max(2.0, v * r157_following_time(v));
}

double r157_cut_in_ttc(double v_rel) {
  return v_rel / (2.0 * 6.0) + 0.35;
}

OracleResult r157_following_distance_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  const auto t = trace.time();
  const auto v = trace.column("ego.v");
  const auto gap = trace.column(c.target + ".gap");
  const auto thw = trace.column(c.target + ".thw");
  if (v.size() != t.size() || gap.size() != t.size() || thw.size() != t.size()) {
    r.verdict = Verdict::kError;
    r.message = "trace lacks ego.v, " + c.target + ".gap or " + c.target + ".thw";
    return r;
  }
  const TraceEvent* contact = trace.find_event("contact");
  double worst = std::numeric_limits<double>::infinity();
  std::size_t at = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (contact && t[i] > contact->t) break;
    if (!std::isfinite(thw[i])) continue;  // not ahead in the path (simulator's headway rule)
    const double m = gap[i] - r157_following_distance(v[i]);
    if (m < worst) {
      worst = m;
      at = i;
    }
  }
  if (!std::isfinite(worst)) {
    r.message = "target never ahead in the ego's path";
    return r;
  }
  r.margin = worst;
  r.margin_unit = "m";
  r.verdict = worst >= 0.0 ? Verdict::kPass : Verdict::kFail;
  const double need = r157_following_distance(v[at]);
  r.evidence = {{"t", t[at], "s"},
                {"ego_speed", v[at], "m/s"},
                {"gap", gap[at], "m"},
                {"required_distance", need, "m"}};
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "closest at t=%.3g s: gap %.3g m, R157 5.2.3.3 requires %.3g m at %.4g km/h%s",
                t[at], gap[at], need, units::ms_to_kmh(v[at]),
                units::ms_to_kmh(v[at]) > 60.0 ? " (row above 60 km/h unconfirmed)" : "");
  r.message = buf;
  return r;
}

OracleResult r157_cut_in_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  const auto t = trace.time();
  const auto depth = trace.column(c.target + ".lane_intrusion");
  const auto gap = trace.column(c.target + ".gap");
  const auto tv = trace.column(c.target + ".v");
  const auto v = trace.column("ego.v");
  const auto clearance = trace.column(c.target + ".clearance");
  if (depth.size() != t.size() || gap.size() != t.size() || tv.size() != t.size() ||
      v.size() != t.size() || clearance.size() != t.size()) {
    r.verdict = Verdict::kError;
    r.message = "trace lacks " + c.target + ".lane_intrusion (derived), gap, v or clearance";
    return r;
  }
  std::size_t at = t.size();
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (depth[i - 1] < kR157IntrusionDepth && depth[i] >= kR157IntrusionDepth) {
      at = i;
      break;
    }
  }
  if (at == t.size()) {
    r.message = "no lane intrusion by " + c.target + ": the cut-in rule does not apply";
    return r;
  }
  if (!(gap[at] > 0.0)) {
    // §5.2.5.2 is about a vehicle cutting in ahead of the ALKS; one that enters the lane beside
    // or behind the ego's front is not a cut-in in front of it.
    char side[200];
    std::snprintf(side, sizeof side,
                  "%s entered the ego's lane at t=%.3g s beside the ego (gap %.3g m), not ahead of "
                  "it: the cut-in rule does not apply",
                  c.target.c_str(), t[at], gap[at]);
    r.message = side;
    return r;
  }
  const double closing = v[at] - tv[at];
  const double ttc = closing > 0.0 && gap[at] > 0.0 ? gap[at] / closing : kInf;
  const double threshold = r157_cut_in_ttc(std::max(0.0, closing));
  r.evidence = {{"intrusion_time", t[at], "s"},
                {"ttc_at_intrusion", std::isfinite(ttc) ? ttc : 0.0, "s"},
                {"ttc_threshold", threshold, "s"}};
  char buf[200];
  if (!(closing > 0.0) || ttc <= threshold) {
    std::snprintf(buf, sizeof buf,
                  "cut-in at t=%.3g s with TTC %.3g s <= %.3g s (or not closing): not required to "
                  "be avoided",
                  t[at], ttc, threshold);
    r.message = buf;
    if (!(closing > 0.0)) r.message = "cut-in by a target not slower than the ego: not judged";
    return r;
  }
  const TraceEvent* contact = trace.find_event("contact");
  if (contact) {
    const double rel = contact->value("relative_speed").value_or(0.0);
    r.margin = -rel;
    r.margin_unit = "m/s";
    r.verdict = Verdict::kFail;
    std::snprintf(buf, sizeof buf,
                  "avoidable cut-in (TTC %.3g s > %.3g s at t=%.3g s) ended in contact at %.3g m/s "
                  "relative",
                  ttc, threshold, t[at], rel);
  } else {
    double closest = kInf;
    for (double x : clearance) closest = std::min(closest, x);
    r.margin = std::isfinite(closest) ? closest : 0.0;
    r.margin_unit = "m";
    std::snprintf(buf, sizeof buf,
                  "avoidable cut-in (TTC %.3g s > %.3g s at t=%.3g s) avoided; closest %.3g m", ttc,
                  threshold, t[at], closest);
  }
  r.message = buf;
  return r;
}

OracleResult r157_preventable_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  if (!c.counterfactual || !c.counterfactual->error.empty()) {
    r.verdict = Verdict::kError;
    r.message = "the competent and careful driver's run could not be judged" +
                (c.counterfactual ? ": " + c.counterfactual->error : std::string());
    return r;
  }
  const CounterfactualOutcome& cc = *c.counterfactual;
  OracleConfig as_collision;
  as_collision.kind = "collision";
  const OracleResult mut = evaluate(as_collision, trace);  // the model's own outcome
  const TraceEvent* contact = trace.find_event("contact");
  r.evidence = {{"cc_collided", cc.collided ? 1.0 : 0.0, "1"},
                {"cc_min_clearance", cc.min_clearance, "m"}};
  if (cc.collided) {
    r.evidence.push_back({"cc_contact_time", cc.contact_time, "s"});
    r.evidence.push_back({"cc_impact_speed", cc.impact_speed, "m/s"});
    r.evidence.push_back({"cc_relative_impact_speed", cc.relative_impact_speed, "m/s"});
  }
  char buf[240];
  if (cc.collided) {
    std::snprintf(buf, sizeof buf,
                  "not preventable by the C&C driver (it hit at %.3g km/h relative); the model "
                  "under test %s",
                  units::ms_to_kmh(cc.relative_impact_speed),
                  contact ? "collided too" : "avoided the collision");
    r.message = buf;
    return r;
  }
  if (contact) {
    const double rel = contact->value("relative_speed").value_or(0.0);
    r.verdict = Verdict::kFail;
    r.margin = -rel;
    r.margin_unit = "m/s";
    std::snprintf(buf, sizeof buf,
                  "preventable (the C&C driver kept %.3g m clear) but the model under test "
                  "collided at t=%.3g s, %.3g km/h relative",
                  cc.min_clearance, contact->t, units::ms_to_kmh(rel));
    r.message = buf;
    return r;
  }
  r.margin = mut.margin;
  r.margin_unit = mut.margin_unit;
  std::snprintf(buf, sizeof buf,
                "preventable (the C&C driver kept %.3g m clear) and avoided; closest %.3g m",
                cc.min_clearance, mut.margin.value_or(0.0));
  r.message = buf;
  return r;
}

}  // namespace assay::oracles
