#include "oracles/stl_oracle.h"

#include <cmath>
#include <cstdio>

namespace assay::oracles {
namespace {

std::string show(double v) {
  if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

OracleResult stl_oracle(const OracleConfig& c, const Trace& trace) {
  OracleResult r;
  r.id = c.id;
  r.kind = c.kind;
  r.requirements = c.requirements;
  if (!c.formula) {
    r.verdict = Verdict::kError;
    r.message = "stl oracle without a formula";
    return r;
  }
  auto rob = stl::evaluate(*c.formula, trace, c.params);
  if (!rob) {
    r.verdict = Verdict::kError;
    r.message =
        "formula column " + std::to_string(rob.error().where.column) + ": " + rob.error().message;
    return r;
  }
  const double rho = rob->values.front();
  r.verdict = rho >= 0.0 ? Verdict::kPass : Verdict::kFail;
  // An infinite robustness (e.g. "always[5,9] ..." on a 3 s trace) decides the verdict but is
  // no distance, so no margin is reported.
  if (std::isfinite(rho)) {
    r.margin = rho;
    r.margin_unit = rob->unit;
  }
  if (std::isfinite(rho)) r.evidence.push_back({"robustness", rho, rob->unit});
  if (rob->critical_time) r.evidence.push_back({"critical_time", *rob->critical_time, "s"});
  r.message = (r.verdict == Verdict::kPass ? "holds" : "violated") + std::string(": \"") +
              c.formula->text + "\" robustness " + show(rho) +
              (rob->unit.empty() ? "" : " " + rob->unit) +
              (rob->critical_time ? " (decided at t = " + show(*rob->critical_time) + " s)" : "");
  return r;
}

}  // namespace assay::oracles
