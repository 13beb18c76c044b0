// Euro NCAP AEB C2C scoring; every number cites ../shared/reference/driving-protocols.md.
#include "oracles/ncap_scoring.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

namespace assay::oracles::ncap {
namespace {

constexpr double kEps = 1e-9;

bool same(double a, double b) {
  return std::fabs(a - b) < kEps;
}

std::string kmh(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g km/h", v);
  return buf;
}

// §1.5, 2023 colour bands for a 50 km/h CCRs/CCRb test on v_impact [km/h]: green < 5,
// yellow 5–15, orange 15–30, brown 30–40, red ≥ 40. The published ranges share their ends; the
// lower end is taken as inclusive, consistent with "red ≥ 40".
constexpr std::array<double, 4> kUpper50 = {5.0, 15.0, 30.0, 40.0};

// §1.5 points per test speed, 2023.
double ccrs_points(double v) {
  if (same(v, 10.0)) return 1.0;
  if (v > 12.5 && v < 37.5) return 2.0;  // 15–35 km/h: 2 each
  return 1.0;                            // 40–50 km/h: 1 each
}

bool on_grid(double v, double from, double to) {
  if (v < from - kEps || v > to + kEps) return false;
  const double steps = (v - from) / 5.0;
  return same(steps, std::round(steps));
}

// §1.6: 2026 standard ranges, 10 km/h steps: CCRs 10–50, CCRm and CCRb 30–80.
bool on_grid_2026(Loadcase test, double v) {
  const double from = test == Loadcase::kCcrs ? 10.0 : 30.0;
  const double to = test == Loadcase::kCcrs ? 50.0 : 80.0;
  if (v < from - kEps || v > to + kEps) return false;
  const double steps = (v - from) / 10.0;
  return same(steps, std::round(steps));
}

Result<TestScore> score_2023(Loadcase test, std::span<const GridPoint> points) {
  TestScore out;
  out.protocol = Protocol::k2023;
  out.test = test;
  if (test == Loadcase::kCcrb) {
    // §1.5: CCRb 4 × 1 point, one per gap/deceleration case, each a 50 km/h test.
    for (const auto& p : points) {
      auto c = colour_2023(test, p.test_speed_kmh, p.impact_kmh);
      if (!c.ok()) return c.error();
      SpeedScore s{p.test_speed_kmh, p.label, {c.value()}, {p}, colour_factor(c.value()), 0.0, 1.0};
      s.points = s.fraction;
      out.speeds.push_back(s);
    }
    if (out.speeds.size() != 4) {
      return make_error("CCRb 2023 needs its 4 gap/deceleration cases (12/40 m × 2/6 m/s²), got " +
                        std::to_string(out.speeds.size()));
    }
  } else {
    std::map<double, std::vector<const GridPoint*>> by_speed;
    for (const auto& p : points) by_speed[p.test_speed_kmh].push_back(&p);
    for (const auto& [speed, group] : by_speed) {
      auto max_points = points_2023(test, speed);
      if (!max_points.ok()) return max_points.error();
      SpeedScore s;
      s.test_speed_kmh = speed;
      s.label = kmh(speed);
      s.max_points = max_points.value();
      std::vector<double> overlaps;
      for (const GridPoint* p : group) {
        auto w = overlap_weight_2023(p->overlap_pct);
        if (!w.ok()) return w.error();
        auto c = colour_2023(test, speed, p->impact_kmh);
        if (!c.ok()) return c.error();
        s.colours.push_back(c.value());
        s.grid.push_back(*p);
        s.fraction += w.value() * colour_factor(c.value());
        overlaps.push_back(p->overlap_pct);
      }
      // Each of the five overlaps exactly once: weights 1+1+2+1+1 = 6 (§1.5 formula).
      std::sort(overlaps.begin(), overlaps.end());
      const std::vector<double> kAll = {-75.0, -50.0, 50.0, 75.0, 100.0};
      if (overlaps != kAll) {
        return make_error(std::string(test_name(test)) + " 2023 at " + kmh(speed) +
                          " needs the five overlaps −50, −75, 100, 75, 50 % once each");
      }
      s.fraction /= 6.0;
      s.points = s.fraction * s.max_points;
      out.speeds.push_back(s);
    }
  }
  for (const auto& s : out.speeds) {
    out.points += s.points;
    out.max_points += s.max_points;
  }
  return out;
}

Result<TestScore> score_2026(Loadcase test, std::span<const GridPoint> points) {
  TestScore out;
  out.protocol = Protocol::k2026;
  out.test = test;
  out.max_points = budget_2026(test);
  if (points.empty()) return make_error("no grid points to score");
  std::map<double, SpeedScore> by_speed;
  for (const auto& p : points) {
    if (!on_grid_2026(test, p.test_speed_kmh)) {
      return make_error(std::string(test_name(test)) + " 2026: " + kmh(p.test_speed_kmh) +
                        " is not on the standard-range grid (§1.6)");
    }
    SpeedScore& s = by_speed[p.test_speed_kmh];
    s.test_speed_kmh = p.test_speed_kmh;
    s.label = kmh(p.test_speed_kmh);
    // §1.6 bands on v_rel_impact; the one implementation lives in vehicle_oracles.
    const Colour c = euro_ncap_2026_colour(p.test_speed_kmh, p.impact_kmh);
    s.colours.push_back(c);
    s.grid.push_back(p);
    s.fraction += colour_factor(c);
  }
  const double per_point = out.max_points / static_cast<double>(points.size());
  for (auto& [speed, s] : by_speed) {
    s.max_points = per_point * static_cast<double>(s.colours.size());
    s.fraction /= static_cast<double>(s.colours.size());
    s.points = s.fraction * s.max_points;
    out.points += s.points;
    out.speeds.push_back(s);
  }
  out.assumptions.push_back(
      "2026: the standard-range budget is split equally over the " + std::to_string(points.size()) +
      " grid points and colours use the 2023 factors (the per-point split is not in the "
      "reference)");
  if (test != Loadcase::kCcrb) {
    // §1.6 names impact locations 0–100 % without defining them against the 2023 overlaps.
    out.assumptions.push_back(
        "2026: the grid points are the cases' lateral overlaps (§1.2), not the 2026 impact "
        "locations 0, 25, 50, 75, 100 % (§1.6, not defined in the reference)");
  }
  return out;
}

}  // namespace

std::optional<Protocol> parse_protocol(std::string_view name) {
  if (name == "euro-ncap-2023") return Protocol::k2023;
  if (name == "euro-ncap-2026") return Protocol::k2026;
  return std::nullopt;
}

std::string_view protocol_name(Protocol p) {
  return p == Protocol::k2023 ? "euro-ncap-2023" : "euro-ncap-2026";
}

std::optional<Loadcase> parse_test(std::string_view name) {
  if (name == "ccrs") return Loadcase::kCcrs;
  if (name == "ccrm") return Loadcase::kCcrm;
  if (name == "ccrb") return Loadcase::kCcrb;
  return std::nullopt;
}

std::string_view test_name(Loadcase t) {
  static constexpr std::array<std::string_view, 3> kNames = {"ccrs", "ccrm", "ccrb"};
  return kNames[static_cast<std::size_t>(t)];
}

std::string_view band_name(Band b) {
  static constexpr std::array<std::string_view, 5> kNames = {"Good", "Adequate", "Marginal", "Weak",
                                                             "Poor"};
  return kNames[static_cast<std::size_t>(b)];
}

double colour_factor(Colour c) {
  // §1.5 colour factors.
  static constexpr std::array<double, 5> kFactors = {1.0, 0.75, 0.5, 0.25, 0.0};
  return kFactors[static_cast<std::size_t>(c)];
}

Result<Colour> colour_2023(Loadcase test, double test_speed_kmh, double impact_kmh) {
  if (!std::isfinite(impact_kmh) || impact_kmh < 0.0) {
    return make_error("impact speed must be a finite number ≥ 0 km/h");
  }
  if (test == Loadcase::kCcrm) {
    return make_error(
        "CCRm 2023 colour thresholds (on v_rel_impact) are only published as charts and are "
        "unconfirmed in the reference (§1.5); refusing to score");
  }
  if (!same(test_speed_kmh, 50.0)) {
    return make_error(std::string(test_name(test)) + " 2023 colour thresholds at " +
                      kmh(test_speed_kmh) +
                      " are only published as charts and are unconfirmed in the reference "
                      "(§1.5); only 50 km/h is confirmed; refusing to score");
  }
  for (std::size_t i = 0; i < kUpper50.size(); ++i) {
    if (impact_kmh < kUpper50[i]) return static_cast<Colour>(i);
  }
  return Colour::kRed;
}

Result<double> points_2023(Loadcase test, double test_speed_kmh) {
  const double v = test_speed_kmh;
  switch (test) {
    case Loadcase::kCcrs:
      if (on_grid(v, 10.0, 50.0)) return ccrs_points(v);
      break;
    case Loadcase::kCcrm:
      if (on_grid(v, 30.0, 60.0)) return 1.0;
      if (on_grid(v, 65.0, 80.0)) return 2.0;
      break;
    case Loadcase::kCcrb:
      if (same(v, 50.0)) return 1.0;
      break;
  }
  return make_error(std::string(test_name(test)) + " 2023: " + kmh(v) +
                    " is not a test speed of the points table (§1.5)");
}

Result<double> overlap_weight_2023(double overlap_pct) {
  if (same(overlap_pct, 100.0)) return 2.0;
  for (double o : {-50.0, -75.0, 75.0, 50.0}) {
    if (same(overlap_pct, o)) return 1.0;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "overlap %g %% is not one of −50, −75, 100, 75, 50", overlap_pct);
  return make_error(buf);
}

double budget_2026(Loadcase test) {
  static constexpr std::array<double, 3> kBudget = {1.2, 2.4, 1.6};
  return kBudget[static_cast<std::size_t>(test)];
}

Band band_2023(double total) {
  const long long milli = std::llround(total * 1000.0);
  if (milli >= 6751) return Band::kGood;
  if (milli >= 4501) return Band::kAdequate;
  if (milli >= 2251) return Band::kMarginal;
  if (milli >= 1) return Band::kWeak;
  return Band::kPoor;
}

Result<TestScore> score_test(Protocol protocol, Loadcase test, std::span<const GridPoint> points) {
  return protocol == Protocol::k2023 ? score_2023(test, points) : score_2026(test, points);
}

Result<C2CScore> score_c2c(std::span<const TestScore> tests) {
  if (tests.empty()) return make_error("no test scores to combine");
  C2CScore out;
  out.protocol = tests.front().protocol;
  std::array<bool, 3> seen{};
  double sum = 0.0;
  for (const auto& t : tests) {
    if (t.protocol != out.protocol) return make_error("cannot combine 2023 and 2026 scores");
    auto& s = seen[static_cast<std::size_t>(t.test)];
    if (s) return make_error(std::string(test_name(t.test)) + " is scored twice");
    s = true;
    sum += t.points;  // §1.5 weights of CCRs, CCRm and CCRb are all 1.0
    out.assumptions.insert(out.assumptions.end(), t.assumptions.begin(), t.assumptions.end());
  }
  for (Loadcase l : {Loadcase::kCcrs, Loadcase::kCcrm, Loadcase::kCcrb}) {
    if (!seen[static_cast<std::size_t>(l)]) out.missing.emplace_back(test_name(l));
  }
  if (out.protocol == Protocol::k2023) out.missing.emplace_back("fcw");  // not simulated
  if (out.protocol == Protocol::k2026) {
    out.total = sum;
    for (const auto& t : tests) out.max_total += t.max_points;
    out.assumptions.push_back("2026: no verdict band (not in the reference)");
    return out;
  }
  // §1.5: weighted budget 14 + 15 + 4 + 0.5 × 6 (FCW) = 36, total out of 9.
  constexpr double kWeightedBudget = 14.0 + 15.0 + 4.0 + 0.5 * 6.0;
  out.total = 9.0 * sum / kWeightedBudget;
  out.max_total = 9.0;
  out.band = band_2023(out.total);
  out.assumptions.push_back(
      "2023: total = 9 × weighted points / 36 (proportional scaling assumed); FCW and tests not "
      "run count 0");
  return out;
}

}  // namespace assay::oracles::ncap
