// Internal to the scenario parser: the located reading helpers (At, Object, read_*, quantities
// with units, parameter references and limits) shared by scenario.cc (vehicle and common
// sections) and scenario_radio.cc (radio sections). Not a public interface.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/scenario.h"

// Returns the error of a failed Status or Result from the enclosing function.
#define SCENARIO_TRY(expr)                              \
  do {                                                  \
    if (auto try_result_ = (expr); !try_result_.ok()) { \
      return try_result_.error();                       \
    }                                                   \
  } while (false)

namespace assay::scenario::reader {

using nlohmann::json;
using units::Dimension;

// ---------------------------------------------------------------------------------------------
// Text helpers

// Dumps JSON without throwing on invalid UTF-8 (replaced by U+FFFD), for messages.
std::string dump(const json& v);

// A name in double quotes, escaped as a JSON string so control characters stay visible, and
// shortened when long so a message stays readable.
std::string in_quotes(std::string_view s);

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
std::string show_number(double x);

// An SI value written for people: ratios in %, everything else with its SI unit.
std::string show_si(double si, Dimension d);

// A JSON value as it appears in a message: scalars as written, containers by type.
std::string show_json(const json& v);

// "a" or "an", for type names in messages.
std::string with_article(std::string_view noun);

std::size_t edit_distance(std::string_view a, std::string_view b);

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

bool is_lower_or_digit(char c);

// Scenario, actor and oracle ids: [a-z0-9][a-z0-9._-]*.
bool is_id(std::string_view s);

// Parameter names: [a-z_][a-z0-9_]*.
bool is_parameter_name(std::string_view s);

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
std::vector<std::string> keys_in_file_order(const At& at);

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

Status read_string(const At& at, std::string& out);

Status read_nonempty_string(const At& at, std::string& out);

Status read_id(const At& at, std::string& out);

template <class Names>
Status read_choice(const At& at, const Names& choices, std::string_view what, std::string& out) {
  SCENARIO_TRY(read_string(at, out));
  if (std::find(choices.begin(), choices.end(), out) != choices.end()) return {};
  return at.error("unknown " + std::string(what) + " " + in_quotes(out) + suggestion(out, choices) +
                  "; expected one of " + join_quoted(choices));
}

Status read_bool(const At& at, bool& out);

// An integer in [lo, hi]; 2.0 counts as an integer (as in JSON Schema), 1.5 and "2" do not.
Status read_int(const At& at, std::int64_t lo, std::int64_t hi, std::int64_t& out);

// A plain JSON number in a parameter's unit (given once, by "unit"), finite also in SI.
Status read_plain_number(const At& at, const ParameterDef& p, double& out);

Status read_strings(const At& at, std::vector<std::string>& out);

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

Quantity overlap_field();

// Closed bounds tolerate rounding from unit conversion ("360 km/h" is 100 m/s give or take an ulp).
double slack(double bound);

bool above_lower(const Limits& l, double x);

bool below_upper(const Limits& l, double x);

bool outside_band(const Limits& l, double x);

bool within(const Limits& l, double x);

// "from 0 to 100 m/s", "greater than 0 s", "not 0 m", ...
std::string limits_text(const Limits& l, Dimension d);

// Written examples per dimension, for "expects ..." messages.
std::string example(Dimension d);

std::string expects(const At& at, Dimension d, bool allow_params);

// Length of the JSON-number prefix of s (RFC 8259 grammar), 0 when s does not start with one.
std::size_t number_prefix(std::string_view s);

std::string all_units();

// Parses "<number>[ ]<unit>" into SI, checking that the unit measures dimension d.
Status parse_quantity_text(const At& at, Dimension d, bool allow_params, std::string_view text,
                           double& si);

Status check_limits(const At& at, const Quantity& q, double si);

// A literal quantity (no parameter reference allowed), in SI.
Status read_literal(const At& at, const Quantity& q, double& si);

bool dimension_fits(Dimension field, Dimension parameter);

std::string show_in_unit(double value, const ParameterDef& p);

// The SI interval a random parameter can take; an unbounded side is nullopt.
std::pair<std::optional<double>, std::optional<double>> random_support(const ParameterDef& p);

// Checks that every value a grid parameter takes lies within the field's limits.
Status check_grid_support(const At& at, const Quantity& q, const ParameterDef& p);

// Checks that the interval a random parameter is drawn from lies within the field's limits.
Status check_random_support(const At& at, const Quantity& q, const ParameterDef& p);

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
                      Number& out);

// A numeric field: SI number, "<number> <unit>" or "$param".
Status read_number(const At& at, const Quantity& q, const Context& c, Number& out);

// A Number with a default value, located where the missing key would be.
Number default_number(double si, Dimension d, std::string pointer);

// An optional numeric member: read when present, the default otherwise.
Status read_optional_number(const Object& o, std::string_view key, const Quantity& q,
                            const Context& c, double default_si, Number& out);

Status read_required_number(const Object& o, std::string_view key, const Quantity& q,
                            const Context& c, Number& out);

}  // namespace assay::scenario::reader
