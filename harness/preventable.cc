#include "harness/preventable.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <ostream>
#include <tuple>

#include "core/atomic_file.h"
#include "harness/plan.h"
#include "harness/run.h"
#include "reports/text.h"

namespace assay::harness {
namespace {

using scenario::ParameterDef;

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

Result<std::uint64_t> parse_u64(const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return make_error(flag + " expects a non-negative integer, got \"" + text + "\"");
  }
  return v;
}

Result<double> parse_double(const std::string& what, const std::string& text) {
  double v = 0.0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return make_error(what + " expects a number, got \"" + text + "\"");
  }
  return v;
}

// Numbers in files: shortest round-trip form, so the bytes depend only on the value.
std::string num(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

// Coordinates in the SVG: two decimals are finer than a pixel.
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

bool same_value(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

bool on_grid(const ParameterDef& p) {
  return !p.is_random();
}

std::string grid_names(const scenario::Scenario& s) {
  std::string out;
  for (const auto& p : s.parameters) {
    if (on_grid(p)) out += (out.empty() ? "" : ", ") + p.name;
  }
  return out.empty() ? "none" : out;
}

std::string value_list(const ParameterDef& p) {
  std::string out;
  for (double v : p.values) out += (out.empty() ? "" : ", ") + num(v);
  return out;
}

std::string with_unit(double v, const std::string& unit) {
  return unit.empty() ? num(v) : num(v) + " " + unit;
}

// "Nice" tick spacing (1, 2 or 5 × 10^k) giving about `want` ticks over [lo, hi].
double tick_step(double lo, double hi, int want) {
  const double span = hi - lo;
  if (!(span > 0.0)) return 1.0;
  const double raw = span / want;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * mag) return m * mag;
  }
  return 10.0 * mag;
}

// The selected grid points: x and y swept, every other grid parameter fixed.
struct Selection {
  std::vector<std::uint64_t> cases;  // case indices, grid order
  std::vector<FixedParameter> fixed;
  std::size_t x_index = 0, y_index = 0;
};

Result<Selection> select_points(const scenario::Scenario& s, const PreventableOptions& o) {
  Selection sel;
  auto grid_parameter = [&](const std::string& name, const char* flag) -> Result<std::size_t> {
    for (std::size_t i = 0; i < s.parameters.size(); ++i) {
      if (s.parameters[i].name != name) continue;
      if (!on_grid(s.parameters[i])) {
        return make_error(
            std::string(flag) + " " + name +
            ": a random parameter cannot be swept; grid parameters: " + grid_names(s));
      }
      return i;
    }
    return make_error(std::string(flag) + " " + name + ": no such parameter in " + s.id +
                      "; grid parameters: " + grid_names(s));
  };
  auto xi = grid_parameter(o.x, "--x");
  if (!xi) return xi.error();
  auto yi = grid_parameter(o.y, "--y");
  if (!yi) return yi.error();
  if (*xi == *yi) return make_error("--x and --y name the same parameter " + o.x);
  sel.x_index = *xi;
  sel.y_index = *yi;
  // The value each other grid parameter is fixed at: from --set, or its only value.
  std::vector<std::optional<double>> fixed(s.parameters.size());
  for (const auto& [name, text] : o.fixed) {
    auto i = grid_parameter(name, "--set");
    if (!i) return i.error();
    if (*i == *xi || *i == *yi) return make_error("--set " + name + ": that parameter is swept");
    auto v = parse_double("--set " + name, text);
    if (!v) return v.error();
    const auto& p = s.parameters[*i];
    if (std::none_of(p.values.begin(), p.values.end(),
                     [&](double g) { return same_value(g, *v); })) {
      return make_error("--set " + name + "=" + text + ": not a grid value; values: " +
                        value_list(p) + (p.unit.empty() ? "" : " " + p.unit));
    }
    fixed[*i] = *v;
  }
  for (std::size_t i = 0; i < s.parameters.size(); ++i) {
    const auto& p = s.parameters[i];
    if (!on_grid(p) || i == *xi || i == *yi) continue;
    if (!fixed[i] && p.values.size() == 1) fixed[i] = p.values.front();
    if (!fixed[i]) {
      return make_error("fix " + p.name + " with --set " + p.name +
                        "=VALUE; values: " + value_list(p) + (p.unit.empty() ? "" : " " + p.unit));
    }
    sel.fixed.push_back({p.name, *fixed[i], p.unit});
  }
  for (std::uint64_t g = 0; g < s.grid_size(); ++g) {
    const std::uint64_t index = g * s.samples;  // the first sample of each grid point
    const CasePlan plan = make_case(s, index, 0);
    bool keep = true;
    for (std::size_t i = 0; i < s.parameters.size() && keep; ++i) {
      keep = !fixed[i] || same_value(plan.values[i], *fixed[i]);
    }
    if (keep) sel.cases.push_back(index);
  }
  return sel;
}

}  // namespace

Result<PreventableOptions> parse_preventable_args(const std::vector<std::string>& args) {
  PreventableOptions o;
  if (const char* v = env("ASSAY_JOBS")) {
    auto j = parse_u64("ASSAY_JOBS", v);
    if (!j) return j.error();
    o.jobs = static_cast<unsigned>(*j);
  }
  if (const char* v = env("ASSAY_SEED")) {
    auto s = parse_u64("ASSAY_SEED", v);
    if (!s) return s.error();
    o.seed = *s;
  }
  if (const char* v = env("ASSAY_OUT")) o.out_dir = v;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-j") a = "--jobs";
    if (!a.starts_with("-") || a == "-") {
      positional.push_back(a);
      continue;
    }
    std::string value;
    const auto eq = a.find('=');
    if (a.starts_with("--") && eq != std::string::npos && !a.starts_with("--set")) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
    } else if (a.starts_with("--set=")) {
      value = a.substr(6);
      a = "--set";
    } else {
      const bool known = a == "--x" || a == "--y" || a == "--set" || a == "--model" ||
                         a == "--out" || a == "--jobs" || a == "--seed";
      if (!known) return make_error("unknown option " + a + " for preventable (see assay --help)");
      if (i + 1 >= args.size()) return make_error(a + " needs a value");
      value = args[++i];
    }
    if (a == "--x") {
      o.x = value;
    } else if (a == "--y") {
      o.y = value;
    } else if (a == "--model") {
      o.model = value;
    } else if (a == "--out") {
      o.out_dir = value;
    } else if (a == "--jobs") {
      auto j = parse_u64(a, value);
      if (!j) return j.error();
      if (*j == 0 || *j > 1024) return make_error("--jobs expects 1..1024");
      o.jobs = static_cast<unsigned>(*j);
    } else if (a == "--seed") {
      auto s = parse_u64(a, value);
      if (!s) return s.error();
      o.seed = *s;
    } else if (a == "--set") {
      const auto at = value.find('=');
      if (at == std::string::npos || at == 0) return make_error("--set expects NAME=VALUE");
      o.fixed.emplace_back(value.substr(0, at), value.substr(at + 1));
    } else {
      return make_error("unknown option " + a + " for preventable (see assay --help)");
    }
  }
  if (positional.size() != 1) {
    return make_error("assay preventable needs exactly one scenario file");
  }
  o.scenario = positional.front();
  return o;
}

std::vector<std::pair<double, std::optional<double>>> preventable_boundary(
    const PreventableMap& m) {
  // Points are sorted by (y, x): walk each row and keep where its last run of avoided points
  // starts. Avoided points below a collision (the ego passed the target before it cut in) do
  // not move the boundary.
  std::map<double, std::optional<double>> by_y;
  for (const auto& p : m.points) {
    auto& b = by_y[p.y];
    if (p.verdict == Verdict::kError || p.collided) {
      b.reset();
    } else if (!b) {
      b = p.x;
    }
  }
  return {by_y.begin(), by_y.end()};
}

std::string preventable_csv(const PreventableMap& m) {
  std::string out = m.x_name + "," + m.y_name;
  for (const auto& f : m.fixed) out += "," + f.name;
  out += ",case,collided,relative_impact_speed,min_gap\n";
  for (const auto& p : m.points) {
    out += num(p.x) + "," + num(p.y);
    for (const auto& f : m.fixed) out += "," + num(f.value);
    out += "," + p.case_id + ",";
    if (p.verdict == Verdict::kError) {
      out += "error,,\n";
      continue;
    }
    out += std::string(p.collided ? "1" : "0") + "," +
           (p.collided ? num(p.relative_impact_speed) : std::string()) + "," + num(p.min_gap) +
           "\n";
  }
  return out;
}

std::string boundary_csv(const PreventableMap& m) {
  std::string out = m.y_name + ",min_preventable_" + m.x_name + "\n";
  for (const auto& [y, x] : preventable_boundary(m))
    out += num(y) + "," + (x ? num(*x) : "") + "\n";
  return out;
}

std::string preventable_svg(const PreventableMap& m) {
  using report_text::xml_escape;
  constexpr double kWidth = 720, kHeight = 480;
  constexpr double kLeft = 80, kRight = 170, kTop = 60, kBottom = 60;
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  for (const auto& p : m.points) {
    x_lo = std::min(x_lo, p.x);
    x_hi = std::max(x_hi, p.x);
    y_lo = std::min(y_lo, p.y);
    y_hi = std::max(y_hi, p.y);
  }
  if (m.points.empty()) x_lo = y_lo = 0.0, x_hi = y_hi = 1.0;
  // Pad the data range so the outermost points do not sit on the axes.
  auto pad = [](double& lo, double& hi) {
    const double d = hi > lo ? 0.05 * (hi - lo) : 0.5 * std::max(1.0, std::abs(lo));
    lo -= d;
    hi += d;
  };
  pad(x_lo, x_hi);
  pad(y_lo, y_hi);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto sx = [&](double x) { return kLeft + (x - x_lo) / (x_hi - x_lo) * plot_w; };
  auto sy = [&](double y) { return kTop + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };
  auto label = [](const std::string& name, const std::string& unit) {
    return unit.empty() ? name : name + " [" + unit + "]";
  };

  std::string title = "Preventable by the R157 C&C driver: " + m.scenario_id;
  std::string fixed;
  for (const auto& f : m.fixed) {
    fixed += (fixed.empty() ? "" : ", ") + f.name + " = " + with_unit(f.value, f.unit);
  }

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(kWidth) +
                  "\" height=\"" + px(kHeight) + "\" viewBox=\"0 0 " + px(kWidth) + " " +
                  px(kHeight) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + px(kLeft) + "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" +
       xml_escape(title) + "</text>\n";
  s += "<text x=\"" + px(kLeft) + "\" y=\"40\">" +
       xml_escape(fixed.empty() ? "no other parameters" : fixed) + "</text>\n";
  // Axes with ticks and grid lines.
  s += "<g stroke=\"black\" fill=\"none\"><rect x=\"" + px(kLeft) + "\" y=\"" + px(kTop) +
       "\" width=\"" + px(plot_w) + "\" height=\"" + px(plot_h) + "\"/></g>\n";
  s += "<g class=\"x-ticks\" text-anchor=\"middle\">\n";
  const double xs = tick_step(x_lo, x_hi, 8);
  for (double t = std::ceil(x_lo / xs) * xs; t <= x_hi + 1e-9 * xs; t += xs) {
    const double v = std::abs(t) < 1e-9 * xs ? 0.0 : t;
    s += "<line x1=\"" + px(sx(v)) + "\" y1=\"" + px(kTop + plot_h) + "\" x2=\"" + px(sx(v)) +
         "\" y2=\"" + px(kTop + plot_h + 5) + "\" stroke=\"black\"/><text x=\"" + px(sx(v)) +
         "\" y=\"" + px(kTop + plot_h + 18) + "\">" + report_text::format_number(v, 6) +
         "</text>\n";
  }
  s += "</g>\n<g class=\"y-ticks\" text-anchor=\"end\">\n";
  const double ys = tick_step(y_lo, y_hi, 6);
  for (double t = std::ceil(y_lo / ys) * ys; t <= y_hi + 1e-9 * ys; t += ys) {
    const double v = std::abs(t) < 1e-9 * ys ? 0.0 : t;
    s += "<line x1=\"" + px(kLeft - 5) + "\" y1=\"" + px(sy(v)) + "\" x2=\"" + px(kLeft) +
         "\" y2=\"" + px(sy(v)) + "\" stroke=\"black\"/><text x=\"" + px(kLeft - 8) + "\" y=\"" +
         px(sy(v) + 4) + "\">" + report_text::format_number(v, 6) + "</text>\n";
  }
  s += "</g>\n";
  s += "<text x=\"" + px(kLeft + plot_w / 2) + "\" y=\"" + px(kHeight - 15) +
       "\" text-anchor=\"middle\">" + xml_escape(label(m.x_name, m.x_unit)) + "</text>\n";
  s += "<text transform=\"translate(" + px(22) + " " + px(kTop + plot_h / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + xml_escape(label(m.y_name, m.y_unit)) +
       "</text>\n";
  // Points: green avoided (preventable), red collided (not preventable), grey not run.
  s += "<g class=\"points\" stroke=\"none\">\n";
  for (const auto& p : m.points) {
    const char* colour = p.verdict == Verdict::kError ? "#888888"
                         : p.collided                 ? "#d62728"
                                                      : "#2ca02c";
    s += "<circle cx=\"" + px(sx(p.x)) + "\" cy=\"" + px(sy(p.y)) + "\" r=\"3.5\" fill=\"" +
         colour + "\"/>\n";
  }
  s += "</g>\n";
  std::string line;
  for (const auto& [y, x] : preventable_boundary(m)) {
    if (x) line += (line.empty() ? "" : " ") + px(sx(*x)) + "," + px(sy(y));
  }
  if (!line.empty()) {
    s += "<polyline class=\"boundary\" points=\"" + line +
         "\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"/>\n";
  }
  // Legend.
  const double lx = kLeft + plot_w + 15;
  s += "<g class=\"legend\">\n";
  s += "<circle cx=\"" + px(lx + 5) + "\" cy=\"" + px(kTop + 10) +
       "\" r=\"4\" fill=\"#2ca02c\"/><text x=\"" + px(lx + 15) + "\" y=\"" + px(kTop + 14) +
       "\">preventable (avoided)</text>\n";
  s += "<circle cx=\"" + px(lx + 5) + "\" cy=\"" + px(kTop + 30) +
       "\" r=\"4\" fill=\"#d62728\"/><text x=\"" + px(lx + 15) + "\" y=\"" + px(kTop + 34) +
       "\">not preventable</text>\n";
  s += "<line x1=\"" + px(lx) + "\" y1=\"" + px(kTop + 50) + "\" x2=\"" + px(lx + 10) + "\" y2=\"" +
       px(kTop + 50) + "\" stroke=\"black\" stroke-width=\"2\"/><text x=\"" + px(lx + 15) +
       "\" y=\"" + px(kTop + 54) + "\">boundary</text>\n";
  s += "</g>\n</svg>\n";
  return s;
}

int preventable_command(const PreventableOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = load_inputs({o.scenario});
  if (!loaded) {
    err << loaded.error().format() << "\n";
    return kExitUsage;
  }
  if (loaded->size() != 1 || loaded->front().scenario.radio) {
    err << "error: " << o.scenario << ": expected one vehicle scenario file\n";
    return kExitUsage;
  }
  // The map needs only the collision outcome: the scenario's own oracles are not judged.
  LoadedScenario copy = loaded->front();
  copy.scenario.oracles.clear();
  const scenario::Scenario& s = copy.scenario;
  auto sel = select_points(s, o);
  if (!sel) {
    err << "error: " << sel.error().message << "\n";
    return kExitUsage;
  }
  if (sel->cases.empty()) {
    err << "error: no grid point of " << s.id << " matches the --set values\n";
    return kExitNothingRun;
  }
  std::vector<SelectedCase> cases;
  for (auto index : sel->cases) cases.push_back({&copy, index});
  RunOptions run;
  run.model = o.model;
  run.seed = o.seed;
  run.jobs = o.jobs;
  run.out_dir = o.out_dir;
  run.traces = KeepTraces::kNone;
  auto results = execute(cases, run, nullptr);
  if (!results) {
    err << "error: " << results.error().format() << "\n";
    return kExitUsage;
  }

  const auto& xp = s.parameters[sel->x_index];
  const auto& yp = s.parameters[sel->y_index];
  PreventableMap m{s.id, xp.name, xp.unit, yp.name, yp.unit, sel->fixed, {}};
  bool errors = false;
  for (const auto& r : results->cases) {
    MapPoint p;
    p.x = r.parameters[sel->x_index].value;
    p.y = r.parameters[sel->y_index].value;
    p.case_id = r.case_id;
    p.verdict = r.verdict == Verdict::kError ? Verdict::kError : Verdict::kPass;
    errors = errors || p.verdict == Verdict::kError;
    double gap = std::numeric_limits<double>::infinity();
    for (const auto& q : r.metrics) {
      if (q.name == "relative_impact_speed") {
        p.collided = true;
        p.relative_impact_speed = q.value;
      }
      if (q.name.ends_with(".min_clearance")) gap = std::min(gap, q.value);
    }
    p.min_gap = std::isfinite(gap) ? gap : 0.0;
    m.points.push_back(std::move(p));
  }
  std::sort(m.points.begin(), m.points.end(),
            [](const auto& a, const auto& b) { return std::tie(a.y, a.x) < std::tie(b.y, b.x); });

  for (const auto& [name, text] : {std::pair{"preventable.csv", preventable_csv(m)},
                                   std::pair{"boundary.csv", boundary_csv(m)},
                                   std::pair{"preventable.svg", preventable_svg(m)}}) {
    const std::string path = o.out_dir + "/" + name;
    if (auto st = write_file_atomic(path, text); !st) {
      err << "error: " << st.error().format() << "\n";
      return kExitInfra;
    }
  }
  std::size_t avoided = 0;
  for (const auto& p : m.points) avoided += p.verdict != Verdict::kError && !p.collided;
  out << s.id << ": " << m.points.size() << " points (" << m.x_name << " x " << m.y_name << "), "
      << avoided << " preventable; model " << o.model << ", seed " << o.seed << "\n";
  for (const auto& [y, x] : preventable_boundary(m)) {
    out << "  " << m.y_name << " = " << with_unit(y, m.y_unit) << ": "
        << (x ? "preventable from " + m.x_name + " = " + with_unit(*x, m.x_unit)
              : std::string("never preventable"))
        << "\n";
  }
  out << "wrote " << o.out_dir << "/preventable.csv, boundary.csv, preventable.svg\n";
  if (errors) {
    err << "error: some grid points could not be run (\"error\" in preventable.csv)\n";
    return kExitInfra;
  }
  return kExitOk;
}

}  // namespace assay::harness
