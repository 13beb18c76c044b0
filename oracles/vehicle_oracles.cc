#include "oracles/vehicle_oracles.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/units.h"
#include "oracles/r157.h"
#include "oracles/safety_metrics.h"
#include "oracles/stl_oracle.h"

namespace assay::oracles {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string fmt(double v, const char* unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g %s", v, unit);
  return buf;
}

// Facts about the first contact, if any.
struct Contact {
  bool happened = false;
  double t = 0.0;
  double ego_speed = 0.0;
  double relative_speed = 0.0;
};

Contact first_contact(const Trace& trace) {
  Contact c;
  if (const auto* e = trace.find_event("contact")) {
    c.happened = true;
    c.t = e->t;
    c.ego_speed = e->value("ego_speed").value_or(0.0);
    c.relative_speed = e->value("relative_speed").value_or(0.0);
  }
  return c;
}

// Minimum of a signal over samples up to (and including) time `until`.
double min_until(const Trace& trace, std::string_view signal, double until) {
  const auto t = trace.time();
  const auto x = trace.column(signal);
  double m = kInf;
  for (std::size_t i = 0; i < x.size() && t[i] <= until; ++i) m = std::min(m, x[i]);
  return m;
}

double min_clearance(const Trace& trace) {
  double m = kInf;
  for (std::size_t c = 0; c < trace.num_signals(); ++c) {
    const auto& name = trace.info(c).name;
    if (name.size() > 10 && name.ends_with(".clearance")) {
      for (double v : trace.column(c)) m = std::min(m, v);
    }
  }
  return m;
}

double peak_deceleration(const Trace& trace) {
  double m = 0.0;
  for (double a : trace.column("ego.a")) m = std::max(m, -a);
  return m;
}

OracleResult base(const OracleConfig& c) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  return r;
}

void judge(OracleResult& r, double margin, const char* unit) {
  r.margin = margin;
  r.margin_unit = unit;
  r.verdict = margin >= 0.0 ? Verdict::kPass : Verdict::kFail;
}

OracleResult collision(const OracleConfig& c, const Trace& trace) {
  OracleResult r = base(c);
  const Contact k = first_contact(trace);
  if (!k.happened) {
    const double clear = min_clearance(trace);
    judge(r, std::isfinite(clear) ? clear : 0.0, "m");
    r.message = "no contact; closest approach " + fmt(clear, "m");
    r.evidence.push_back({"min_clearance", clear, "m"});
    return r;
  }
  const double limit = c.max.value_or(0.0);
  judge(r, limit - k.relative_speed, "m/s");
  if (!c.max) r.verdict = Verdict::kFail;  // any contact fails without an explicit limit
  r.message = "contact at t=" + fmt(k.t, "s") + ", impact speed " +
              fmt(units::ms_to_kmh(k.ego_speed), "km/h") + ", relative " +
              fmt(units::ms_to_kmh(k.relative_speed), "km/h");
  r.evidence = {{"contact_time", k.t, "s"},
                {"impact_speed", k.ego_speed, "m/s"},
                {"relative_impact_speed", k.relative_speed, "m/s"}};
  if (const auto dv = impact_delta_v(trace, c.ego_mass, c.target_masses)) {
    r.evidence.push_back({"delta_v_ego", dv->ego, "m/s"});
    r.evidence.push_back({"delta_v_target", dv->target, "m/s"});
  }
  return r;
}

OracleResult impact_band(const OracleConfig& c, const Trace& trace) {
  OracleResult r = base(c);
  const Contact k = first_contact(trace);
  const double v = k.happened ? units::ms_to_kmh(c.relative ? k.relative_speed : k.ego_speed) : 0.0;
  const double test_kmh = units::ms_to_kmh(c.test_speed);
  const Colour colour = euro_ncap_2026_colour(test_kmh, v);
  const Colour pass = parse_colour(c.pass_colour).value_or(Colour::kGreen);
  double limit = 0.0;
  for (int p = static_cast<int>(pass); p >= 0; --p) {
    if (auto l = euro_ncap_2026_limit(test_kmh, static_cast<Colour>(p))) {
      limit = *l;
      break;
    }
  }
  judge(r, limit - v, "km/h");
  r.verdict = colour <= pass ? Verdict::kPass : Verdict::kFail;
  r.message = std::string(colour_name(colour)) + " at " + fmt(test_kmh, "km/h") + ": " +
              (c.relative ? "relative " : "") + "impact speed " + fmt(v, "km/h") +
              " (pass: " + c.pass_colour + " or better)";
  r.evidence = {{"impact_speed_band", static_cast<double>(colour), "colour index"},
                {c.relative ? "relative_impact_speed" : "impact_speed", v, "km/h"},
                {"test_speed", test_kmh, "km/h"}};
  return r;
}

OracleResult minimum_of(const OracleConfig& c, const Trace& trace, std::string_view suffix,
                        const char* what) {
  OracleResult r = base(c);
  const Contact k = first_contact(trace);
  const double m = min_until(trace, c.target + std::string(suffix), k.happened ? k.t : kInf);
  const double threshold = c.min.value_or(0.0);
  if (!std::isfinite(m)) {
    r.verdict = Verdict::kPass;  // never approaching: the bound cannot be violated
    r.message = std::string(what) + " never finite (ego never closing in on " + c.target + ")";
    return r;
  }
  judge(r, m - threshold, "s");
  r.message =
      std::string("minimum ") + what + " " + fmt(m, "s") + " (bound " + fmt(threshold, "s") + ")";
  r.evidence = {{std::string("min_") + what, m, "s"}};
  return r;
}

OracleResult max_decel(const OracleConfig& c, const Trace& trace) {
  OracleResult r = base(c);
  const double peak = peak_deceleration(trace);
  judge(r, c.max.value_or(0.0) - peak, "m/s^2");
  r.message = "peak deceleration " + fmt(peak, "m/s^2") + " (bound " +
              fmt(c.max.value_or(0.0), "m/s^2") + ")";
  r.evidence = {{"peak_deceleration", peak, "m/s^2"}};
  return r;
}

OracleResult max_jerk(const OracleConfig& c, const Trace& trace) {
  OracleResult r = base(c);
  const double peak = peak_jerk(trace.time(), trace.column("ego.a"));
  judge(r, c.max.value_or(0.0) - peak, "m/s^3");
  r.message =
      "peak jerk " + fmt(peak, "m/s^3") + " (bound " + fmt(c.max.value_or(0.0), "m/s^3") + ")";
  r.evidence = {{"peak_jerk", peak, "m/s^3"}};
  return r;
}

OracleResult stopped_before_contact(const OracleConfig& c, const Trace& trace) {
  OracleResult r = base(c);
  const Contact k = first_contact(trace);
  if (!k.happened) {
    r.verdict = Verdict::kPass;
    r.message = "no contact";
    return r;
  }
  judge(r, -k.ego_speed, "m/s");
  if (k.ego_speed <= 0.0) r.verdict = Verdict::kPass;
  r.message = "ego moving at " + fmt(units::ms_to_kmh(k.ego_speed), "km/h") + " at contact";
  r.evidence = {{"impact_speed", k.ego_speed, "m/s"}};
  return r;
}

struct Row {
  double test_speed;             // lowest test speed the row applies to [km/h]
  std::array<double, 4> limits;  // green, yellow, orange, brown; < 0: colour absent
};

// Euro NCAP 2026 CA-FC colour bands on v_rel_impact (Euro NCAP rating code,
// matrix_processing.py, mitigation_or_avoidance_thresholds; reference driving-protocols §1.6).
constexpr std::array<Row, 4> kBands2026 = {{
    {0.0, {0.0, -1.0, -1.0, -1.0}},
    {30.0, {0.0, -1.0, -1.0, 10.0}},
    {40.0, {0.0, -1.0, 10.0, 20.0}},
    {50.0, {0.0, 10.0, 20.0, 30.0}},
}};

const Row& row_for(double test_speed_kmh) {
  const Row* row = &kBands2026.front();
  for (const auto& r : kBands2026) {
    if (test_speed_kmh + 1e-9 >= r.test_speed) row = &r;
  }
  return *row;
}

}  // namespace

const std::vector<std::string>& oracle_kinds() {
  static const std::vector<std::string> kKinds = {"collision",
                                                  "impact_speed_band",
                                                  "max_deceleration",
                                                  "max_jerk",
                                                  "min_time_headway",
                                                  "min_ttc",
                                                  "stopped_before_contact",
                                                  "stl",
                                                  "rss",
                                                  "r157_following_distance",
                                                  "r157_cut_in",
                                                  "r157_preventable",
                                                  "max_tet",
                                                  "max_tit",
                                                  "min_pet",
                                                  "max_delta_v"};
  return kKinds;
}

std::string_view colour_name(Colour c) {
  static constexpr std::array<std::string_view, 5> kNames = {"green", "yellow", "orange", "brown",
                                                             "red"};
  return kNames[static_cast<std::size_t>(c)];
}

std::optional<Colour> parse_colour(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (colour_name(static_cast<Colour>(i)) == name) return static_cast<Colour>(i);
  }
  return std::nullopt;
}

Colour euro_ncap_2026_colour(double test_speed_kmh, double impact_kmh) {
  const Row& row = row_for(test_speed_kmh);
  for (std::size_t i = 0; i < row.limits.size(); ++i) {
    if (row.limits[i] >= 0.0 && impact_kmh <= row.limits[i]) return static_cast<Colour>(i);
  }
  return Colour::kRed;
}

std::optional<double> euro_ncap_2026_limit(double test_speed_kmh, Colour c) {
  if (c == Colour::kRed) return std::nullopt;
  const double l = row_for(test_speed_kmh).limits[static_cast<std::size_t>(c)];
  return l >= 0.0 ? std::optional<double>(l) : std::nullopt;
}

double peak_jerk(std::span<const double> t, std::span<const double> a) {
  double m = 0.0;
  for (std::size_t i = 1; i < a.size() && i < t.size(); ++i) {
    const double dt = t[i] - t[i - 1];
    if (dt > 0.0) m = std::max(m, std::abs(a[i] - a[i - 1]) / dt);
  }
  return m;
}

OracleResult evaluate(const OracleConfig& c, const Trace& trace) {
  if (c.kind == "collision") return collision(c, trace);
  if (c.kind == "impact_speed_band") return impact_band(c, trace);
  if (c.kind == "min_ttc") return minimum_of(c, trace, ".ttc", "ttc");
  if (c.kind == "min_time_headway") return minimum_of(c, trace, ".thw", "time_headway");
  if (c.kind == "max_deceleration") return max_decel(c, trace);
  if (c.kind == "max_jerk") return max_jerk(c, trace);
  if (c.kind == "stopped_before_contact") return stopped_before_contact(c, trace);
  if (c.kind == "stl") return stl_oracle(c, trace);
  if (c.kind == "rss") return rss_oracle(c, trace);
  if (c.kind == "r157_following_distance") return r157_following_distance_oracle(c, trace);
  if (c.kind == "r157_cut_in") return r157_cut_in_oracle(c, trace);
  if (c.kind == "r157_preventable") return r157_preventable_oracle(c, trace);
  if (c.kind == "max_tet" || c.kind == "max_tit") return exposure_oracle(c, trace);
  if (c.kind == "min_pet") return pet_oracle(c, trace);
  if (c.kind == "max_delta_v") return delta_v_oracle(c, trace);
  OracleResult r = base(c);
  r.verdict = Verdict::kError;
  r.message = "unknown oracle kind \"" + c.kind + "\"";
  return r;
}

std::optional<ImpactDeltaV> impact_delta_v(const Trace& trace, double ego_mass,
                                           const std::vector<double>& target_masses) {
  const TraceEvent* e = trace.find_event("contact");
  if (!e || !(ego_mass > 0.0)) return std::nullopt;
  const auto index = e->value("target");
  if (!index || *index < 0.0 || *index >= static_cast<double>(target_masses.size())) {
    return std::nullopt;
  }
  const double mass = target_masses[static_cast<std::size_t>(*index)];
  if (!(mass > 0.0)) return std::nullopt;
  // Speeds at contact are along the road, so the impact is collinear; the closing speed is the
  // magnitude of the relative speed.
  const DeltaV dv = delta_v(ego_mass, mass, std::abs(e->value("relative_speed").value_or(0.0)));
  return ImpactDeltaV{dv.first, dv.second};
}

std::vector<Quantity> vehicle_metrics(const Trace& trace, const std::vector<std::string>& targets,
                                      double ego_mass, const std::vector<double>& target_masses) {
  std::vector<Quantity> m;
  const Contact k = first_contact(trace);
  if (const auto dv = impact_delta_v(trace, ego_mass, target_masses)) {
    m.push_back({"delta_v_ego", dv->ego, "m/s"});
    m.push_back({"delta_v_target", dv->target, "m/s"});
  }
  const auto v = trace.column("ego.v");
  const double v0 = v.empty() ? 0.0 : v.front();
  const double v_end = k.happened ? k.ego_speed : (v.empty() ? 0.0 : v.back());
  if (k.happened) {
    m.push_back({"contact_time", k.t, "s"});
    m.push_back({"impact_speed", k.ego_speed, "m/s"});
    m.push_back({"relative_impact_speed", k.relative_speed, "m/s"});
  }
  m.push_back({"final_speed", v_end, "m/s"});
  m.push_back({"speed_reduction", v0 - v_end, "m/s"});
  m.push_back({"peak_deceleration", peak_deceleration(trace), "m/s^2"});
  m.push_back({"peak_jerk", peak_jerk(trace.time(), trace.column("ego.a")), "m/s^3"});
  const double until = k.happened ? k.t : kInf;
  for (const auto& id : targets) {
    const double ttc = min_until(trace, id + ".ttc", until);
    const double thw = min_until(trace, id + ".thw", until);
    if (std::isfinite(ttc)) m.push_back({id + ".min_ttc", ttc, "s"});
    if (std::isfinite(thw)) m.push_back({id + ".min_thw", thw, "s"});
    m.push_back({id + ".min_clearance", min_until(trace, id + ".clearance", kInf), "m"});
  }
  std::sort(m.begin(), m.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return m;
}

}  // namespace assay::oracles
