#include "oracles/radio_oracles.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace assay::oracles {
namespace {

struct Columns {
  std::span<const double> t, esn0, modcod, genie, threshold, ack, tp, genie_tp, power;
};

// Looks up the signals; empty string when all are present and the true Es/N0 is finite.
std::string load(const Trace& trace, Columns& c) {
  c.t = trace.time();
  const std::pair<const char*, std::span<const double>*> wanted[] = {
      {"esn0_true", &c.esn0},
      {"modcod", &c.modcod},
      {"genie_modcod", &c.genie},
      {"threshold", &c.threshold},
      {"ack", &c.ack},
      {"throughput", &c.tp},
      {"genie_throughput", &c.genie_tp},
      {"tx_power", &c.power}};
  for (const auto& [name, col] : wanted) {
    *col = trace.column(name);
    if (col->size() != c.t.size()) return std::string("trace has no signal \"") + name + "\"";
  }
  if (c.t.empty()) return "trace is empty";
  for (std::size_t i = 0; i < c.esn0.size(); ++i) {
    if (!std::isfinite(c.esn0[i])) {
      std::ostringstream s;
      s << "true Es/N0 is not finite at t = " << c.t[i] << " s";
      return s.str();
    }
  }
  return "";
}

double dt_of(const Columns& c) {
  return c.t.size() > 1 ? c.t[1] - c.t[0] : 1.0;
}

double sum(std::span<const double> v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

double nack_fraction(const Columns& c) {
  return 1.0 - sum(c.ack) / static_cast<double>(c.ack.size());
}

double outage_fraction(const Columns& c) {
  std::size_t n = 0;
  for (double x : c.tp) n += x <= 0.0;
  return static_cast<double>(n) / static_cast<double>(c.tp.size());
}

// Longest time from the end of a deep fade (the genie had no MODCOD, then has one again) to the
// next delivered frame. Open-ended when the run ends first (then measured to the end).
double worst_recovery(const Columns& c, double* at) {
  double worst = 0;
  bool in_fade = false, waiting = false;
  double since = 0;
  for (std::size_t i = 0; i < c.t.size(); ++i) {
    const bool fade = c.genie[i] < 0;
    if (fade) {
      in_fade = true;
      waiting = false;
      continue;
    }
    if (in_fade) {
      in_fade = false;
      waiting = true;
      since = c.t[i];
    }
    if (waiting && c.ack[i] > 0.5) {
      waiting = false;
      if (c.t[i] - since > worst) {
        worst = c.t[i] - since;
        *at = since;
      }
    }
  }
  if (waiting) {
    const double open = c.t.back() + dt_of(c) - since;
    if (open > worst) {
      worst = open;
      *at = since;
    }
  }
  return worst;
}

double energy_per_bit(const Columns& c) {
  const double dt = dt_of(c);
  double joules = 0, bits = 0;
  for (std::size_t i = 0; i < c.t.size(); ++i) {
    joules += std::pow(10.0, (c.power[i] - 30.0) / 10.0) * dt;
    bits += c.tp[i] * dt;
  }
  return bits > 0 ? joules / bits : INFINITY;
}

std::string fmt(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

// Pass/fail from a margin (≥ 0 passes).
void judge(OracleResult& r, double margin, const std::string& unit, const std::string& message) {
  r.margin = margin;
  r.margin_unit = unit;
  r.verdict = margin >= 0 ? Verdict::kPass : Verdict::kFail;
  r.message = message;
}

}  // namespace

const std::vector<std::string>& radio_oracle_kinds() {
  static const std::vector<std::string> kinds = {
      "throughput_vs_genie", "bler",          "outage",        "link_margin",
      "recovery_time",       "max_overreach", "energy_per_bit"};
  return kinds;
}

OracleResult evaluate_radio(const RadioOracleConfig& cfg, const Trace& trace) {
  OracleResult r;
  r.id = cfg.id;
  r.kind = cfg.kind;
  r.requirements = cfg.requirements;
  Columns c;
  if (const std::string problem = load(trace, c); !problem.empty()) {
    r.verdict = Verdict::kError;
    r.message = problem;
    return r;
  }
  const double limit_max = cfg.max.value_or(0.0);
  if (cfg.kind == "throughput_vs_genie") {
    const double genie = sum(c.genie_tp);
    const double ratio = genie > 0 ? sum(c.tp) / genie : 1.0;
    const double need = cfg.min.value_or(0.0);
    r.evidence = {{"throughput_ratio", ratio, "1"},
                  {"mean_throughput", sum(c.tp) / static_cast<double>(c.t.size()), "bit/s"}};
    judge(r, ratio - need, "1",
          "throughput " + fmt(ratio * 100) + "% of the genie (needs ≥ " + fmt(need * 100) + "%)");
  } else if (cfg.kind == "bler") {
    const double bler = nack_fraction(c);
    r.evidence = {{"bler", bler, "1"}};
    judge(r, limit_max - bler, "1", "BLER " + fmt(bler) + " (allowed ≤ " + fmt(limit_max) + ")");
  } else if (cfg.kind == "outage") {
    const double out = outage_fraction(c);
    r.evidence = {{"outage_fraction", out, "1"}};
    judge(r, limit_max - out, "1",
          "no data delivered " + fmt(out * 100) + "% of the time (allowed ≤ " +
              fmt(limit_max * 100) + "%)");
  } else if (cfg.kind == "link_margin") {
    // Steps whose true Es/N0 exceeds the chosen threshold by less than the required margin.
    const double need = cfg.min.value_or(0.0);
    std::size_t bad = 0;
    double first = -1;
    for (std::size_t i = 0; i < c.t.size(); ++i) {
      if (c.esn0[i] - c.threshold[i] < need) {
        if (bad++ == 0) first = c.t[i];
      }
    }
    const double frac = static_cast<double>(bad) / static_cast<double>(c.t.size());
    r.evidence = {{"violation_fraction", frac, "1"}};
    if (first >= 0) r.evidence.push_back({"first_violation", first, "s"});
    judge(r, limit_max - frac, "1",
          "link margin below " + fmt(need) + " dB in " + fmt(frac * 100) +
              "% of steps (allowed ≤ " + fmt(limit_max * 100) + "%)");
  } else if (cfg.kind == "recovery_time") {
    double at = 0;
    const double worst = worst_recovery(c, &at);
    r.evidence = {{"worst_recovery", worst, "s"}, {"fade_end", at, "s"}};
    judge(r, limit_max - worst, "s",
          "worst recovery after a deep fade " + fmt(worst) + " s (allowed ≤ " + fmt(limit_max) +
              " s)");
  } else if (cfg.kind == "max_overreach") {
    double worst = -INFINITY, at = 0;
    for (std::size_t i = 0; i < c.t.size(); ++i) {
      if (c.threshold[i] - c.esn0[i] > worst) {
        worst = c.threshold[i] - c.esn0[i];
        at = c.t[i];
      }
    }
    r.evidence = {{"max_overreach", worst, "dB"}, {"time", at, "s"}};
    judge(r, limit_max - worst, "dB",
          "chosen MODCOD threshold up to " + fmt(worst) + " dB above the true Es/N0 (allowed ≤ " +
              fmt(limit_max) + " dB)");
  } else if (cfg.kind == "energy_per_bit") {
    const double e = energy_per_bit(c);
    if (std::isfinite(e)) r.evidence = {{"energy_per_bit", e, "J/bit"}};
    judge(r, std::isfinite(e) ? limit_max - e : -INFINITY, "J/bit",
          "energy per delivered bit " + fmt(e) + " J (allowed ≤ " + fmt(limit_max) + " J)");
    if (!std::isfinite(e)) r.margin.reset();
  } else {
    r.verdict = Verdict::kError;
    r.message = "unknown radio oracle kind \"" + cfg.kind + "\"";
  }
  return r;
}

std::vector<Quantity> radio_metrics(const Trace& trace) {
  Columns c;
  if (!load(trace, c).empty()) return {};
  const double n = static_cast<double>(c.t.size());
  const double genie = sum(c.genie_tp);
  double at = 0;
  std::vector<Quantity> out = {{"mean_throughput", sum(c.tp) / n, "bit/s"},
                               {"mean_genie_throughput", genie / n, "bit/s"},
                               {"throughput_ratio", genie > 0 ? sum(c.tp) / genie : 1.0, "1"},
                               {"bler", nack_fraction(c), "1"},
                               {"outage_fraction", outage_fraction(c), "1"},
                               {"worst_recovery", worst_recovery(c, &at), "s"}};
  // Reports take finite numbers only: no delivered bit means no energy-per-bit metric.
  if (const double e = energy_per_bit(c); std::isfinite(e))
    out.push_back({"energy_per_bit", e, "J/bit"});
  return out;
}

}  // namespace assay::oracles
