// Maps run results onto the Euro NCAP grid (reference driving-protocols.md §1.2, §1.5, §1.6).
#include "harness/ncap_score.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/units.h"

namespace assay::harness {
namespace ncap = oracles::ncap;
namespace {

std::optional<double> parameter(const CaseResult& c, std::string_view name) {
  for (const auto& q : c.parameters) {
    if (q.name == name) return q.value;
  }
  return std::nullopt;
}

std::optional<ncap::Loadcase> test_of(const CaseResult& c) {
  for (const auto& tag : c.tags) {
    if (auto t = ncap::parse_test(tag)) return t;
  }
  return std::nullopt;
}

// Impact speed [km/h] from the collision oracle's evidence; 0 when there was no contact.
Result<double> impact_kmh(const CaseResult& c, bool relative) {
  for (const auto& o : c.oracles) {
    if (o.kind != "collision") continue;
    const std::string_view want = relative ? "relative_impact_speed" : "impact_speed";
    for (const auto& e : o.evidence) {
      if (e.name == want) return units::ms_to_kmh(e.value);
    }
    return 0.0;
  }
  return make_error(c.case_id + ": no collision oracle, so no impact speed to score");
}

// 2026 standard-range grids (§1.6): CCRs 10–50, CCRm and CCRb 30–80 km/h in 10 km/h steps.
bool on_2026_grid(ncap::Loadcase test, double v) {
  const double from = test == ncap::Loadcase::kCcrs ? 10.0 : 30.0;
  const double to = test == ncap::Loadcase::kCcrs ? 50.0 : 80.0;
  const double steps = (v - from) / 10.0;
  return v >= from - 1e-9 && v <= to + 1e-9 && std::fabs(steps - std::round(steps)) < 1e-9;
}

}  // namespace

Result<std::optional<ncap::GridPoint>> ncap_grid_point(ncap::Protocol protocol, ncap::Loadcase test,
                                                       const CaseResult& c) {
  ncap::GridPoint p;
  p.case_id = c.case_id;
  if (test == ncap::Loadcase::kCcrb) {
    // 2023 CCRb (§1.2) runs at 50 km/h, 100 % overlap, its grid points the gap/decel cases;
    // 2026 CCRb (§1.6) runs at 30–80 km/h with a 1 s headway and 4 m/s², its grid points the
    // speeds. A case is on one grid or the other, told apart by its parameters.
    p.overlap_pct = 100.0;
    const auto gap = parameter(c, "gap");
    const auto decel = parameter(c, "decel");
    const auto v = parameter(c, "v_ego");
    if (protocol == ncap::Protocol::k2026) {
      if (!v || gap || decel || !on_2026_grid(test, *v)) return std::optional<ncap::GridPoint>{};
      p.test_speed_kmh = *v;
    } else {
      if (!gap || !decel) return std::optional<ncap::GridPoint>{};
      p.test_speed_kmh = 50.0;
      char buf[64];
      std::snprintf(buf, sizeof buf, "gap=%g m decel=%g m/s^2", *gap, *decel);
      p.label = buf;
    }
  } else {
    const auto v = parameter(c, "v_ego");
    const auto overlap = parameter(c, "overlap");
    if (!v || !overlap) return make_error(c.case_id + ": case without v_ego and overlap");
    p.test_speed_kmh = *v;
    p.overlap_pct = *overlap;
    if (protocol == ncap::Protocol::k2026 && !on_2026_grid(test, *v)) {
      return std::optional<ncap::GridPoint>{};
    }
  }
  const bool relative = protocol == ncap::Protocol::k2026 || test == ncap::Loadcase::kCcrm;
  auto impact = impact_kmh(c, relative);
  if (!impact) return impact.error();
  p.impact_kmh = *impact;
  return std::optional<ncap::GridPoint>{p};
}

Result<NcapRunScore> score_ncap_run(const RunResults& run, ncap::Protocol protocol) {
  NcapRunScore out;
  out.protocol = protocol;
  for (ncap::Loadcase test :
       {ncap::Loadcase::kCcrs, ncap::Loadcase::kCcrm, ncap::Loadcase::kCcrb}) {
    NcapTestOutcome outcome;
    outcome.test = test;
    std::vector<ncap::GridPoint> points;
    bool found = false;
    for (const auto& c : run.cases) {
      if (test_of(c) != test) continue;
      found = true;
      if (c.verdict == Verdict::kError) {
        outcome.refused = c.case_id + " could not be judged: " + c.reason;
        break;
      }
      auto p = ncap_grid_point(protocol, test, c);
      if (!p) {
        outcome.refused = p.error().message;
        break;
      }
      if (*p) {
        points.push_back(**p);
      } else {
        ++outcome.off_grid;
      }
    }
    if (!found) continue;
    if (outcome.refused.empty() && points.empty()) {
      outcome.refused = "no case is on the " + std::string(ncap::protocol_name(protocol)) +
                        " grid of " + std::string(ncap::test_name(test));
      if (protocol == ncap::Protocol::k2026 && test == ncap::Loadcase::kCcrb) {
        outcome.refused += " (2026 CCRb uses a 1 s headway and 4 m/s^2, §1.6)";
      }
    }
    if (outcome.refused.empty()) {
      auto s = ncap::score_test(protocol, test, points);
      if (s) {
        outcome.score = std::move(s).value();
      } else {
        outcome.refused = s.error().message;
      }
    }
    out.tests.push_back(std::move(outcome));
  }
  if (out.tests.empty())
    return make_error("no case belongs to a Euro NCAP test (ccrs, ccrm, ccrb)");
  std::vector<ncap::TestScore> scored;
  for (const auto& t : out.tests) {
    if (!t.score) {
      out.no_total = std::string(ncap::test_name(t.test)) + " not scored: " + t.refused;
      return out;
    }
    scored.push_back(*t.score);
  }
  auto total = ncap::score_c2c(scored);
  if (!total) return total.error();
  out.total = std::move(total).value();
  return out;
}

namespace {

ScoreSpeed record_speed(const ncap::SpeedScore& s) {
  ScoreSpeed out{s.label, s.test_speed_kmh, s.points, s.max_points, {}};
  for (std::size_t i = 0; i < s.grid.size() && i < s.colours.size(); ++i) {
    const ncap::GridPoint& p = s.grid[i];
    out.grid.push_back(
        {p.case_id, p.overlap_pct, p.impact_kmh, std::string(oracles::colour_name(s.colours[i]))});
  }
  return out;
}

ScoreTest record_test(const NcapTestOutcome& t) {
  ScoreTest out;
  out.test = ncap::test_name(t.test);
  out.refused = t.refused;
  out.off_grid = t.off_grid;
  if (!t.score) return out;
  out.points = t.score->points;
  out.max_points = t.score->max_points;
  for (const auto& s : t.score->speeds) out.speeds.push_back(record_speed(s));
  out.assumptions = t.score->assumptions;
  return out;
}

ScoreTotal record_total(const ncap::C2CScore& c) {
  return {c.total, c.max_total, c.band ? std::string(ncap::band_name(*c.band)) : std::string(),
          c.missing, c.assumptions};
}

}  // namespace

ProtocolScore record_ncap_score(const RunResults& run, ncap::Protocol protocol) {
  ProtocolScore out;
  out.protocol = ncap::protocol_name(protocol);
  auto score = score_ncap_run(run, protocol);
  if (!score) {
    out.no_total = score.error().message;
    return out;
  }
  for (const auto& t : score->tests) out.tests.push_back(record_test(t));
  if (score->total) out.total = record_total(*score->total);
  out.no_total = score->no_total;
  return out;
}

Status add_ncap_scores(RunResults& run, const std::vector<std::string>& protocols) {
  std::vector<ncap::Protocol> wanted;
  for (const auto& name : protocols) {
    auto p = ncap::parse_protocol(name);
    if (!p) return make_error("unknown scoring protocol \"" + name + "\"");
    wanted.push_back(*p);
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  run.scores.clear();
  for (ncap::Protocol p : wanted) run.scores.push_back(record_ncap_score(run, p));
  return {};
}

Result<std::vector<std::string>> check_score_request(const std::vector<std::string>& names) {
  const bool none = std::find(names.begin(), names.end(), "none") != names.end();
  if (none && names.size() > 1) return make_error("\"none\" cannot be combined with protocols");
  for (const auto& name : names) {
    if (name != "none" && !ncap::parse_protocol(name)) {
      return make_error("unknown scoring protocol \"" + name +
                        "\"; expected euro-ncap-2023, euro-ncap-2026 or none");
    }
  }
  return none ? std::vector<std::string>{} : names;
}

}  // namespace assay::harness
