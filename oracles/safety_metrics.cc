#include "oracles/safety_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

namespace assay::oracles {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

double drac(double gap, double v_follower, double v_leader) {
  const double closing = v_follower - v_leader;
  if (closing <= 0.0) return 0.0;
  if (gap <= 0.0) return kInf;
  return closing * closing / (2.0 * gap);
}

double mttc(double gap, double v_follower, double v_leader, double a_follower, double a_leader) {
  if (gap <= 0.0) return 0.0;
  const double dv = v_follower - v_leader;
  const double da = a_follower - a_leader;
  if (std::abs(da) < 1e-12) return dv > 0.0 ? gap / dv : kInf;
  // ½·Δa·t² + Δv·t − d = 0; the smallest positive root, if any.
  const double disc = dv * dv + 2.0 * da * gap;
  if (disc < 0.0) return kInf;
  const double sq = std::sqrt(disc);
  const double r1 = (-dv - sq) / da;
  const double r2 = (-dv + sq) / da;
  double best = kInf;
  for (double r : {r1, r2}) {
    if (r > 0.0) best = std::min(best, r);
  }
  return best;
}

Exposure ttc_exposure(std::span<const double> t, std::span<const double> ttc, double threshold) {
  Exposure e;
  const std::size_t n = std::min(t.size(), ttc.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!(ttc[i] >= 0.0 && ttc[i] <= threshold)) continue;
    const double dt = i + 1 < n ? t[i + 1] - t[i] : (i > 0 ? t[i] - t[i - 1] : 0.0);
    e.tet += dt;
    e.tit += (threshold - ttc[i]) * dt;
  }
  return e;
}

DeltaV delta_v(double mass_first, double mass_second, double closing_speed) {
  const double total = mass_first + mass_second;
  return {mass_second / total * closing_speed, mass_first / total * closing_speed};
}

const std::vector<RssParams>& rss_parameter_sets() {
  static const std::vector<RssParams> kSets = {
      // ad-rss-lib test-support constants, with ρ_ego = 1 s (driving-protocols.md §3).
      {"intel-default", 1.0, 3.5, 4.0, 8.0, 0.2, 0.8, 0.0},
      // JRC / R157 comparison set: ρ = 0.75 s, 3 / 6 / 6 m/s², μ = 0.3 m, lateral acceleration
      // 1 m/s² (driving-protocols.md §2.3 "Other reference models"). The set gives no minimum
      // lateral braking; 1 m/s² (equal to the lateral acceleration) is our assumption,
      // UNCONFIRMED, so lateral distances of this set are not used as a pass/fail threshold.
      {"r157-jrc", 0.75, 3.0, 6.0, 6.0, 1.0, 1.0, 0.3},
  };
  return kSets;
}

std::optional<RssParams> rss_parameters(std::string_view name) {
  for (const auto& p : rss_parameter_sets()) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

double rss_longitudinal(const RssParams& p, double v_rear, double v_front) {
  const double rho = p.response_time;
  const double v_after = v_rear + rho * p.accel_max;
  const double d = v_rear * rho + 0.5 * p.accel_max * rho * rho +
                   v_after * v_after / (2.0 * p.brake_min) -
                   v_front * v_front / (2.0 * p.brake_max);
  return std::max(0.0, d);
}

double rss_lateral(const RssParams& p, double v1, double v2) {
  const double rho = p.response_time;
  const double a = p.lat_accel_max;
  const double b = p.lat_brake_min;
  const double v1r = v1 + rho * a;
  const double v2r = v2 - rho * a;
  const double d = (2.0 * v1 + rho * a) * rho / 2.0 + v1r * v1r / (2.0 * b) -
                   ((2.0 * v2 - rho * a) * rho / 2.0 - v2r * v2r / (2.0 * b));
  return p.lat_margin + std::max(0.0, d);
}

std::vector<std::string> derived_signal_names(const SafetyGeometry& g) {
  std::vector<std::string> names = {"ego.jerk",      "ego.lat_acc",    "ego.lat_jerk",
                                    "ego.road_left", "ego.road_right", "ego.lane_left",
                                    "ego.lane_right"};
  for (const auto& tg : g.targets) {
    for (const char* s : {".drac", ".mttc", ".rss_lon_intel", ".rss_lon_r157", ".rss_margin_intel",
                          ".rss_margin_r157", ".lane_intrusion"}) {
      names.push_back(tg.id + s);
    }
  }
  return names;
}

SafetySignals::SafetySignals(const Trace& layout, const SafetyGeometry& g) : g_(g) {
  auto col = [&](const std::string& name, std::size_t& out) {
    const auto c = layout.find(name);
    if (c) out = *c;
    return c.has_value();
  };
  has_ego_ = col("ego.x", ex_) && col("ego.y", ey_) && col("ego.yaw", yaw_) && col("ego.v", v_) &&
             col("ego.a", a_) && col("ego.yaw_rate", yaw_rate_);
  if (has_ego_) {
    all_ = {{"ego.jerk", "m/s^3"},  {"ego.lat_acc", "m/s^2"}, {"ego.lat_jerk", "m/s^3"},
            {"ego.road_left", "m"}, {"ego.road_right", "m"},  {"ego.lane_left", "m"},
            {"ego.lane_right", "m"}};
    for (const auto& tg : g.targets) {
      TargetColumns tc;
      tc.width = tg.width;
      if (!col(tg.id + ".gap", tc.gap) || !col(tg.id + ".v", tc.v) || !col(tg.id + ".y", tc.y)) {
        continue;
      }
      targets_.push_back(tc);
      static constexpr std::pair<const char*, const char*> kPerTarget[] = {
          {".drac", "m/s^2"},         {".mttc", "s"},
          {".rss_lon_intel", "m"},    {".rss_lon_r157", "m"},
          {".rss_margin_intel", "m"}, {".rss_margin_r157", "m"},
          {".lane_intrusion", "m"}};
      for (const auto& [suffix, unit] : kPerTarget) all_.push_back({tg.id + suffix, unit});
    }
  }
  for (const auto& info : all_) {
    keep_.push_back(!layout.find(info.name));
    if (keep_.back()) infos_.push_back(info);
  }
}

void SafetySignals::at(const Trace& in, std::size_t i, std::vector<double>& out) const {
  if (!has_ego_) return;
  const auto t = in.time();
  // Backward differences; sample 0 takes sample 1's (0 for a single sample).
  const std::size_t j = in.size() > 1 ? std::max<std::size_t>(i, 1) : i;
  auto slope = [&](double now, double before) {
    const double dt = j > 0 ? t[j] - t[j - 1] : 0.0;
    return dt > 0.0 ? (now - before) / dt : 0.0;
  };
  auto x = [&](std::size_t c, std::size_t k) { return in.column(c)[k]; };
  const double ey = x(ey_, i);
  const double yaw = x(yaw_, i);
  const double v = x(v_, i);
  const double a = x(a_, i);
  auto& r = scratch_;
  r.clear();
  r.push_back(j > 0 ? slope(x(a_, j), x(a_, j - 1)) : 0.0);  // ego.jerk
  r.push_back(v * x(yaw_rate_, i));                          // ego.lat_acc: a_y = v·ψ̇
  r.push_back(j > 0 ? slope(x(v_, j) * x(yaw_rate_, j), x(v_, j - 1) * x(yaw_rate_, j - 1))
                    : 0.0);  // ego.lat_jerk
  // Half the footprint's lateral extent at this heading.
  const double half =
      0.5 * (g_.ego_length * std::abs(std::sin(yaw)) + g_.ego_width * std::abs(std::cos(yaw)));
  const double road = g_.lanes * g_.lane_width;
  const double lane = std::clamp(std::floor(ey / g_.lane_width), 0.0, g_.lanes - 1.0);
  r.push_back(road - ey - half);                          // ego.road_left
  r.push_back(ey - half);                                 // ego.road_right
  r.push_back((lane + 1.0) * g_.lane_width - ey - half);  // ego.lane_left
  r.push_back(ey - half - lane * g_.lane_width);          // ego.lane_right
  const auto intel = *rss_parameters("intel-default");
  const auto r157 = *rss_parameters("r157-jrc");
  for (const auto& tg : targets_) {
    const double gap = x(tg.gap, i);
    const double tv = x(tg.v, i);
    const double ty = x(tg.y, i);
    const double ta = j > 0 ? slope(x(tg.v, j), x(tg.v, j - 1)) : 0.0;
    const double ve = v * std::cos(yaw);  // along the road, as the simulator's gap
    // Like the simulator's TTC and headway: only a target ahead in the ego's path counts.
    const bool in_path = std::abs(ty - ey) < 0.5 * (g_.ego_width + tg.width) && gap > 0.0;
    const double li = rss_longitudinal(intel, ve, tv);
    const double lr = rss_longitudinal(r157, ve, tv);
    r.push_back(in_path ? drac(gap, ve, tv) : 0.0);
    r.push_back(in_path ? mttc(gap, ve, tv, a, ta) : kInf);
    r.push_back(li);
    r.push_back(lr);
    r.push_back(in_path ? gap - li : kInf);
    r.push_back(in_path ? gap - lr : kInf);
    // Lateral overlap of the target's footprint with the ego's current lane (R157 §5.2.5.2
    // counts a lane intrusion from 0.3 m over the marking); heading is ignored.
    const double lo = std::max(ty - 0.5 * tg.width, lane * g_.lane_width);
    const double hi = std::min(ty + 0.5 * tg.width, (lane + 1.0) * g_.lane_width);
    r.push_back(std::max(0.0, hi - lo));
  }
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (keep_[k]) out.push_back(r[k]);
  }
}

Trace with_safety_signals(const Trace& in, const SafetyGeometry& g) {
  const SafetySignals derived(in, g);
  Trace out;
  for (std::size_t c = 1; c < in.num_signals(); ++c) {
    out.add_signal(in.info(c).name, in.info(c).unit);
  }
  for (const auto& info : derived.signals()) out.add_signal(info.name, info.unit);
  out.reserve(in.size());
  std::vector<double> row;
  for (std::size_t i = 0; i < in.size(); ++i) {
    row.clear();
    for (std::size_t c = 1; c < in.num_signals(); ++c) row.push_back(in.column(c)[i]);
    derived.at(in, i, row);
    out.append(in.time()[i], row);
  }
  for (const auto& e : in.events()) out.add_event(e);
  return out;
}

namespace {

// A footprint at one sample: centre, half length and half width, heading.
struct Box {
  double x = 0.0, y = 0.0, half_l = 0.0, half_w = 0.0, yaw = 0.0;
};

// Whether two rectangles overlap with positive area (separating-axis test on the four edge
// directions; touching is not overlapping).
bool overlap(const Box& a, const Box& b) {
  const double axes[4][2] = {{std::cos(a.yaw), std::sin(a.yaw)},
                             {-std::sin(a.yaw), std::cos(a.yaw)},
                             {std::cos(b.yaw), std::sin(b.yaw)},
                             {-std::sin(b.yaw), std::cos(b.yaw)}};
  auto radius = [](const Box& r, const double* n) {
    return r.half_l * std::abs(std::cos(r.yaw) * n[0] + std::sin(r.yaw) * n[1]) +
           r.half_w * std::abs(-std::sin(r.yaw) * n[0] + std::cos(r.yaw) * n[1]);
  };
  for (const auto& n : axes) {
    const double d = std::abs((b.x - a.x) * n[0] + (b.y - a.y) * n[1]);
    if (d >= radius(a, n) + radius(b, n)) return false;
  }
  return true;
}

}  // namespace

std::optional<Encroachment> post_encroachment_time(const Trace& trace, const Footprint& ego,
                                                   const std::string& id, const Footprint& target) {
  const auto t = trace.time();
  const auto ex = trace.column("ego.x");
  const auto ey = trace.column("ego.y");
  const auto yaw = trace.column("ego.yaw");
  const auto tx = trace.column(id + ".x");
  const auto ty = trace.column(id + ".y");
  const std::size_t n = t.size();
  if (ex.size() != n || ey.size() != n || yaw.size() != n || tx.size() != n || ty.size() != n) {
    return std::nullopt;
  }
  // The target's samples as runs of one pose (a stationary target is one run), sorted by x so
  // that each ego sample only tests the runs within reach.
  struct Run {
    double x, y;
    std::size_t first, last;
  };
  std::vector<Run> runs;
  for (std::size_t j = 0; j < n; ++j) {
    if (!runs.empty() && runs.back().x == tx[j] && runs.back().y == ty[j]) {
      runs.back().last = j;
    } else {
      runs.push_back({tx[j], ty[j], j, j});
    }
  }
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return std::tie(a.x, a.first) < std::tie(b.x, b.first);
  });
  const double reach =
      0.5 * (std::hypot(ego.length, ego.width) + std::hypot(target.length, target.width));
  std::optional<Encroachment> best;
  for (std::size_t i = 0; i < n; ++i) {
    const Box a{ex[i] + ego.centre_offset * std::cos(yaw[i]),
                ey[i] + ego.centre_offset * std::sin(yaw[i]), 0.5 * ego.length, 0.5 * ego.width,
                yaw[i]};
    auto it = std::lower_bound(runs.begin(), runs.end(), a.x - reach,
                               [](const Run& r, double x) { return r.x < x; });
    for (; it != runs.end() && it->x <= a.x + reach; ++it) {
      const Box b{it->x, it->y, 0.5 * target.length, 0.5 * target.width, 0.0};
      if (!overlap(a, b)) continue;
      // The nearest time of the run to t_i.
      const std::size_t j = t[i] < t[it->first] ? it->first : (t[i] > t[it->last] ? it->last : i);
      const double gap = std::abs(t[i] - t[j]);
      if (!best || gap < best->pet) {
        const bool ego_first = t[i] <= t[j];
        best = Encroachment{gap, ego_first ? t[i] : t[j], ego_first ? t[j] : t[i], ego_first};
      }
    }
  }
  return best;
}

OracleResult exposure_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  const auto ttc = trace.column(c.target + ".ttc");
  if (ttc.empty()) {
    r.verdict = Verdict::kError;
    r.message = "no signal \"" + c.target + ".ttc\" in the trace";
    return r;
  }
  // Up to first contact, like the other TTC oracles: after it TTC means nothing.
  auto t = trace.time();
  std::size_t n = t.size();
  if (const TraceEvent* contact = trace.find_event("contact")) {
    n = static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), contact->t) - t.begin());
  }
  const Exposure e = ttc_exposure(t.first(n), ttc.first(n), c.ttc_threshold);
  const bool tet = c.kind == "max_tet";
  const double value = tet ? e.tet : e.tit;
  const char* unit = tet ? "s" : "s^2";
  r.margin = c.max.value_or(0.0) - value;
  r.margin_unit = unit;
  r.verdict = *r.margin >= 0.0 ? Verdict::kPass : Verdict::kFail;
  r.evidence = {
      {"tet", e.tet, "s"}, {"tit", e.tit, "s^2"}, {"ttc_threshold", c.ttc_threshold, "s"}};
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s below TTC %.3g s: %.4g %s (bound %.4g %s)",
                tet ? "time exposed (TET)" : "time integrated (TIT)", c.ttc_threshold, value, unit,
                c.max.value_or(0.0), unit);
  r.message = buf;
  return r;
}

OracleResult pet_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  if (trace.column(c.target + ".x").empty()) {
    r.verdict = Verdict::kError;
    r.message = "no signal \"" + c.target + ".x\" in the trace";
    return r;
  }
  const auto e = post_encroachment_time(trace, {c.ego_length, c.ego_width, c.ego_centre_offset},
                                        c.target, {c.target_length, c.target_width, 0.0});
  if (!e) {
    r.verdict = Verdict::kPass;
    r.message = "the paths of the ego and " + c.target + " never overlap: no conflict area";
    return r;
  }
  r.margin = e->pet - c.min.value_or(0.0);
  r.margin_unit = "s";
  r.verdict = *r.margin >= 0.0 ? Verdict::kPass : Verdict::kFail;
  r.evidence = {{"pet", e->pet, "s"},
                {"first_leaves", e->first_leaves, "s"},
                {"second_enters", e->second_enters, "s"}};
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "post-encroachment time %.3g s (bound %.3g s): %s left the conflict area at "
                "t=%.3g s, %s entered at t=%.3g s",
                e->pet, c.min.value_or(0.0), e->ego_first ? "the ego" : c.target.c_str(),
                e->first_leaves, e->ego_first ? c.target.c_str() : "the ego", e->second_enters);
  r.message = buf;
  return r;
}

OracleResult delta_v_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  const TraceEvent* contact = trace.find_event("contact");
  const double limit = c.max.value_or(0.0);
  if (!contact) {
    r.margin = limit;
    r.margin_unit = "m/s";
    r.verdict = Verdict::kPass;
    r.message = "no contact: delta-v 0";
    return r;
  }
  const auto dv = impact_delta_v(trace, c.ego_mass, c.target_masses);
  if (!dv) {
    r.verdict = Verdict::kError;
    r.message = "contact, but the masses are unknown";
    return r;
  }
  r.margin = limit - dv->ego;
  r.margin_unit = "m/s";
  r.verdict = *r.margin >= 0.0 ? Verdict::kPass : Verdict::kFail;
  r.evidence = {{"delta_v_ego", dv->ego, "m/s"}, {"delta_v_target", dv->target, "m/s"}};
  char buf[160];
  std::snprintf(buf, sizeof buf, "ego delta-v %.3g m/s at contact t=%.3g s (bound %.3g m/s)",
                dv->ego, contact->t, limit);
  r.message = buf;
  return r;
}

std::string rss_signal_suffix(std::string_view set) {
  return set == "r157-jrc" ? "r157" : "intel";
}

OracleResult rss_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  const std::string set = c.table.empty() ? "intel-default" : c.table;
  const std::string name = c.target + ".rss_margin_" + rss_signal_suffix(set);
  const auto margin = trace.column(name);
  const auto d_min = trace.column(c.target + ".rss_lon_" + rss_signal_suffix(set));
  if (margin.empty() || !rss_parameters(set)) {
    r.verdict = Verdict::kError;
    r.message = "no RSS signal \"" + name + "\" in the trace (parameter set \"" + set + "\")";
    return r;
  }
  const auto t = trace.time();
  // Judge until first contact: after it the geometry no longer means anything.
  const TraceEvent* contact = trace.find_event("contact");
  double worst = kInf;
  std::size_t at = 0;
  for (std::size_t i = 0; i < margin.size(); ++i) {
    if (contact && t[i] > contact->t) break;
    if (margin[i] < worst) {
      worst = margin[i];
      at = i;
    }
  }
  if (!std::isfinite(worst)) {
    r.verdict = Verdict::kPass;
    r.message = "target never ahead in the ego's path";
    return r;
  }
  r.margin = worst;
  r.margin_unit = "m";
  r.verdict = worst >= 0.0 ? Verdict::kPass : Verdict::kFail;
  r.evidence = {
      {"t", t[at], "s"}, {"gap", worst + d_min[at], "m"}, {"rss_distance", d_min[at], "m"}};
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "closest to the RSS distance (%s) at t=%.3g s: gap %.3g m, required %.3g m",
                set.c_str(), t[at], worst + d_min[at], d_min[at]);
  r.message = buf;
  return r;
}

}  // namespace assay::oracles
