#include "oracles/safety_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>

namespace assay::oracles {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Backward differences of x over t; the first sample gets the first forward difference (0 for
// a single sample).
std::vector<double> derivative(std::span<const double> t, std::span<const double> x) {
  std::vector<double> d(x.size(), 0.0);
  for (std::size_t i = 1; i < x.size(); ++i) {
    const double dt = t[i] - t[i - 1];
    d[i] = dt > 0.0 ? (x[i] - x[i - 1]) / dt : d[i - 1];
  }
  if (d.size() > 1) d[0] = d[1];
  return d;
}

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

Trace with_safety_signals(const Trace& in, const SafetyGeometry& g) {
  const std::size_t n = in.size();
  const auto t = in.time();
  std::deque<std::vector<double>>
      extra;  // a deque: add() hands out references that must stay valid
  std::vector<std::pair<std::string, std::string>> infos;
  auto add = [&](std::string name, std::string unit) -> std::vector<double>& {
    infos.emplace_back(std::move(name), std::move(unit));
    extra.emplace_back(n, 0.0);
    return extra.back();
  };
  const auto ex = in.column("ego.x");
  const auto ey = in.column("ego.y");
  const auto yaw = in.column("ego.yaw");
  const auto v = in.column("ego.v");
  const auto a = in.column("ego.a");
  const auto yaw_rate = in.column("ego.yaw_rate");
  const bool has_ego = ey.size() == n && yaw.size() == n && v.size() == n && a.size() == n &&
                       yaw_rate.size() == n && ex.size() == n;
  if (has_ego) {
    add("ego.jerk", "m/s^3") = derivative(t, a);
    auto& lat = add("ego.lat_acc", "m/s^2");
    for (std::size_t i = 0; i < n; ++i) lat[i] = v[i] * yaw_rate[i];  // a_y = v·ψ̇
    const std::vector<double> lat_copy = lat;
    add("ego.lat_jerk", "m/s^3") = derivative(t, lat_copy);
    auto& road_left = add("ego.road_left", "m");
    auto& road_right = add("ego.road_right", "m");
    auto& lane_left = add("ego.lane_left", "m");
    auto& lane_right = add("ego.lane_right", "m");
    const double road = g.lanes * g.lane_width;
    for (std::size_t i = 0; i < n; ++i) {
      // Half the footprint's lateral extent at this heading.
      const double half = 0.5 * (g.ego_length * std::abs(std::sin(yaw[i])) +
                                 g.ego_width * std::abs(std::cos(yaw[i])));
      road_right[i] = ey[i] - half;
      road_left[i] = road - ey[i] - half;
      const double lane = std::clamp(std::floor(ey[i] / g.lane_width), 0.0, g.lanes - 1.0);
      lane_right[i] = ey[i] - half - lane * g.lane_width;
      lane_left[i] = (lane + 1.0) * g.lane_width - ey[i] - half;
    }
  }
  const auto intel = *rss_parameters("intel-default");
  const auto r157 = *rss_parameters("r157-jrc");
  for (const auto& tg : g.targets) {
    const auto gap = in.column(tg.id + ".gap");
    const auto tv = in.column(tg.id + ".v");
    const auto ty = in.column(tg.id + ".y");
    if (!has_ego || gap.size() != n || tv.size() != n || ty.size() != n) continue;
    const std::vector<double> ta = derivative(t, tv);
    auto& dr = add(tg.id + ".drac", "m/s^2");
    auto& mt = add(tg.id + ".mttc", "s");
    auto& li = add(tg.id + ".rss_lon_intel", "m");
    auto& lr = add(tg.id + ".rss_lon_r157", "m");
    auto& mi = add(tg.id + ".rss_margin_intel", "m");
    auto& mr = add(tg.id + ".rss_margin_r157", "m");
    auto& intrusion = add(tg.id + ".lane_intrusion", "m");
    for (std::size_t i = 0; i < n; ++i) {
      const double ve = v[i] * std::cos(yaw[i]);  // along the road, as the simulator's gap
      // Like the simulator's TTC and headway: only a target ahead in the ego's path counts.
      const bool in_path = std::abs(ty[i] - ey[i]) < 0.5 * (g.ego_width + tg.width) && gap[i] > 0.0;
      dr[i] = in_path ? drac(gap[i], ve, tv[i]) : 0.0;
      mt[i] = in_path ? mttc(gap[i], ve, tv[i], a[i], ta[i]) : kInf;
      li[i] = rss_longitudinal(intel, ve, tv[i]);
      lr[i] = rss_longitudinal(r157, ve, tv[i]);
      mi[i] = in_path ? gap[i] - li[i] : kInf;
      mr[i] = in_path ? gap[i] - lr[i] : kInf;
      // Lateral overlap of the target's footprint with the ego's current lane (R157 §5.2.5.2
      // counts a lane intrusion from 0.3 m over the marking); heading is ignored.
      const double lane = std::clamp(std::floor(ey[i] / g.lane_width), 0.0, g.lanes - 1.0);
      const double lo = std::max(ty[i] - 0.5 * tg.width, lane * g.lane_width);
      const double hi = std::min(ty[i] + 0.5 * tg.width, (lane + 1.0) * g.lane_width);
      intrusion[i] = std::max(0.0, hi - lo);
    }
  }
  Trace out;
  for (std::size_t c = 1; c < in.num_signals(); ++c)
    out.add_signal(in.info(c).name, in.info(c).unit);
  // Which derived signals the input lacks, looked up once rather than for every row.
  std::vector<std::size_t> added;
  for (std::size_t k = 0; k < infos.size(); ++k) {
    if (in.find(infos[k].first)) continue;
    out.add_signal(infos[k].first, infos[k].second);
    added.push_back(k);
  }
  out.reserve(n);
  std::vector<double> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.clear();
    for (std::size_t c = 1; c < in.num_signals(); ++c) row.push_back(in.column(c)[i]);
    for (std::size_t k : added) row.push_back(extra[k][i]);
    out.append(t[i], row);
  }
  for (const auto& e : in.events()) out.add_event(e);
  return out;
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
