// Parser and validator for "assay.scenario/1" files. Every reader gets the value together with
// its JSON pointer (an `At`), so every error names file:line:col and the pointer. The first error
// found is returned; checks run section by section in a fixed order, so the result is
// deterministic. The format is documented in docs/scenario-format.md.
#include "harness/scenario.h"

#include "harness/scenario_sensors.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace assay::scenario {
namespace {

using nlohmann::json;
using units::Dimension;

// Returns the error of a failed Status or Result from the enclosing function.
#define SCENARIO_TRY(expr)                              \
  do {                                                  \
    if (auto try_result_ = (expr); !try_result_.ok()) { \
      return try_result_.error();                       \
    }                                                   \
  } while (false)

constexpr std::array<std::string_view, 4> kVehicleModels = {"kinematic", "dynamic-linear",
                                                            "dynamic-pacejka", "bullet"};
// The built-in parameter sets of sim/vehicle/vehicle_params.cc. Repeated here because the
// scenario library must not depend on the simulator (lint and the fuzz target link only this).
constexpr std::array<std::string_view, 3> kVehicles = {"bmw-320i", "ford-escort", "vw-vanagon"};
constexpr std::array<std::string_view, 3> kBehaviourTypes = {"hold_speed", "change_speed",
                                                             "lane_change"};
constexpr std::array<std::string_view, 11> kOracleTypes = {
    "collision", "impact_speed_band",     "min_ttc", "min_time_headway", "max_deceleration",
    "max_jerk",  "stopped_before_contact", "stl",    "rss",              "r157_following_distance",
    "r157_cut_in"};
// RSS parameter sets (oracles/safety_metrics.cc, driving-protocols.md §3).
constexpr std::array<std::string_view, 2> kRssSets = {"intel-default", "r157-jrc"};
constexpr std::array<std::string_view, 1> kBandTables = {"euro-ncap-2026"};
constexpr std::array<std::string_view, 4> kColours = {"green", "yellow", "orange", "brown"};

// Bullet's fixed internal step is 1/200 s; the scenario step must be a whole number of them.
constexpr double kBulletStep = 0.005;
// Truncated normals are redrawn until inside [min, max]; below this probability mass the
// redrawing would take too long to be a sensible space.
constexpr double kMinNormalMass = 0.01;
// Range expansion tolerates this much float drift (in steps) at the upper end.
constexpr double kRangeSlack = 1e-9;

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

// "a", "b", "c" — at most 20 names, so a message stays readable whatever the file declares.
template <class Names>
std::string join_quoted(const Names& names) {
  constexpr std::size_t kShown = 20;
  std::string out;
  std::size_t count = 0;
  for (const auto& n : names) {
    if (count++ == kShown) {
      out += ", ... (" + std::to_string(std::size(names) - kShown) + " more)";
      break;
    }
    if (!out.empty()) out += ", ";
    out += in_quotes(n);
  }
  return out;
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

// " (did you mean "x"?)" when one allowed name is close to the unknown one.
template <class Names>
std::string suggestion(std::string_view unknown, const Names& names) {
  std::string best;
  // Suggest only within two edits, never a name that replaces every letter of the unknown one,
  // and skip long names, whose distance would cost more than the hint is worth.
  if (unknown.size() > 64) return "";
  std::size_t best_distance = std::min<std::size_t>(3, unknown.size());
  for (const auto& n : names) {
    if (std::string_view(n).size() > 64) continue;
    const std::size_t d = edit_distance(unknown, n);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(n);
    }
  }
  return best.empty() ? "" : " (did you mean " + in_quotes(best) + "?)";
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

// ---------------------------------------------------------------------------------------------
// Located values

// A JSON value and where it is. Every reader takes one, so every error is located.
struct At {
  const JsonDocument* doc = nullptr;
  const json* value = nullptr;
  std::string pointer;
  std::string label;  // how messages name it: "\"speed\"", "element 2 of \"tags\""

  [[nodiscard]] At member(std::string_view key) const {
    return {doc, &*value->find(std::string(key)), pointer_append(pointer, key), in_quotes(key)};
  }
  [[nodiscard]] At element(std::size_t i) const {
    return {doc, &(*value)[i], pointer_append(pointer, i),
            "element " + std::to_string(i) + " of " + label};
  }
  [[nodiscard]] Error error(std::string message) const {
    return doc->error_at(pointer, std::move(message));
  }
  [[nodiscard]] Error key_error(std::string message) const {
    return doc->error_at_key(pointer, std::move(message));
  }
  [[nodiscard]] Error type_error(std::string_view expected) const {
    return error(label + " expects " + std::string(expected) + "; got " + show_json(*value));
  }
};

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

// One JSON object being read: its key set is checked once, then members are handed out.
class Object {
 public:
  /// Opens `at` as an object whose keys must all be in `allowed`; `what` names it in messages.
  static Result<Object> open(const At& at, const std::vector<std::string_view>& allowed,
                             std::string what) {
    if (!at.value->is_object()) return at.type_error("an object");
    Object o(at, std::move(what));
    for (const std::string& key : keys_in_file_order(at)) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      return at.member(key).key_error("unknown key " + in_quotes(key) + " in " + o.what_ +
                                      suggestion(key, allowed) +
                                      "; allowed keys: " + join_quoted(allowed));
    }
    return o;
  }

  [[nodiscard]] bool has(std::string_view key) const {
    return at_.value->contains(std::string(key));
  }
  /// The member `key`; call only when has(key).
  [[nodiscard]] At get(std::string_view key) const { return at_.member(key); }
  [[nodiscard]] const At& at() const { return at_; }
  [[nodiscard]] const std::string& what() const { return what_; }

  /// The member `key`, or an error located at this object when it is missing.
  [[nodiscard]] Result<At> require(std::string_view key) const {
    if (!has(key)) return at_.error("missing required key " + in_quotes(key) + " in " + what_);
    return get(key);
  }

  /// Which of `keys` is present (empty when none); an error when more than one is, or when
  /// none is and `required`.
  Status exactly_one(std::initializer_list<std::string_view> keys, bool required,
                     std::string& chosen) const {
    chosen.clear();
    for (const std::string& key : keys_in_file_order(at_)) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
      if (!chosen.empty()) {
        return get(key).key_error(in_quotes(chosen) + " and " + in_quotes(key) +
                                  " cannot both be given; " + what_ + " takes exactly one of " +
                                  join_quoted(keys));
      }
      chosen = key;
    }
    if (chosen.empty() && required) {
      return at_.error(what_ + " needs exactly one of " + join_quoted(keys));
    }
    return {};
  }

 private:
  Object(At at, std::string what) : at_(std::move(at)), what_(std::move(what)) {}
  At at_;
  std::string what_;
};

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

template <class Names>
Status read_choice(const At& at, const Names& choices, std::string_view what, std::string& out) {
  SCENARIO_TRY(read_string(at, out));
  if (std::find(choices.begin(), choices.end(), out) != choices.end()) return {};
  return at.error("unknown " + std::string(what) + " " + in_quotes(out) + suggestion(out, choices) +
                  "; expected one of " + join_quoted(choices));
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
  if (!std::isfinite(out * p.to_si)) {
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

// ---------------------------------------------------------------------------------------------
// Quantities: numbers with a dimension, written as SI numbers, "<number> <unit>" or "$param"

// Allowed values of a field, in SI units.
struct Limits {
  std::optional<double> lo, hi;
  bool lo_open = false;
  bool hi_open = false;
  bool nonzero = false;
  double min_magnitude = 0.0;  // |x| must be at least this, when > 0
};

constexpr Limits no_limits() {
  return Limits{};
}
constexpr Limits from_to(double lo, double hi) {
  Limits l;
  l.lo = lo;
  l.hi = hi;
  return l;
}
constexpr Limits at_least(double lo) {
  Limits l;
  l.lo = lo;
  return l;
}
constexpr Limits above(double lo) {
  Limits l;
  l.lo = lo;
  l.lo_open = true;
  return l;
}
constexpr Limits above_to(double lo, double hi) {
  Limits l = above(lo);
  l.hi = hi;
  return l;
}
constexpr Limits not_zero() {
  Limits l;
  l.nonzero = true;
  return l;
}

struct Quantity {
  Dimension dimension;
  Limits limits;
};

const Quantity kSpeedField{Dimension::kSpeed, from_to(0.0, 100.0)};
const Quantity kPositiveSpeed{Dimension::kSpeed, above_to(0.0, 100.0)};
const Quantity kAnyLength{Dimension::kLength, no_limits()};
const Quantity kNonNegativeLength{Dimension::kLength, at_least(0.0)};
const Quantity kPositiveLength{Dimension::kLength, above(0.0)};
const Quantity kNonZeroLength{Dimension::kLength, not_zero()};
const Quantity kNonNegativeTime{Dimension::kTime, at_least(0.0)};
const Quantity kPositiveTime{Dimension::kTime, above(0.0)};
const Quantity kPositiveAcceleration{Dimension::kAcceleration, above(0.0)};
const Quantity kPositiveJerk{Dimension::kJerk, above(0.0)};
const Quantity kStepField{Dimension::kTime, above_to(0.0, 0.1)};
const Quantity kDurationField{Dimension::kTime, above_to(0.0, 3600.0)};
const Quantity kLaneWidthField{Dimension::kLength, from_to(2.0, 6.0)};
const Quantity kFootprintLength{Dimension::kLength, above_to(0.0, 30.0)};
const Quantity kFootprintWidth{Dimension::kLength, above_to(0.0, 5.0)};

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
        Dimension::kJerk, Dimension::kAngle, Dimension::kAngularRate, Dimension::kRatio}) {
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
  si = value * info->to_si;
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
  if (p.kind == ParameterDef::Kind::kUniform) return {p.a * p.to_si, p.b * p.to_si};
  std::optional<double> lo, hi;
  if (p.min) lo = *p.min * p.to_si;
  if (p.max) hi = *p.max * p.to_si;
  return {lo, hi};
}

// Checks that every value a grid parameter takes lies within the field's limits.
Status check_grid_support(const At& at, const Quantity& q, const ParameterDef& p) {
  for (double v : p.values) {
    const double si = v * p.to_si;
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

// The scenario being built, with indexes of the names later sections refer to, so lookups stay
// fast however many parameters and targets a (possibly hostile) file declares.
struct Context {
  Scenario& s;
  std::map<std::string, const ParameterDef*, std::less<>> parameters;  // after "parameters"
  std::set<std::string, std::less<>> target_ids;                       // grows with "targets"

  [[nodiscard]] const ParameterDef* find_parameter(std::string_view name) const {
    const auto it = parameters.find(name);
    return it == parameters.end() ? nullptr : it->second;
  }
};

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

// ---------------------------------------------------------------------------------------------
// Parameters

Status read_parameter_unit(const Object& o, ParameterDef& p) {
  if (!o.has("unit")) return {};
  const At at = o.get("unit");
  SCENARIO_TRY(read_string(at, p.unit));
  const auto info = units::find_unit(p.unit);
  if (!info) {
    return at.error("unknown unit " + in_quotes(p.unit) +
                    "; known units by dimension: " + all_units());
  }
  p.dimension = info->dimension;
  p.to_si = info->to_si;
  return {};
}

Status read_set(const At& at, ParameterDef& p) {
  if (!at.value->is_array()) return at.type_error("an array of numbers");
  if (at.value->empty()) return at.error(at.label + " must not be empty");
  std::set<double> seen;
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    double v = 0.0;
    const At element = at.element(i);
    SCENARIO_TRY(read_plain_number(element, p, v));
    if (!seen.insert(v).second) {
      return element.error(element.label + ": the value " + show_number(v) +
                           " appears twice; each value makes its own cases");
    }
    p.values.push_back(v);
  }
  return {};
}

Status read_range(const At& at, ParameterDef& p) {
  auto o = Object::open(at, {"from", "to", "step"}, "range of parameter " + in_quotes(p.name));
  if (!o) return o.error();
  std::array<double, 3> bounds = {0.0, 0.0, 0.0};
  const std::array<std::string_view, 3> keys = {"from", "to", "step"};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto member = o->require(keys[i]);
    if (!member) return member.error();
    SCENARIO_TRY(read_plain_number(*member, p, bounds[i]));
  }
  const double from = bounds[0], to = bounds[1], step = bounds[2];
  if (!(step > 0.0)) return o->get("step").error("\"step\" must be greater than 0");
  if (from > to)
    return o->get("to").error("\"to\" must be at least \"from\" (" + show_number(from) + ")");
  const double count = std::floor((to - from) / step + kRangeSlack) + 1.0;
  if (!(count <= static_cast<double>(kMaxCases))) {
    return at.error("range of parameter " + in_quotes(p.name) + " has " + show_number(count) +
                    " values; a scenario may have at most " + std::to_string(kMaxCases) + " cases");
  }
  const auto n = static_cast<std::size_t>(count);
  p.values.reserve(n);
  // from + i·step, not repeated addition, so errors do not accumulate along the grid.
  for (std::size_t i = 0; i < n; ++i) p.values.push_back(from + static_cast<double>(i) * step);
  return {};
}

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

Status read_uniform(const At& at, ParameterDef& p) {
  auto o = Object::open(at, {"min", "max"}, "uniform parameter " + in_quotes(p.name));
  if (!o) return o.error();
  for (auto [key, out] : {std::pair{"min", &p.a}, std::pair{"max", &p.b}}) {
    auto member = o->require(key);
    if (!member) return member.error();
    SCENARIO_TRY(read_plain_number(*member, p, *out));
  }
  if (!(p.a < p.b)) {
    return o->get("max").error("\"max\" must be greater than \"min\" (" + show_number(p.a) + ")");
  }
  return {};
}

// Fraction of a normal's mass inside its truncation bounds.
double normal_mass(const ParameterDef& p) {
  const double lo = p.min ? normal_cdf((*p.min - p.a) / p.b) : 0.0;
  const double hi = p.max ? normal_cdf((*p.max - p.a) / p.b) : 1.0;
  return hi - lo;
}

Status read_normal(const At& at, ParameterDef& p) {
  auto o =
      Object::open(at, {"mean", "stdev", "min", "max"}, "normal parameter " + in_quotes(p.name));
  if (!o) return o.error();
  for (auto [key, out] : {std::pair{"mean", &p.a}, std::pair{"stdev", &p.b}}) {
    auto member = o->require(key);
    if (!member) return member.error();
    SCENARIO_TRY(read_plain_number(*member, p, *out));
  }
  if (!(p.b > 0.0)) return o->get("stdev").error("\"stdev\" must be greater than 0");
  for (auto [key, out] : {std::pair{"min", &p.min}, std::pair{"max", &p.max}}) {
    if (!o->has(key)) continue;
    double v = 0.0;
    SCENARIO_TRY(read_plain_number(o->get(key), p, v));
    *out = v;
  }
  if (p.min && p.max && !(*p.min < *p.max)) {
    return o->get("max").error("\"max\" must be greater than \"min\" (" + show_number(*p.min) +
                               ")");
  }
  if (const double mass = normal_mass(p); mass < kMinNormalMass) {
    return at.error("normal parameter " + in_quotes(p.name) + " keeps only " +
                    show_number(mass * 100.0) + " % of its draws inside [min, max] (at least " +
                    show_number(kMinNormalMass * 100.0) +
                    " % needed, since draws outside are redrawn); move the bounds towards the "
                    "mean or widen them");
  }
  return {};
}

Status read_parameter(const At& at, const std::string& name, ParameterDef& p) {
  if (!is_parameter_name(name)) {
    return at.key_error("parameter name " + in_quotes(name) + " must match [a-z_][a-z0-9_]*");
  }
  p.name = name;
  p.pointer = at.pointer;
  auto o = Object::open(at, {"unit", "set", "range", "uniform", "normal"},
                        "parameter " + in_quotes(name));
  if (!o) return o.error();
  SCENARIO_TRY(read_parameter_unit(*o, p));
  std::string kind;
  SCENARIO_TRY(o->exactly_one({"set", "range", "uniform", "normal"}, true, kind));
  const At value = o->get(kind);
  if (kind == "set") {
    p.kind = ParameterDef::Kind::kSet;
    return read_set(value, p);
  }
  if (kind == "range") {
    p.kind = ParameterDef::Kind::kRange;
    return read_range(value, p);
  }
  if (kind == "uniform") {
    p.kind = ParameterDef::Kind::kUniform;
    return read_uniform(value, p);
  }
  p.kind = ParameterDef::Kind::kNormal;
  return read_normal(value, p);
}

Status read_parameters(const Object& root, Context& c) {
  if (!root.has("parameters")) return {};
  const At at = root.get("parameters");
  if (!at.value->is_object()) return at.type_error("an object of parameter definitions");
  std::uint64_t grid = 1;
  for (const std::string& name : keys_in_file_order(at)) {
    ParameterDef p;
    const At member = at.member(name);
    SCENARIO_TRY(read_parameter(member, name, p));
    if (!p.is_random()) grid *= p.values.size();  // both ≤ kMaxCases: no overflow
    if (grid > kMaxCases) {
      return member.key_error("with parameter " + in_quotes(name) + " the grid has " +
                              std::to_string(grid) + " points; a scenario may have at most " +
                              std::to_string(kMaxCases) + " cases");
    }
    c.s.parameters.push_back(std::move(p));
  }
  // Indexed only now: pushing into the vector above may move its elements.
  for (const ParameterDef& p : c.s.parameters) c.parameters.emplace(p.name, &p);
  return {};
}

Status read_samples(const Object& root, Context& c) {
  if (!root.has("samples")) return {};
  const At at = root.get("samples");
  std::int64_t n = 1;
  SCENARIO_TRY(read_int(at, 1, static_cast<std::int64_t>(kMaxCases), n));
  const bool any_random = std::any_of(c.s.parameters.begin(), c.s.parameters.end(),
                                      [](const ParameterDef& p) { return p.is_random(); });
  if (n > 1 && !any_random) {
    return at.error("\"samples\" is " + std::to_string(n) +
                    ", but no parameter is random (uniform or normal), so every sample would "
                    "repeat the same case");
  }
  const std::uint64_t cases = c.s.grid_size() * static_cast<std::uint64_t>(n);
  if (cases > kMaxCases) {
    return at.error(std::to_string(c.s.grid_size()) + " grid points × " + std::to_string(n) +
                    " samples make " + std::to_string(cases) +
                    " cases; a scenario may have at most " + std::to_string(kMaxCases));
  }
  c.s.samples = static_cast<std::uint64_t>(n);
  return {};
}

// ---------------------------------------------------------------------------------------------
// World

Status read_simulator(const Object& root, Context& c) {
  auto at = root.require("simulator");
  if (!at) return at.error();
  auto o = Object::open(*at, {"vehicle_model", "dt", "duration"}, "\"simulator\"");
  if (!o) return o.error();
  Simulator& sim = c.s.simulator;
  if (o->has("vehicle_model")) {
    SCENARIO_TRY(
        read_choice(o->get("vehicle_model"), kVehicleModels, "vehicle model", sim.vehicle_model));
  }
  if (o->has("dt")) SCENARIO_TRY(read_literal(o->get("dt"), kStepField, sim.dt));
  const double steps = sim.dt / kBulletStep;
  if (sim.vehicle_model == "bullet" && std::abs(steps - std::round(steps)) > 1e-6) {
    const At where = o->has("dt") ? o->get("dt") : *at;
    return where.error(
        "with vehicle_model \"bullet\", \"dt\" must be a multiple of 0.005 s "
        "(Bullet's internal step); got " +
        show_si(sim.dt, Dimension::kTime));
  }
  auto duration = o->require("duration");
  if (!duration) return duration.error();
  SCENARIO_TRY(read_literal(*duration, kDurationField, sim.duration));
  if (sim.duration < sim.dt) {
    return duration->error("\"duration\" must be at least \"dt\" (" +
                           show_si(sim.dt, Dimension::kTime) + ")");
  }
  return {};
}

Status read_road(const Object& root, Context& c) {
  if (!root.has("road")) return {};
  const At at = root.get("road");
  if (at.value->is_object() && at.value->contains("curvature")) {
    return at.member("curvature")
        .key_error(
            "road curvature is reserved for a later format version; assay.scenario/1 roads are "
            "straight");
  }
  auto o = Object::open(at, {"lanes", "lane_width"}, "\"road\"");
  if (!o) return o.error();
  if (o->has("lanes")) {
    std::int64_t lanes = 1;
    SCENARIO_TRY(read_int(o->get("lanes"), 1, 8, lanes));
    c.s.road.lanes = static_cast<int>(lanes);
  }
  if (o->has("lane_width")) {
    SCENARIO_TRY(read_literal(o->get("lane_width"), kLaneWidthField, c.s.road.lane_width));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Actors

Status read_lane(const Object& o, const Context& c, int default_lane, int& lane) {
  if (!o.has("lane")) {
    lane = default_lane;
    return {};
  }
  const At at = o.get("lane");
  std::int64_t v = 0;
  SCENARIO_TRY(read_int(at, 0, 7, v));
  if (v >= c.s.road.lanes) {
    const std::string lanes = c.s.road.lanes == 1
                                  ? "1 lane (lane 0)"
                                  : std::to_string(c.s.road.lanes) + " lanes (0 to " +
                                        std::to_string(c.s.road.lanes - 1) + ")";
    return at.error("\"lane\" is " + std::to_string(v) + ", but the road has " + lanes +
                    "; lane 0 is the rightmost");
  }
  lane = static_cast<int>(v);
  return {};
}

Status check_target_id(const At& at, const Context& c, const std::string& id) {
  if (c.target_ids.contains(id)) return {};
  std::vector<std::string> ids;
  for (const Actor& t : c.s.targets) ids.push_back(t.id);
  const std::string known =
      ids.empty() ? "the scenario has no targets" : "targets: " + join_quoted(ids);
  return at.error("unknown target " + in_quotes(id) + suggestion(id, ids) + "; " + known);
}

Status read_ego(const Object& root, Context& c) {
  auto at = root.require("ego");
  if (!at) return at.error();
  auto o = Object::open(*at, {"id", "vehicle", "lane", "lateral_offset", "speed", "s"}, "\"ego\"");
  if (!o) return o.error();
  Actor& ego = c.s.ego;
  ego.pointer = at->pointer;
  ego.id = "ego";
  if (o->has("id")) {
    std::string id;
    SCENARIO_TRY(read_string(o->get("id"), id));
    if (id != "ego") {
      return o->get("id").error("the ego's \"id\" is always \"ego\"; got " + in_quotes(id));
    }
  }
  auto vehicle = o->require("vehicle");
  if (!vehicle) return vehicle.error();
  SCENARIO_TRY(read_choice(*vehicle, kVehicles, "vehicle", ego.vehicle));
  SCENARIO_TRY(read_lane(*o, c, 0, ego.lane));
  SCENARIO_TRY(read_optional_number(*o, "lateral_offset", kAnyLength, c, 0.0, ego.lateral_offset));
  SCENARIO_TRY(read_required_number(*o, "speed", kSpeedField, c, ego.speed));
  ego.placement.kind = Placement::Kind::kPosition;
  return read_optional_number(*o, "s", kAnyLength, c, 0.0, ego.placement.value);
}

Status read_size(const At& at, Actor& a) {
  auto o = Object::open(at, {"length", "width"}, "\"size\"");
  if (!o) return o.error();
  double length = 0.0, width = 0.0;
  auto l = o->require("length");
  if (!l) return l.error();
  SCENARIO_TRY(read_literal(*l, kFootprintLength, length));
  auto w = o->require("width");
  if (!w) return w.error();
  SCENARIO_TRY(read_literal(*w, kFootprintWidth, width));
  a.length = length;
  a.width = width;
  return {};
}

Status read_footprint(const Object& o, Actor& a) {
  std::string key;
  SCENARIO_TRY(o.exactly_one({"vehicle", "size"}, true, key));
  if (key == "vehicle") return read_choice(o.get(key), kVehicles, "vehicle", a.vehicle);
  return read_size(o.get(key), a);
}

// Lateral position: "overlap" (which keeps the target in the ego's lane) or "lateral_offset".
Status read_lateral(const Object& o, const Context& c, Actor& a) {
  std::string key;
  SCENARIO_TRY(o.exactly_one({"lateral_offset", "overlap"}, false, key));
  a.lateral_offset =
      default_number(0.0, Dimension::kLength, pointer_append(o.at().pointer, "lateral_offset"));
  if (key == "lateral_offset") {
    SCENARIO_TRY(read_number(o.get(key), kAnyLength, c, a.lateral_offset));
  } else if (key == "overlap") {
    Number overlap;
    SCENARIO_TRY(read_number(o.get(key), overlap_field(), c, overlap));
    a.overlap = overlap;
  }
  SCENARIO_TRY(read_lane(o, c, c.s.ego.lane, a.lane));
  if (a.overlap && a.lane != c.s.ego.lane) {
    return o.get("lane").error("a target placed by \"overlap\" is in the ego's lane (" +
                               std::to_string(c.s.ego.lane) +
                               "); remove \"lane\" or use \"lateral_offset\"");
  }
  return {};
}

Status read_placement(const Object& o, const Context& c, Placement& p) {
  std::string key;
  SCENARIO_TRY(o.exactly_one({"s", "gap", "ttc", "headway"}, true, key));
  const At at = o.get(key);
  if (key == "s") {
    p.kind = Placement::Kind::kPosition;
    return read_number(at, kAnyLength, c, p.value);
  }
  if (key == "gap") {
    p.kind = Placement::Kind::kGap;
    return read_number(at, kNonNegativeLength, c, p.value);
  }
  p.kind = key == "ttc" ? Placement::Kind::kTtc : Placement::Kind::kHeadway;
  return read_number(at, kPositiveTime, c, p.value);
}

// An object with a required "type" from `types`; returns the type.
template <class Names>
Status read_type(const At& at, const Names& types, const std::string& what, std::string& type) {
  if (!at.value->is_object()) return at.type_error("an object");
  if (!at.value->contains("type")) {
    return at.error("missing required key \"type\" in " + what + "; types: " + join_quoted(types));
  }
  return read_choice(at.member("type"), types, what + " type", type);
}

Status read_trigger(const Object& o, const Context& c, Trigger& t) {
  const std::string pointer = pointer_append(o.at().pointer, "trigger");
  t.kind = Trigger::Kind::kStart;
  t.value = default_number(0.0, Dimension::kTime, pointer);
  if (!o.has("trigger")) return {};
  auto to = Object::open(o.get("trigger"), {"time", "gap_below", "ttc_below"}, "\"trigger\"");
  if (!to) return to.error();
  std::string key;
  SCENARIO_TRY(to->exactly_one({"time", "gap_below", "ttc_below"}, true, key));
  const At at = to->get(key);
  if (key == "time") {
    t.kind = Trigger::Kind::kTime;
    return read_number(at, kNonNegativeTime, c, t.value);
  }
  if (key == "gap_below") {
    t.kind = Trigger::Kind::kGapBelow;
    return read_number(at, kPositiveLength, c, t.value);
  }
  t.kind = Trigger::Kind::kTtcBelow;
  return read_number(at, kPositiveTime, c, t.value);
}

Status read_change_speed(const Object& o, const Context& c, Behaviour& b) {
  b.kind = Behaviour::Kind::kChangeSpeed;
  SCENARIO_TRY(read_required_number(o, "to", kSpeedField, c, b.target_speed));
  SCENARIO_TRY(read_required_number(o, "rate", kPositiveAcceleration, c, b.rate));
  return read_optional_number(o, "ramp", kNonNegativeTime, c, 0.0, b.ramp);
}

Status read_lane_change(const Object& o, const Context& c, Behaviour& b) {
  b.kind = Behaviour::Kind::kLaneChange;
  SCENARIO_TRY(read_required_number(o, "offset", kNonZeroLength, c, b.offset));
  std::string key;
  SCENARIO_TRY(o.exactly_one({"lateral_speed", "duration"}, true, key));
  Number n;
  if (key == "lateral_speed") {
    SCENARIO_TRY(read_number(o.get(key), kPositiveSpeed, c, n));
    b.lateral_speed = n;
  } else {
    SCENARIO_TRY(read_number(o.get(key), kPositiveTime, c, n));
    b.duration = n;
  }
  return {};
}

std::vector<std::string_view> behaviour_keys(std::string_view type) {
  if (type == "change_speed") return {"type", "trigger", "to", "rate", "ramp"};
  if (type == "lane_change") return {"type", "trigger", "offset", "lateral_speed", "duration"};
  return {"type", "trigger"};
}

Status read_behaviour(const At& at, const Context& c, Behaviour& b) {
  b.pointer = at.pointer;
  std::string type;
  SCENARIO_TRY(read_type(at, kBehaviourTypes, "behaviour", type));
  auto o = Object::open(at, behaviour_keys(type), "behaviour " + in_quotes(type));
  if (!o) return o.error();
  SCENARIO_TRY(read_trigger(*o, c, b.trigger));
  if (type == "change_speed") return read_change_speed(*o, c, b);
  if (type == "lane_change") return read_lane_change(*o, c, b);
  b.kind = Behaviour::Kind::kHoldSpeed;
  return {};
}

Status read_behaviours(const Object& o, const Context& c, Actor& a) {
  if (!o.has("behaviours")) return {};
  const At at = o.get("behaviours");
  if (!at.value->is_array()) return at.type_error("an array of behaviours");
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    Behaviour b;
    SCENARIO_TRY(read_behaviour(at.element(i), c, b));
    a.behaviours.push_back(std::move(b));
  }
  return {};
}

Status read_target(const At& at, const Context& c, Actor& a) {
  auto o = Object::open(at,
                        {"id", "vehicle", "size", "lane", "lateral_offset", "overlap", "speed", "s",
                         "gap", "ttc", "headway", "behaviours"},
                        "target");
  if (!o) return o.error();
  a.pointer = at.pointer;
  auto id = o->require("id");
  if (!id) return id.error();
  SCENARIO_TRY(read_id(*id, a.id));
  if (a.id == "ego") return id->error("\"ego\" names the ego; give the target another id");
  SCENARIO_TRY(read_footprint(*o, a));
  SCENARIO_TRY(read_lateral(*o, c, a));
  SCENARIO_TRY(read_required_number(*o, "speed", kSpeedField, c, a.speed));
  SCENARIO_TRY(read_placement(*o, c, a.placement));
  return read_behaviours(*o, c, a);
}

Status read_targets(const Object& root, Context& c) {
  if (!root.has("targets")) return {};
  const At at = root.get("targets");
  if (!at.value->is_array()) return at.type_error("an array of targets");
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    Actor a;
    const At element = at.element(i);
    SCENARIO_TRY(read_target(element, c, a));
    if (!c.target_ids.insert(a.id).second) {
      return element.member("id").error("duplicate target id " + in_quotes(a.id));
    }
    c.s.targets.push_back(std::move(a));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Oracles and end conditions

bool judges_ego_only(std::string_view type) {
  return type == "max_deceleration" || type == "max_jerk";
}

std::vector<std::string_view> oracle_keys(std::string_view type) {
  std::vector<std::string_view> keys = {"type", "id", "requirements"};
  if (type == "stl") {
    keys.push_back("formula");
    return keys;
  }
  if (!judges_ego_only(type)) keys.push_back("target");
  if (type == "collision" || judges_ego_only(type)) keys.push_back("max");
  if (type == "rss") keys.push_back("parameters");
  if (type == "min_ttc" || type == "min_time_headway") keys.push_back("min");
  if (type == "impact_speed_band") {
    keys.insert(keys.end(), {"table", "test_speed", "pass", "relative"});
  }
  return keys;
}

Status read_oracle_target(const Object& o, const Context& c, OracleSpec& spec) {
  if (judges_ego_only(spec.type) || spec.type == "stl") return {};
  if (o.has("target")) {
    const At at = o.get("target");
    SCENARIO_TRY(read_string(at, spec.target));
    return check_target_id(at, c, spec.target);
  }
  if (c.s.targets.empty()) {
    return o.at().error("oracle " + in_quotes(spec.type) +
                        " judges the ego against a target, but the scenario has no targets");
  }
  spec.target = c.s.targets.front().id;
  return {};
}

Status read_impact_band(const Object& o, const Context& c, OracleSpec& spec) {
  auto table = o.require("table");
  if (!table) return table.error();
  SCENARIO_TRY(read_choice(*table, kBandTables, "colour-band table", spec.table));
  SCENARIO_TRY(read_required_number(o, "test_speed", kPositiveSpeed, c, spec.test_speed));
  auto pass = o.require("pass");
  if (!pass) return pass.error();
  SCENARIO_TRY(read_choice(*pass, kColours, "colour", spec.pass_colour));
  if (o.has("relative")) SCENARIO_TRY(read_bool(o.get("relative"), spec.relative));
  return {};
}

// The formula is parsed here so lint reports its errors: the message names the column inside
// the formula and the location is the string's file:line:col. "$name" must be a parameter.
Status read_stl_formula(const Object& o, const Context& c, OracleSpec& spec) {
  auto at = o.require("formula");
  if (!at) return at.error();
  SCENARIO_TRY(read_string(*at, spec.formula));
  auto f = stl::parse(spec.formula);
  if (!f) {
    const int column = f.error().where.column;
    return at->error("formula column " + std::to_string(column) + ": " + f.error().message +
                     "\n" + stl::caret_line(spec.formula, column));
  }
  for (const auto& name : f->params()) {
    if (!c.find_parameter(name)) {
      return at->error("formula uses \"$" + name + "\", which is not a parameter of the scenario");
    }
  }
  spec.stl = std::make_shared<const stl::Formula>(std::move(*f));
  return {};
}

Status read_oracle_criterion(const Object& o, const Context& c, OracleSpec& spec) {
  const std::string& type = spec.type;
  Number n;
  if (type == "collision") {
    if (!o.has("max")) return {};
    SCENARIO_TRY(read_number(o.get("max"), kSpeedField, c, n));
    spec.max = n;
  } else if (type == "impact_speed_band") {
    return read_impact_band(o, c, spec);
  } else if (type == "min_ttc" || type == "min_time_headway") {
    SCENARIO_TRY(read_required_number(o, "min", kPositiveTime, c, n));
    spec.min = n;
  } else if (type == "max_deceleration") {
    SCENARIO_TRY(read_required_number(o, "max", kPositiveAcceleration, c, n));
    spec.max = n;
  } else if (type == "max_jerk") {
    SCENARIO_TRY(read_required_number(o, "max", kPositiveJerk, c, n));
    spec.max = n;
  } else if (type == "stl") {
    return read_stl_formula(o, c, spec);
  } else if (type == "rss") {
    spec.table = "intel-default";
    if (o.has("parameters")) {
      SCENARIO_TRY(read_choice(o.get("parameters"), kRssSets, "RSS parameter set", spec.table));
    }
  }
  return {};
}

Status read_oracle(const At& at, const Context& c, OracleSpec& spec) {
  spec.pointer = at.pointer;
  SCENARIO_TRY(read_type(at, kOracleTypes, "oracle", spec.type));
  auto o = Object::open(at, oracle_keys(spec.type), "oracle " + in_quotes(spec.type));
  if (!o) return o.error();
  spec.id = spec.type;
  if (o->has("id")) SCENARIO_TRY(read_id(o->get("id"), spec.id));
  SCENARIO_TRY(read_oracle_target(*o, c, spec));
  if (o->has("requirements")) SCENARIO_TRY(read_strings(o->get("requirements"), spec.requirements));
  return read_oracle_criterion(*o, c, spec);
}

Status read_oracles(const Object& root, Context& c) {
  if (!root.has("oracles")) return {};
  const At at = root.get("oracles");
  if (!at.value->is_array()) return at.type_error("an array of oracles");
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    OracleSpec spec;
    const At element = at.element(i);
    SCENARIO_TRY(read_oracle(element, c, spec));
    if (!ids.insert(spec.id).second) {
      const bool named = element.value->contains("id");
      return (named ? element.member("id") : element)
          .error("duplicate oracle id " + in_quotes(spec.id) +
                 (named ? "" : " (the default id is the type)") +
                 "; give each oracle its own \"id\"");
    }
    c.s.oracles.push_back(std::move(spec));
  }
  return {};
}

Status read_end(const Object& root, Context& c) {
  if (!root.has("end")) return {};
  auto o =
      Object::open(root.get("end"), {"collision", "ego_stopped", "ego_slower_than"}, "\"end\"");
  if (!o) return o.error();
  EndConditions& end = c.s.end;
  if (o->has("collision")) SCENARIO_TRY(read_bool(o->get("collision"), end.on_collision));
  if (o->has("ego_stopped")) SCENARIO_TRY(read_bool(o->get("ego_stopped"), end.on_ego_stopped));
  if (o->has("ego_slower_than")) {
    const At at = o->get("ego_slower_than");
    SCENARIO_TRY(read_string(at, end.on_ego_slower_than));
    SCENARIO_TRY(check_target_id(at, c, end.on_ego_slower_than));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// The whole file

// "format" is checked before anything else, so a file of another kind gets one clear message.
Status read_format(const At& root) {
  if (!root.value->is_object()) {
    return root.error("a scenario file is a JSON object; got " + show_json(*root.value));
  }
  if (!root.value->contains("format")) {
    return root.error("missing required key \"format\" in the scenario; expected \"format\": " +
                      in_quotes(kFormat));
  }
  const At at = root.member("format");
  std::string format;
  SCENARIO_TRY(read_string(at, format));
  if (format != kFormat) {
    return at.error("unsupported format " + in_quotes(format) + "; this version reads " +
                    in_quotes(kFormat));
  }
  return {};
}

Status read_header(const Object& root, Context& c) {
  auto id = root.require("id");
  if (!id) return id.error();
  SCENARIO_TRY(read_id(*id, c.s.id));
  auto title = root.require("title");
  if (!title) return title.error();
  SCENARIO_TRY(read_nonempty_string(*title, c.s.title));
  if (root.has("description")) SCENARIO_TRY(read_string(root.get("description"), c.s.description));
  if (root.has("tags")) SCENARIO_TRY(read_strings(root.get("tags"), c.s.tags));
  if (root.has("requirements")) {
    SCENARIO_TRY(read_strings(root.get("requirements"), c.s.requirements));
  }
  return {};
}

Status read_scenario(const At& at, Context& c) {
  SCENARIO_TRY(read_format(at));
  auto root = Object::open(
      at,
      {"$schema", "format", "id", "title", "description", "tags", "requirements", "simulator",
       "road", "parameters", "samples", "ego", "targets", "oracles", "end", "sensors"},
      "the scenario");
  if (!root) return root.error();
  if (root->has("$schema")) {
    std::string schema;
    SCENARIO_TRY(read_string(root->get("$schema"), schema));
  }
  SCENARIO_TRY(read_header(*root, c));
  SCENARIO_TRY(read_simulator(*root, c));
  SCENARIO_TRY(read_road(*root, c));
  SCENARIO_TRY(read_parameters(*root, c));
  SCENARIO_TRY(read_samples(*root, c));
  SCENARIO_TRY(read_ego(*root, c));
  SCENARIO_TRY(read_targets(*root, c));
  SCENARIO_TRY(read_oracles(*root, c));
  SCENARIO_TRY(detail::read_sensors(*at.doc, c.s));
  return read_end(*root, c);
}

}  // namespace

// The two readers scenario_sensors.cc needs, over this file's located values.
namespace detail {
namespace {

At at_pointer(const JsonDocument& doc, const std::string& pointer, std::string label) {
  const json* v = pointer.empty() ? &doc.root() : &doc.root().at(json::json_pointer(pointer));
  return {&doc, v, pointer, std::move(label)};
}

}  // namespace

Status check_object(const JsonDocument& doc, const std::string& pointer,
                    const std::vector<std::string_view>& allowed, const std::string& what) {
  auto o = Object::open(at_pointer(doc, pointer, what), allowed, what);
  if (!o) return o.error();
  return {};
}

Status read_field(const JsonDocument& doc, const std::string& pointer, std::string_view key,
                  const FieldRange& range, Scenario& s, Number& out) {
  const At at = at_pointer(doc, pointer, "").member(key);
  Limits limits;
  limits.lo = range.lo;
  limits.hi = range.hi;
  limits.lo_open = range.lo_open;
  Context c{s, {}, {}};
  for (const ParameterDef& p : s.parameters) c.parameters.emplace(p.name, &p);
  return read_number(at, Quantity{range.dimension, limits}, c, out);
}

}  // namespace detail

#undef SCENARIO_TRY

const ParameterDef* Scenario::find_parameter(std::string_view name) const {
  for (const ParameterDef& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::uint64_t Scenario::grid_size() const {
  std::uint64_t n = 1;
  for (const ParameterDef& p : parameters) {
    if (!p.is_random()) n *= p.values.size();
  }
  return n;
}

std::uint64_t Scenario::case_count() const {
  return grid_size() * samples;
}

Result<Scenario> parse_scenario(std::shared_ptr<const JsonDocument> doc) {
  if (!doc) return make_error("no scenario document");
  Scenario s;
  s.file = doc->file();
  Context c{s, {}, {}};
  const At root{doc.get(), &doc->root(), "", "the scenario file"};
  if (Status status = read_scenario(root, c); !status.ok()) return status.error();
  s.doc = std::move(doc);
  return s;
}

Result<Scenario> load_scenario(const std::string& path) {
  auto doc = load_json_file(path);
  if (!doc) return doc.error();
  return parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
}

}  // namespace assay::scenario
