#include "harness/stl_command.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "core/results.h"
#include "core/trace_csv.h"
#include "oracles/stl.h"

namespace assay::harness {
namespace {

std::string show(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void formula_error(std::ostream& err, const std::string& formula, const Error& e) {
  err << "error: formula column " << e.where.column << ": " << e.message << "\n"
      << stl::caret_line(formula, e.where.column) << "\n";
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

Result<StlOptions> parse_stl_args(const std::vector<std::string>& args) {
  StlOptions o;
  if (const char* t = env("ASSAY_STL_TIME")) o.time_column = t;
  if (const char* s = env("ASSAY_STL_SIGNAL")) {
    const std::string v = s;
    o.signal = v == "1" || v == "true" || v == "yes" || v == "on";
  }
  std::vector<std::string> positional;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || !a.starts_with("--")) {
      positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
    } else if (a == "--signal") {
      o.signal = true;
    } else if (a == "--time" || a == "--param") {
      if (i + 1 == args.size()) return make_error(a + " needs a value");
      const std::string& v = args[++i];
      if (a == "--time") {
        o.time_column = v;
        continue;
      }
      const std::size_t eq = v.find('=');
      double x = 0.0;
      const char* end = v.data() + v.size();
      const auto r = eq == std::string::npos
                         ? std::from_chars_result{v.data(), std::errc::invalid_argument}
                         : std::from_chars(v.data() + eq + 1, end, x);
      if (eq == 0 || r.ec != std::errc() || r.ptr != end || !std::isfinite(x)) {
        return make_error("--param expects NAME=NUMBER (SI units); got \"" + v + "\"");
      }
      o.params.emplace_back(v.substr(0, eq), x);
    } else {
      return make_error("unknown option " + a + " for stl");
    }
  }
  if (positional.size() != 2) {
    return make_error("assay stl needs a formula and a CSV trace: assay stl FORMULA TRACE.csv");
  }
  o.formula = positional[0];
  o.trace_path = positional[1];
  return o;
}

int stl_command(const StlOptions& o, std::ostream& out, std::ostream& err) {
  auto f = stl::parse(o.formula);
  if (!f) {
    formula_error(err, o.formula, f.error());
    return kExitUsage;
  }
  CsvTraceOptions csv;
  csv.time_column = o.time_column;
  auto loaded = load_csv_trace(o.trace_path, csv);
  if (!loaded) {
    err << loaded.error().format() << "\n";
    return kExitUsage;
  }
  if (!loaded->skipped.empty()) {
    err << "note: " << loaded->skipped.size() << " non-numeric column(s) left out:";
    for (const auto& s : loaded->skipped) err << " " << s;
    err << "\n";
  }
  auto r = stl::evaluate(*f, loaded->trace, o.params);
  if (!r) {
    formula_error(err, o.formula, r.error());
    return kExitUsage;
  }
  const double rho = r->values.front();
  const std::string unit = r->unit.empty() ? "" : " " + r->unit;
  if (o.signal) {
    out << "t [s],robustness" << (r->unit.empty() ? "" : " [" + r->unit + "]") << "\n";
    const auto t = loaded->trace.time();
    for (std::size_t i = 0; i < r->values.size(); ++i) {
      out << show(t[i]) << "," << show(r->values[i]) << "\n";
    }
  } else {
    out << "robustness at t = " << show(loaded->trace.time().front()) << " s: " << show(rho) << unit
        << " (" << (rho >= 0.0 ? "satisfied" : "violated") << ")\n";
    if (r->critical_time) out << "decided at t = " << show(*r->critical_time) << " s\n";
  }
  return rho >= 0.0 ? kExitOk : kExitFailed;
}

}  // namespace assay::harness
