// The located reading helpers of the scenario parser; see scenario_reader.h.
#include "harness/scenario_reader.h"

#include <charconv>
#include <cmath>

namespace assay::scenario::reader {

// ---------------------------------------------------------------------------------------------
// Text helpers

// Dumps JSON without throwing on invalid UTF-8 (replaced by U+FFFD), for messages.
std::string dump(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A name in double quotes, escaped as a JSON string so control characters stay visible, and
// shortened when long so a message stays readable.
std::string in_quotes(std::string_view s) {
  constexpr std::size_t kLongest = 80;
  if (s.size() > kLongest) return dump(json(std::string(s.substr(0, kLongest)))) + "...";
  return dump(json(std::string(s)));
}

// Shortest text that reads back as the same double.
std::string show_number(double x) {
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  return std::string(buf.data(), r.ptr);
}

// An SI value written for people: ratios in %, everything else with its SI unit.
std::string show_si(double si, Dimension d) {
  if (d == Dimension::kRatio) return show_number(si * 100.0) + " %";
  if (d == Dimension::kNone) return show_number(si);
  return show_number(si) + " " + std::string(units::si_unit(d));
}

// A JSON value as it appears in a message: scalars as written, containers by type.
std::string show_json(const json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  std::string text = dump(v);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

// "a" or "an", for type names in messages.
std::string with_article(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != noun.npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool is_lower_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Scenario, actor and oracle ids: [a-z0-9][a-z0-9._-]*.
bool is_id(std::string_view s) {
  return !s.empty() && is_lower_or_digit(s[0]) && std::all_of(s.begin(), s.end(), [](char c) {
    return is_lower_or_digit(c) || c == '.' || c == '_' || c == '-';
  });
}

// Parameter names: [a-z_][a-z0-9_]*.
bool is_parameter_name(std::string_view s) {
  return !s.empty() && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_') &&
         std::all_of(s.begin(), s.end(), [](char c) { return is_lower_or_digit(c) || c == '_'; });
}

// The member names of an object in the order they appear in the file. nlohmann keeps object
// keys sorted, so the order is recovered from the key positions the JsonDocument recorded.
std::vector<std::string> keys_in_file_order(const At& at) {
  struct Keyed {
    int line;
    int column;
    std::string key;
  };
  std::vector<Keyed> keyed;
  for (auto it = at.value->begin(); it != at.value->end(); ++it) {
    const SourceLocation where = at.doc->locate_key(pointer_append(at.pointer, it.key()));
    keyed.push_back({where.line, where.column, it.key()});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.line, a.column, a.key) < std::tie(b.line, b.column, b.key);
  });
  std::vector<std::string> keys;
  keys.reserve(keyed.size());
  for (auto& k : keyed) keys.push_back(std::move(k.key));
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Scalar readers

Status read_string(const At& at, std::string& out) {
  if (!at.value->is_string()) return at.type_error("a string");
  out = at.value->get<std::string>();
  return {};
}

Status read_nonempty_string(const At& at, std::string& out) {
  SCENARIO_TRY(read_string(at, out));
  if (out.empty()) return at.error(at.label + " must not be empty");
  return {};
}

Status read_id(const At& at, std::string& out) {
  SCENARIO_TRY(read_string(at, out));
  if (!is_id(out)) {
    return at.error(at.label + " expects an id of lower-case letters, digits, '.', '_' and '-' " +
                    "starting with a letter or digit; got " + show_json(*at.value));
  }
  return {};
}

Status read_bool(const At& at, bool& out) {
  if (!at.value->is_boolean()) return at.type_error("true or false");
  out = at.value->get<bool>();
  return {};
}

// An integer in [lo, hi]; 2.0 counts as an integer (as in JSON Schema), 1.5 and "2" do not.
Status read_int(const At& at, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  const json& v = *at.value;
  const std::string expected =
      "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!v.is_number()) return at.type_error(expected);
  const double d = v.get<double>();
  if (!std::isfinite(d) || std::trunc(d) != d) return at.type_error(expected);
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    return at.error(at.label + " must be from " + std::to_string(lo) + " to " + std::to_string(hi) +
                    "; got " + show_json(v));
  }
  out = static_cast<std::int64_t>(d);
  return {};
}

// A plain JSON number in a parameter's unit (given once, by "unit"), finite also in SI.
Status read_plain_number(const At& at, const ParameterDef& p, double& out) {
  if (!at.value->is_number()) {
    const std::string in_unit = p.unit.empty() ? "" : " (in " + p.unit + ")";
    return at.type_error("a number" + in_unit);
  }
  out = at.value->get<double>();
  if (!std::isfinite(p.si(out))) {
    return at.error(at.label + ": " + show_json(*at.value) + " is out of range in SI units");
  }
  return {};
}

Status read_strings(const At& at, std::vector<std::string>& out) {
  if (!at.value->is_array()) return at.type_error("an array of strings");
  out.clear();
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    std::string s;
    SCENARIO_TRY(read_nonempty_string(at.element(i), s));
    out.push_back(std::move(s));
  }
  return {};
}

Quantity overlap_field() {
  Quantity q{Dimension::kRatio, from_to(-1.0, 1.0)};
  q.limits.min_magnitude = 0.05;
  return q;
}

// Closed bounds tolerate rounding from unit conversion ("360 km/h" is 100 m/s give or take an ulp).
double slack(double bound) {
  return 1e-9 * std::max(1.0, std::abs(bound));
}

bool above_lower(const Limits& l, double x) {
  if (!l.lo) return true;
  return l.lo_open ? x > *l.lo : x >= *l.lo - slack(*l.lo);
}

bool below_upper(const Limits& l, double x) {
  if (!l.hi) return true;
  return l.hi_open ? x < *l.hi : x <= *l.hi + slack(*l.hi);
}

bool outside_band(const Limits& l, double x) {
  if (l.nonzero && x == 0.0) return false;
  return l.min_magnitude <= 0.0 || std::abs(x) >= l.min_magnitude - slack(l.min_magnitude);
}

bool within(const Limits& l, double x) {
  return above_lower(l, x) && below_upper(l, x) && outside_band(l, x);
}

// "from 0 to 100 m/s", "greater than 0 s", "not 0 m", ...
std::string limits_text(const Limits& l, Dimension d) {
  std::vector<std::string> parts;
  if (l.lo && l.hi && !l.lo_open && !l.hi_open) {
    parts.push_back("from " + show_si(*l.lo, d) + " to " + show_si(*l.hi, d));
  } else {
    if (l.lo) parts.push_back((l.lo_open ? "greater than " : "at least ") + show_si(*l.lo, d));
    if (l.hi) parts.push_back((l.hi_open ? "less than " : "at most ") + show_si(*l.hi, d));
  }
  if (l.nonzero) parts.push_back("non-zero");
  if (l.min_magnitude > 0.0) {
    parts.push_back("with a magnitude of at least " + show_si(l.min_magnitude, d));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  }
  return out;
}

// Written examples per dimension, for "expects ..." messages.
std::string example(Dimension d) {
  switch (d) {
    case Dimension::kLength:
      return "12 (m) or \"12 m\"";
    case Dimension::kTime:
      return "1.5 (s) or \"1500 ms\"";
    case Dimension::kSpeed:
      return "13.9 (m/s) or \"50 km/h\"";
    case Dimension::kAcceleration:
      return "6 (m/s^2) or \"6 m/s^2\"";
    case Dimension::kJerk:
      return "10 (m/s^3) or \"10 m/s^3\"";
    case Dimension::kAngle:
      return "0.1 (rad) or \"5 deg\"";
    case Dimension::kAngularRate:
      return "0.1 (rad/s) or \"5 deg/s\"";
    case Dimension::kRatio:
      return "0.75 or \"75 %\"";
    case Dimension::kDecibel:
      return "3 (dB) or \"3 dB\"";
    case Dimension::kPowerLevel:
      return "30 (dBm) or \"30 dBm\" or \"0 dBW\"";
    case Dimension::kFrequency:
      return "2.2e9 (Hz) or \"2.2 GHz\"";
    case Dimension::kNone:
      break;
  }
  return "1";
}

std::string expects(const At& at, Dimension d, bool allow_params) {
  return at.label + " expects " + with_article(units::dimension_name(d)) + " such as " +
         example(d) + (allow_params ? " or \"$param\"" : "");
}

// Length of the JSON-number prefix of s (RFC 8259 grammar), 0 when s does not start with one.
std::size_t number_prefix(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return 0;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return 0;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return 0;
  }
  return i;
}

std::string all_units() {
  std::string out;
  for (Dimension d :
       {Dimension::kLength, Dimension::kTime, Dimension::kSpeed, Dimension::kAcceleration,
        Dimension::kJerk, Dimension::kAngle, Dimension::kAngularRate, Dimension::kRatio,
        Dimension::kDecibel, Dimension::kPowerLevel, Dimension::kFrequency}) {
    out += (out.empty() ? "" : "; ") + std::string(units::dimension_name(d)) + ": " +
           units::accepted_units(d);
  }
  return out;
}

// Parses "<number>[ ]<unit>" into SI, checking that the unit measures dimension d.
Status parse_quantity_text(const At& at, Dimension d, bool allow_params, std::string_view text,
                           double& si) {
  const std::size_t n = number_prefix(text);
  if (n == 0) return at.error(expects(at, d, allow_params) + "; got " + show_json(*at.value));
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + n, value);
  if (ec != std::errc() || end != text.data() + n || !std::isfinite(value)) {
    return at.error(at.label + ": " + std::string(text.substr(0, n)) + " is out of range");
  }
  std::string_view unit = text.substr(n);
  if (!unit.empty() && unit[0] == ' ') unit.remove_prefix(1);
  const std::string accepted = units::accepted_units(d);
  if (unit.empty()) {
    return at.error(at.label + ": " + show_json(*at.value) + " has no unit; write " +
                    std::string(text.substr(0, n)) + " as a JSON number (in " +
                    std::string(units::si_unit(d)) + ") or add a unit: " + accepted);
  }
  const auto info = units::find_unit(unit);
  if (!info) {
    return at.error(at.label + ": unknown unit " + in_quotes(unit) + " in " + show_json(*at.value) +
                    "; " + std::string(units::dimension_name(d)) + " units: " + accepted);
  }
  if (info->dimension != d) {
    return at.error(expects(at, d, allow_params) + ", but " + in_quotes(unit) + " is a unit of " +
                    std::string(units::dimension_name(info->dimension)) + "; " +
                    std::string(units::dimension_name(d)) + " units: " + accepted);
  }
  si = info->si(value);
  if (!std::isfinite(si))
    return at.error(at.label + ": " + show_json(*at.value) + " is out of range");
  return {};
}

Status check_limits(const At& at, const Quantity& q, double si) {
  if (within(q.limits, si)) return {};
  std::string got = show_json(*at.value);
  const std::string in_si = show_si(si, q.dimension);
  if (at.value->is_string() && at.value->get<std::string>() != in_si) got += " (" + in_si + ")";
  std::string hint;
  if (q.dimension == Dimension::kRatio && at.value->is_number() && std::abs(si) > 1.0) {
    hint = "; a plain number is a fraction: write \"" + show_number(si) + " %\" for a percentage";
  }
  return at.error(at.label + " must be " + limits_text(q.limits, q.dimension) + "; got " + got +
                  hint);
}

// A literal quantity (no parameter reference allowed), in SI.
Status read_literal(const At& at, const Quantity& q, double& si) {
  const json& v = *at.value;
  if (v.is_number()) {
    si = v.get<double>();
    if (!std::isfinite(si)) return at.error(at.label + " must be a finite number");
  } else if (v.is_string()) {
    const std::string text = v.get<std::string>();
    if (!text.empty() && text[0] == '$') {
      return at.error(at.label + " cannot refer to a parameter; write a value such as " +
                      example(q.dimension));
    }
    SCENARIO_TRY(parse_quantity_text(at, q.dimension, false, text, si));
  } else {
    return at.error(expects(at, q.dimension, false) + "; got " + show_json(v));
  }
  return check_limits(at, q, si);
}

bool dimension_fits(Dimension field, Dimension parameter) {
  return field == parameter || (field == Dimension::kRatio && parameter == Dimension::kNone);
}

std::string show_in_unit(double value, const ParameterDef& p) {
  return show_number(value) + (p.unit.empty() ? "" : " " + p.unit);
}

// The SI interval a random parameter can take; an unbounded side is nullopt.
std::pair<std::optional<double>, std::optional<double>> random_support(const ParameterDef& p) {
  if (p.kind == ParameterDef::Kind::kUniform) return {p.si(p.a), p.si(p.b)};
  std::optional<double> lo, hi;
  if (p.min) lo = p.si(*p.min);
  if (p.max) hi = p.si(*p.max);
  return {lo, hi};
}

// Checks that every value a grid parameter takes lies within the field's limits.
Status check_grid_support(const At& at, const Quantity& q, const ParameterDef& p) {
  for (double v : p.values) {
    const double si = p.si(v);
    if (within(q.limits, si)) continue;
    return at.error(at.label + " must be " + limits_text(q.limits, q.dimension) +
                    ", but parameter " + in_quotes(p.name) + " takes the value " +
                    show_in_unit(v, p) + " (" + show_si(si, q.dimension) + ")");
  }
  return {};
}

// Checks that the interval a random parameter is drawn from lies within the field's limits.
Status check_random_support(const At& at, const Quantity& q, const ParameterDef& p) {
  const Limits& l = q.limits;
  const auto [lo, hi] = random_support(p);
  const std::string must =
      at.label + " must be " + limits_text(l, q.dimension) + ", but parameter " + in_quotes(p.name);
  const bool band = l.nonzero || l.min_magnitude > 0.0;
  if ((l.lo || band) && !lo)
    return at.error(must + " is a normal without \"min\"; give it \"min\" and \"max\"");
  if ((l.hi || band) && !hi)
    return at.error(must + " is a normal without \"max\"; give it \"min\" and \"max\"");
  if (lo && hi) {
    const bool bounds_ok = above_lower(l, *lo) && below_upper(l, *hi);
    const bool zero_ok = !l.nonzero || *lo > 0.0 || *hi < 0.0;
    const double m = l.min_magnitude;
    const bool band_ok = m <= 0.0 || *lo >= m - slack(m) || *hi <= -m + slack(m);
    if (!(bounds_ok && zero_ok && band_ok)) {
      return at.error(must + " is drawn from " + show_si(*lo, q.dimension) + " to " +
                      show_si(*hi, q.dimension));
    }
  } else if ((lo && !above_lower(l, *lo)) || (hi && !below_upper(l, *hi))) {
    return at.error(must + " can be " + show_si(lo ? *lo : *hi, q.dimension));
  }
  return {};
}

// Resolves "$name" against the scenario's parameters and checks dimension and support.
Status read_reference(const At& at, const Quantity& q, const Context& c, std::string_view text,
                      Number& out) {
  const std::string_view name = text.substr(1);
  if (!is_parameter_name(name)) {
    return at.error(at.label + ": " + show_json(*at.value) +
                    " is not a parameter reference; names match [a-z_][a-z0-9_]*");
  }
  const ParameterDef* p = c.find_parameter(name);
  if (p == nullptr) {
    std::vector<std::string> names;
    for (const auto& def : c.s.parameters) names.push_back(def.name);
    const std::string known =
        names.empty() ? "the scenario defines no parameters" : "parameters: " + join_quoted(names);
    return at.error("unknown parameter " + in_quotes(name) + " in " + at.label +
                    suggestion(name, names) + "; " + known);
  }
  if (!dimension_fits(q.dimension, p->dimension)) {
    const std::string has = p->dimension == Dimension::kNone
                                ? "has no unit"
                                : "is " + with_article(units::dimension_name(p->dimension)) +
                                      " (unit " + in_quotes(p->unit) + ")";
    return at.error(at.label + " expects " + with_article(units::dimension_name(q.dimension)) +
                    ", but parameter " + in_quotes(p->name) + " " + has + "; " +
                    std::string(units::dimension_name(q.dimension)) +
                    " units: " + units::accepted_units(q.dimension));
  }
  SCENARIO_TRY(p->is_random() ? check_random_support(at, q, *p) : check_grid_support(at, q, *p));
  out.param = p->name;
  return {};
}

// A numeric field: SI number, "<number> <unit>" or "$param".
Status read_number(const At& at, const Quantity& q, const Context& c, Number& out) {
  out = Number{};
  out.pointer = at.pointer;
  out.dimension = q.dimension;
  const json& v = *at.value;
  if (v.is_number()) {
    out.si = v.get<double>();
    if (!std::isfinite(out.si)) return at.error(at.label + " must be a finite number");
  } else if (v.is_string()) {
    const std::string text = v.get<std::string>();
    if (!text.empty() && text[0] == '$') return read_reference(at, q, c, text, out);
    SCENARIO_TRY(parse_quantity_text(at, q.dimension, true, text, out.si));
  } else {
    return at.error(expects(at, q.dimension, true) + "; got " + show_json(v));
  }
  return check_limits(at, q, out.si);
}

// A Number with a default value, located where the missing key would be.
Number default_number(double si, Dimension d, std::string pointer) {
  Number n = Number::literal(si, d);
  n.pointer = std::move(pointer);
  return n;
}

// An optional numeric member: read when present, the default otherwise.
Status read_optional_number(const Object& o, std::string_view key, const Quantity& q,
                            const Context& c, double default_si, Number& out) {
  if (o.has(key)) return read_number(o.get(key), q, c, out);
  out = default_number(default_si, q.dimension, pointer_append(o.at().pointer, key));
  return {};
}

Status read_required_number(const Object& o, std::string_view key, const Quantity& q,
                            const Context& c, Number& out) {
  auto at = o.require(key);
  if (!at) return at.error();
  return read_number(*at, q, c, out);
}

}  // namespace assay::scenario::reader
