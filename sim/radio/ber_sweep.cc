#include "sim/radio/ber_sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/rng.h"

namespace assay::radio {

Interval ber_interval(const BerCount& c, int bits_per_symbol, CiMethod method, double confidence) {
  const Interval base =
      method == CiMethod::kWilson
          ? wilson_interval(c.errors, c.bits, normal_quantile_two_sided(confidence))
          : clopper_pearson_interval(c.errors, c.bits, 1.0 - confidence);
  const double p = c.ber();
  const double widen = std::sqrt(static_cast<double>(std::max(1, bits_per_symbol)));
  return {std::max(0.0, p - (p - base.lo) * widen), std::min(1.0, p + (base.hi - p) * widen)};
}

std::string fading_name(const Fading& f) {
  std::ostringstream s;
  switch (f.kind) {
    case Fading::Kind::kNone:
      return "awgn";
    case Fading::Kind::kRayleigh:
      return "rayleigh";
    case Fading::Kind::kRician:
      s << "rician:" << f.k_factor;
      return s.str();
    case Fading::Kind::kNakagami:
      s << "nakagami:" << f.m;
      return s.str();
  }
  return "awgn";
}

Result<Fading> parse_fading(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  const bool has_arg = colon != std::string_view::npos;
  const std::string arg = has_arg ? std::string(text.substr(colon + 1)) : "";
  auto number = [&](double lo, double hi, double& out) {
    char* end = nullptr;
    out = std::strtod(arg.c_str(), &end);
    return !arg.empty() && end == arg.c_str() + arg.size() && std::isfinite(out) && out >= lo &&
           out <= hi;
  };
  Fading f;
  if (kind == "awgn" && !has_arg) return f;
  if (kind == "rayleigh" && !has_arg) {
    f.kind = Fading::Kind::kRayleigh;
    return f;
  }
  if (kind == "rician" && has_arg) {
    f.kind = Fading::Kind::kRician;
    if (!number(0.0, 1000.0, f.k_factor))
      return make_error("rician:K needs 0 <= K <= 1000 (linear)");
    return f;
  }
  if (kind == "nakagami" && has_arg) {
    f.kind = Fading::Kind::kNakagami;
    if (!number(0.5, 100.0, f.m)) return make_error("nakagami:m needs 0.5 <= m <= 100");
    return f;
  }
  return make_error("expects awgn, rayleigh, rician:K or nakagami:m, got \"" + std::string(text) +
                    "\"");
}

std::vector<BerRow> run_ber_sweep(const BerSweep& sweep) {
  std::vector<BerRow> rows;
  const std::string id = "radio-ber:" + sweep.mod.name() + ":" + fading_name(sweep.fading);
  for (std::size_t i = 0; i < sweep.ebn0_db.size(); ++i) {
    BerRequest req;
    req.mod = sweep.mod;
    req.fading = sweep.fading;
    req.ebn0_db = sweep.ebn0_db[i];
    req.max_bits = sweep.max_bits;
    req.target_errors = sweep.target_errors;
    req.seed = case_seed(sweep.seed, id, i);
    req.jobs = sweep.jobs;
    BerRow row;
    row.ebn0_db = sweep.ebn0_db[i];
    row.count = run_ber(req);
    row.ci = ber_interval(row.count, sweep.mod.bits(), sweep.method, sweep.confidence);
    row.theory = ber_fading(sweep.mod, from_db(row.ebn0_db), sweep.fading);
    row.agrees = row.ci.contains(row.theory);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace assay::radio
