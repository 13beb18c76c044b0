#include "data/rules.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace assay::data {

namespace {

using nlohmann::json;

const std::vector<RuleInfo> kCatalogue = {
    {RuleKind::kColumnExists, "column_exists", "expect_column_to_exist", "", false,
     "the column is present"},
    {RuleKind::kColumnSet, "column_set", "expect_table_columns_to_match_set", "", false,
     "the columns are exactly (or include) a set"},
    {RuleKind::kType, "type", "expect_column_values_to_be_of_type", "hasDataType", true,
     "non-null values parse as the type"},
    {RuleKind::kNotNull, "not_null", "expect_column_values_to_not_be_null",
     "isComplete / hasCompleteness", true, "values are present (not null, not NaN)"},
    {RuleKind::kUnique, "unique", "expect_column_values_to_be_unique", "isUnique", true,
     "non-null values occur once"},
    {RuleKind::kCompoundUnique, "compound_unique", "expect_compound_columns_to_be_unique",
     "isPrimaryKey", true, "combinations of values occur once"},
    {RuleKind::kBetween, "between", "expect_column_values_to_be_between", "", true,
     "values lie within bounds"},
    {RuleKind::kInSet, "in_set", "expect_column_values_to_be_in_set", "isContainedIn", true,
     "values belong to a set"},
    {RuleKind::kNotInSet, "not_in_set", "expect_column_values_to_not_be_in_set", "", true,
     "values avoid a set"},
    {RuleKind::kRegex, "regex", "expect_column_values_to_match_regex", "hasPattern", true,
     "values match a regular expression"},
    {RuleKind::kLengthBetween, "length_between", "expect_column_value_lengths_to_be_between",
     "hasMinLength / hasMaxLength", true, "value lengths (characters) lie within bounds"},
    {RuleKind::kIncreasing, "increasing", "expect_column_values_to_be_increasing", "", true,
     "each value is at least (strictly: above) the previous one"},
    {RuleKind::kDecreasing, "decreasing", "expect_column_values_to_be_decreasing", "", true,
     "each value is at most (strictly: below) the previous one"},
    {RuleKind::kRowCountBetween, "row_count_between", "expect_table_row_count_to_be_between",
     "hasSize", false, "the number of rows lies within bounds"},
    {RuleKind::kMeanBetween, "mean_between", "expect_column_mean_to_be_between", "hasMean", false,
     "the mean lies within bounds"},
    {RuleKind::kMedianBetween, "median_between", "expect_column_median_to_be_between", "", false,
     "the median lies within bounds"},
    {RuleKind::kStdevBetween, "stdev_between", "expect_column_stdev_to_be_between",
     "hasStandardDeviation", false, "the sample standard deviation lies within bounds"},
    {RuleKind::kMinBetween, "min_between", "expect_column_min_to_be_between", "hasMin", false,
     "the minimum lies within bounds"},
    {RuleKind::kMaxBetween, "max_between", "expect_column_max_to_be_between", "hasMax", false,
     "the maximum lies within bounds"},
    {RuleKind::kQuantileBetween, "quantile_between", "", "hasApproxQuantile", false,
     "a quantile lies within bounds"},
    {RuleKind::kSumBetween, "sum_between", "expect_column_sum_to_be_between", "hasSum", false,
     "the sum lies within bounds"},
    {RuleKind::kPairGreater, "pair_greater", "expect_column_pair_values_a_to_be_greater_than_b", "",
     true, "column_A is greater than (or equal to) column_B"},
    {RuleKind::kExpression, "expression", "", "satisfies", true,
     "a boolean expression over columns holds"},
    {RuleKind::kTimestampsMonotonic, "timestamps_monotonic", "", "", true,
     "timestamps never go back (strictly: always advance)"},
    {RuleKind::kMaxGap, "max_gap", "", "", true,
     "consecutive timestamps are at most max_seconds apart"},
    {RuleKind::kSamplingRate, "sampling_rate", "", "", true,
     "the rate between consecutive timestamps is within tolerance of hz"},
};

// Keys each rule accepts besides rule, id, description, severity (and mostly when row-level).
struct KeySpec {
  RuleKind kind;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
};

const std::vector<KeySpec> kKeys = {
    {RuleKind::kColumnExists, {"column"}, {}},
    {RuleKind::kColumnSet, {"column_set"}, {"exact_match"}},
    {RuleKind::kType, {"column", "type"}, {}},
    {RuleKind::kNotNull, {"column"}, {}},
    {RuleKind::kUnique, {"column"}, {}},
    {RuleKind::kCompoundUnique, {"column_list"}, {}},
    {RuleKind::kBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kInSet, {"column", "value_set"}, {}},
    {RuleKind::kNotInSet, {"column", "value_set"}, {}},
    {RuleKind::kRegex, {"column", "regex"}, {}},
    {RuleKind::kLengthBetween, {"column"}, {"min_value", "max_value"}},
    {RuleKind::kIncreasing, {"column"}, {"strictly"}},
    {RuleKind::kDecreasing, {"column"}, {"strictly"}},
    {RuleKind::kRowCountBetween, {}, {"min_value", "max_value"}},
    {RuleKind::kMeanBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kMedianBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kStdevBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kMinBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kMaxBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kQuantileBetween,
     {"column", "quantile"},
     {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kSumBetween, {"column"}, {"min_value", "max_value", "strict_min", "strict_max"}},
    {RuleKind::kPairGreater, {"column_A", "column_B"}, {"or_equal"}},
    {RuleKind::kExpression, {"expression"}, {}},
    {RuleKind::kTimestampsMonotonic, {"column"}, {"strictly"}},
    {RuleKind::kMaxGap, {"column", "max_seconds"}, {}},
    {RuleKind::kSamplingRate, {"column", "hz"}, {"tolerance"}},
};

const KeySpec& key_spec(RuleKind kind) {
  for (const auto& k : kKeys) {
    if (k.kind == kind) return k;
  }
  return kKeys.front();
}

std::string known_rule_names() {
  std::string out;
  for (const auto& r : kCatalogue) {
    if (!out.empty()) out += ", ";
    out += r.name;
  }
  return out;
}

const RuleInfo* find_rule(std::string_view name) {
  for (const auto& r : kCatalogue) {
    if (r.name == name || (!r.great_expectations.empty() && r.great_expectations == name))
      return &r;
  }
  return nullptr;
}

// Reads members of JSON objects with errors located at their key or value.
class Reader {
 public:
  explicit Reader(const JsonDocument& doc) : doc_(doc) {}

  const JsonDocument& doc() const { return doc_; }

  // The value at `at` must be an object with only `allowed` keys and all `required` ones.
  Status object(const json& j, const std::string& at, const std::vector<std::string_view>& allowed,
                const std::vector<std::string_view>& required, std::string_view what) {
    if (!j.is_object()) return type_error(j, at, "an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += std::string(list.empty() ? "" : ", ") + std::string(a);
        return doc_.error_at_key(pointer_append(at, it.key()), "unknown key \"" + it.key() +
                                                                   "\" in " + std::string(what) +
                                                                   " (allowed: " + list + ")");
      }
    }
    for (auto r : required) {
      if (!j.contains(r)) {
        return doc_.error_at(at, "missing key \"" + std::string(r) + "\" in " + std::string(what));
      }
    }
    return {};
  }

  Error type_error(const json& j, const std::string& at, std::string_view expected) const {
    return doc_.error_at(
        at, "expected " + std::string(expected) + ", found " + std::string(json_type_name(j)));
  }

  Result<std::string> string(const json& j, const std::string& at, bool non_empty = true) const {
    if (!j.is_string()) return type_error(j, at, "a string");
    std::string s = j.get<std::string>();
    if (non_empty && s.empty()) return doc_.error_at(at, "must not be empty");
    return s;
  }

  Result<double> number(const json& j, const std::string& at) const {
    if (!j.is_number()) return type_error(j, at, "a number");
    return j.get<double>();
  }

  Result<bool> boolean(const json& j, const std::string& at) const {
    if (!j.is_boolean()) return type_error(j, at, "true or false");
    return j.get<bool>();
  }

  Result<std::uint64_t> count(const json& j, const std::string& at) const {
    if (!j.is_number_integer() ||
        (j.is_number_integer() && !j.is_number_unsigned() && j.get<std::int64_t>() < 0)) {
      return type_error(j, at, "a non-negative integer");
    }
    return j.get<std::uint64_t>();
  }

  Result<std::vector<std::string>> strings(const json& j, const std::string& at,
                                           std::size_t min_items) const {
    if (!j.is_array()) return type_error(j, at, "an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
      auto s = string(j[i], pointer_append(at, i));
      if (!s.ok()) return s.error();
      if (std::find(out.begin(), out.end(), *s) != out.end()) {
        return doc_.error_at(pointer_append(at, i), "\"" + *s + "\" is listed twice");
      }
      out.push_back(std::move(s).value());
    }
    if (out.size() < min_items) {
      return doc_.error_at(at, "needs at least " + std::to_string(min_items) + " item" +
                                   (min_items == 1 ? "" : "s"));
    }
    return out;
  }

 private:
  const JsonDocument& doc_;
};

Status read_bounds(Reader& r, const json& j, const std::string& at, Rule& rule, bool integers) {
  for (const char* key : {"min_value", "max_value"}) {
    if (!j.contains(key) || j.at(key).is_null()) continue;
    const std::string p = pointer_append(at, key);
    auto v = r.number(j.at(key), p);
    if (!v.ok()) return v.error();
    if (integers && (*v < 0 || std::floor(*v) != *v)) {
      return r.doc().error_at(p, "expected a non-negative integer");
    }
    (std::string_view(key) == "min_value" ? rule.bounds.min : rule.bounds.max) = *v;
  }
  for (const char* key : {"strict_min", "strict_max"}) {
    if (!j.contains(key)) continue;
    auto v = r.boolean(j.at(key), pointer_append(at, key));
    if (!v.ok()) return v.error();
    (std::string_view(key) == "strict_min" ? rule.bounds.strict_min : rule.bounds.strict_max) = *v;
  }
  if (!rule.bounds.min && !rule.bounds.max) {
    return r.doc().error_at(at, "needs min_value, max_value or both");
  }
  if (rule.bounds.min && rule.bounds.max && *rule.bounds.min > *rule.bounds.max) {
    return r.doc().error_at(pointer_append(at, "min_value"),
                            "min_value is above max_value (" + format_double(*rule.bounds.min) +
                                " > " + format_double(*rule.bounds.max) + ")");
  }
  return {};
}

Status read_value_set(Reader& r, const json& j, const std::string& at, Rule& rule) {
  if (!j.is_array()) return r.type_error(j, at, "an array of values");
  if (j.empty()) return r.doc().error_at(at, "value_set must not be empty");
  for (std::size_t i = 0; i < j.size(); ++i) {
    const json& v = j[i];
    SetValue s;
    if (v.is_number()) {
      s.kind = SetValue::kNumber;
      s.number = v.get<double>();
    } else if (v.is_string()) {
      s.kind = SetValue::kString;
      s.text = v.get<std::string>();
    } else if (v.is_boolean()) {
      s.kind = SetValue::kBool;
      s.boolean = v.get<bool>();
    } else {
      return r.type_error(v, pointer_append(at, i), "a number, string or boolean");
    }
    rule.value_set.push_back(std::move(s));
  }
  return {};
}

std::string default_id(const Rule& rule) {
  const std::string name(rule_info(rule.kind).name);
  switch (rule.kind) {
    case RuleKind::kColumnSet:
    case RuleKind::kRowCountBetween:
    case RuleKind::kExpression:
      return name;
    case RuleKind::kCompoundUnique: {
      std::string cols;
      for (const auto& c : rule.columns) cols += std::string(cols.empty() ? "" : ",") + c;
      return name + ":" + cols;
    }
    case RuleKind::kPairGreater:
      return name + ":" + rule.column + "," + rule.column_b;
    case RuleKind::kQuantileBetween:
      return name + ":" + rule.column + "@" + format_double(rule.quantile);
    default:
      return name + ":" + rule.column;
  }
}

// The kind-specific members of one rule.
Status read_rule_parameters(Reader& r, const json& j, const std::string& at, Rule& rule) {
  auto member = [&](const char* key) { return pointer_append(at, key); };
  if (j.contains("column")) {
    auto s = r.string(j.at("column"), member("column"));
    if (!s.ok()) return s.error();
    rule.column = *s;
  }
  switch (rule.kind) {
    case RuleKind::kColumnSet: {
      auto cols = r.strings(j.at("column_set"), member("column_set"), 0);
      if (!cols.ok()) return cols.error();
      rule.columns = *cols;
      if (j.contains("exact_match")) {
        auto b = r.boolean(j.at("exact_match"), member("exact_match"));
        if (!b.ok()) return b.error();
        rule.exact_match = *b;
      }
      return {};
    }
    case RuleKind::kType: {
      auto name = r.string(j.at("type"), member("type"));
      if (!name.ok()) return name.error();
      auto t = parse_type_name(*name);
      if (!t) {
        return r.doc().error_at(member("type"), "unknown type \"" + *name +
                                                    "\" (string, integer, number, boolean, "
                                                    "timestamp)");
      }
      rule.type = *t;
      return {};
    }
    case RuleKind::kCompoundUnique: {
      auto cols = r.strings(j.at("column_list"), member("column_list"), 2);
      if (!cols.ok()) return cols.error();
      rule.columns = *cols;
      return {};
    }
    case RuleKind::kInSet:
    case RuleKind::kNotInSet:
      return read_value_set(r, j.at("value_set"), member("value_set"), rule);
    case RuleKind::kRegex: {
      auto pattern = r.string(j.at("regex"), member("regex"), false);
      if (!pattern.ok()) return pattern.error();
      auto re = Regex::compile(*pattern);
      if (!re.ok()) {
        return r.doc().error_at(member("regex"), "invalid regex: " + re.error().message +
                                                     " (at character " +
                                                     std::to_string(re.error().where.column) + ")");
      }
      rule.regex = std::make_shared<const Regex>(std::move(re).value());
      return {};
    }
    case RuleKind::kLengthBetween:
    case RuleKind::kRowCountBetween:
      return read_bounds(r, j, at, rule, true);
    case RuleKind::kBetween:
    case RuleKind::kMeanBetween:
    case RuleKind::kMedianBetween:
    case RuleKind::kStdevBetween:
    case RuleKind::kMinBetween:
    case RuleKind::kMaxBetween:
    case RuleKind::kSumBetween:
      return read_bounds(r, j, at, rule, false);
    case RuleKind::kQuantileBetween: {
      auto q = r.number(j.at("quantile"), member("quantile"));
      if (!q.ok()) return q.error();
      if (*q < 0 || *q > 1) return r.doc().error_at(member("quantile"), "must be within [0, 1]");
      rule.quantile = *q;
      return read_bounds(r, j, at, rule, false);
    }
    case RuleKind::kIncreasing:
    case RuleKind::kDecreasing:
    case RuleKind::kTimestampsMonotonic:
      if (j.contains("strictly")) {
        auto b = r.boolean(j.at("strictly"), member("strictly"));
        if (!b.ok()) return b.error();
        rule.strictly = *b;
      }
      return {};
    case RuleKind::kPairGreater: {
      auto a = r.string(j.at("column_A"), member("column_A"));
      if (!a.ok()) return a.error();
      auto b = r.string(j.at("column_B"), member("column_B"));
      if (!b.ok()) return b.error();
      rule.column = *a;
      rule.column_b = *b;
      if (j.contains("or_equal")) {
        auto e = r.boolean(j.at("or_equal"), member("or_equal"));
        if (!e.ok()) return e.error();
        rule.or_equal = *e;
      }
      return {};
    }
    case RuleKind::kExpression: {
      auto text = r.string(j.at("expression"), member("expression"));
      if (!text.ok()) return text.error();
      auto e = Expression::parse(*text);
      if (!e.ok()) {
        return r.doc().error_at(member("expression"),
                                "invalid expression: " + e.error().message + " (at character " +
                                    std::to_string(e.error().where.column) + ")");
      }
      rule.expression = std::make_shared<const Expression>(std::move(e).value());
      return {};
    }
    case RuleKind::kMaxGap: {
      auto s = r.number(j.at("max_seconds"), member("max_seconds"));
      if (!s.ok()) return s.error();
      if (!(*s > 0)) return r.doc().error_at(member("max_seconds"), "must be above 0");
      rule.max_seconds = *s;
      return {};
    }
    case RuleKind::kSamplingRate: {
      auto hz = r.number(j.at("hz"), member("hz"));
      if (!hz.ok()) return hz.error();
      if (!(*hz > 0)) return r.doc().error_at(member("hz"), "must be above 0");
      rule.hz = *hz;
      if (j.contains("tolerance")) {
        auto t = r.number(j.at("tolerance"), member("tolerance"));
        if (!t.ok()) return t.error();
        if (*t < 0 || *t >= 1)
          return r.doc().error_at(member("tolerance"), "must be within [0, 1)");
        rule.tolerance = *t;
      }
      return {};
    }
    default:
      return {};
  }
}

Result<Rule> read_rule(Reader& r, const json& j, const std::string& at) {
  if (!j.is_object()) return r.type_error(j, at, "a rule object");
  if (!j.contains("rule")) return r.doc().error_at(at, "missing key \"rule\" (the rule's name)");
  auto name = r.string(j.at("rule"), pointer_append(at, "rule"));
  if (!name.ok()) return name.error();
  const RuleInfo* info = find_rule(*name);
  if (info == nullptr) {
    return r.doc().error_at(pointer_append(at, "rule"),
                            "unknown rule \"" + *name + "\" (known: " + known_rule_names() + ")");
  }
  Rule rule;
  rule.kind = info->kind;
  rule.pointer = at;
  const KeySpec& spec = key_spec(info->kind);
  std::vector<std::string_view> allowed = {"rule", "id", "description", "severity"};
  if (info->row_level) allowed.push_back("mostly");
  allowed.insert(allowed.end(), spec.required.begin(), spec.required.end());
  allowed.insert(allowed.end(), spec.optional.begin(), spec.optional.end());
  if (Status s = r.object(j, at, allowed, spec.required, "a " + std::string(info->name) + " rule");
      !s.ok())
    return s.error();
  if (Status s = read_rule_parameters(r, j, at, rule); !s.ok()) return s.error();
  if (j.contains("description")) {
    auto d = r.string(j.at("description"), pointer_append(at, "description"), false);
    if (!d.ok()) return d.error();
    rule.description = *d;
  }
  if (j.contains("severity")) {
    const std::string p = pointer_append(at, "severity");
    auto s = r.string(j.at("severity"), p);
    if (!s.ok()) return s.error();
    if (*s == "error") {
      rule.severity = Severity::kError;
    } else if (*s == "warn" || *s == "warning") {
      rule.severity = Severity::kWarn;
    } else {
      return r.doc().error_at(p, "severity must be \"error\" or \"warn\", found \"" + *s + "\"");
    }
  }
  if (j.contains("mostly")) {
    const std::string p = pointer_append(at, "mostly");
    auto m = r.number(j.at("mostly"), p);
    if (!m.ok()) return m.error();
    if (*m < 0 || *m > 1) return r.doc().error_at(p, "mostly must be within [0, 1]");
    rule.mostly = *m;
  }
  if (j.contains("id")) {
    const std::string p = pointer_append(at, "id");
    auto id = r.string(j.at("id"), p);
    if (!id.ok()) return id.error();
    if (std::any_of(id->begin(), id->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
      return r.doc().error_at(p, "id must not contain control characters");
    }
    rule.id = *id;
  } else {
    rule.id = default_id(rule);
  }
  return rule;
}

Status read_data_options(Reader& r, const json& j, const std::string& at, RuleSet& set) {
  if (Status s = r.object(j, at, {"format", "delimiter", "header", "null_values", "types"}, {},
                          "\"data\"");
      !s.ok())
    return s;
  if (j.contains("format")) {
    const std::string p = pointer_append(at, "format");
    auto f = r.string(j.at("format"), p);
    if (!f.ok()) return f.error();
    auto format = parse_format_name(*f);
    if (!format) return r.doc().error_at(p, "format must be \"csv\" or \"jsonl\"");
    set.format = *format;
  }
  if (j.contains("delimiter")) {
    const std::string p = pointer_append(at, "delimiter");
    auto d = r.string(j.at("delimiter"), p);
    if (!d.ok()) return d.error();
    auto c = parse_delimiter(*d);
    if (!c) {
      return r.doc().error_at(p,
                              "delimiter must be one character other than a quote or line "
                              "break (or \"tab\")");
    }
    set.delimiter = *c;
  }
  if (j.contains("header")) {
    auto h = r.boolean(j.at("header"), pointer_append(at, "header"));
    if (!h.ok()) return h.error();
    set.header = *h;
  }
  if (j.contains("null_values")) {
    // Empty strings are allowed here: "" is the usual spelling of a missing CSV field.
    const std::string p = pointer_append(at, "null_values");
    const json& list = j.at("null_values");
    if (!list.is_array()) return r.type_error(list, p, "an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto s = r.string(list[i], pointer_append(p, i), false);
      if (!s.ok()) return s.error();
      out.push_back(*s);
    }
    set.null_values = out;
  }
  if (j.contains("types")) {
    const std::string p = pointer_append(at, "types");
    const json& types = j.at("types");
    if (!types.is_object()) return r.type_error(types, p, "an object of column: type");
    for (auto it = types.begin(); it != types.end(); ++it) {
      const std::string tp = pointer_append(p, it.key());
      auto name = r.string(it.value(), tp);
      if (!name.ok()) return name.error();
      auto t = parse_type_name(*name);
      if (!t) {
        return r.doc().error_at(
            tp, "unknown type \"" + *name + "\" (string, integer, number, boolean, timestamp)");
      }
      set.types[it.key()] = *t;
    }
  }
  return {};
}

}  // namespace

std::string Bounds::text() const {
  if (min && max) {
    return std::string(strict_min ? "(" : "[") + format_double(*min) + ", " + format_double(*max) +
           (strict_max ? ")" : "]");
  }
  if (min) return std::string(strict_min ? "> " : ">= ") + format_double(*min);
  if (max) return std::string(strict_max ? "< " : "<= ") + format_double(*max);
  return "any";
}

std::vector<std::string> Rule::input_columns() const {
  switch (kind) {
    case RuleKind::kColumnSet:
    case RuleKind::kRowCountBetween:
      return {};
    case RuleKind::kCompoundUnique:
      return columns;
    case RuleKind::kPairGreater:
      return {column, column_b};
    case RuleKind::kExpression:
      return expression ? expression->columns() : std::vector<std::string>{};
    default:
      return {column};
  }
}

void RuleSet::apply_to(ReadOptions& options) const {
  if (format) options.format = *format;
  if (delimiter) options.delimiter = *delimiter;
  if (header) options.header = *header;
  if (null_values) options.nulls.tokens = *null_values;
}

RuleKeys rule_keys(RuleKind kind) {
  const KeySpec& spec = key_spec(kind);
  return {spec.required, spec.optional};
}

const std::vector<RuleInfo>& rule_catalogue() {
  return kCatalogue;
}

const RuleInfo& rule_info(RuleKind kind) {
  for (const auto& r : kCatalogue) {
    if (r.kind == kind) return r;
  }
  return kCatalogue.front();
}

std::optional<Format> parse_format_name(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "jsonl" || name == "ndjson") return Format::kJsonLines;
  return std::nullopt;
}

std::optional<char> parse_delimiter(std::string_view text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text == "comma") return ',';
  if (text == "semicolon") return ';';
  if (text == "pipe") return '|';
  if (text.size() != 1) return std::nullopt;
  const char c = text[0];
  if (c == '"' || c == '\n' || c == '\r') return std::nullopt;
  return c;
}

Result<RuleSet> parse_rules(const JsonDocument& doc) {
  Reader r(doc);
  const json& root = doc.root();
  RuleSet set;
  set.file = doc.file();
  if (Status s =
          r.object(root, "", {"schema", "id", "title", "description", "data", "examples", "rules"},
                   {"schema", "rules"}, "a rule set");
      !s.ok())
    return s.error();
  auto schema = r.string(root.at("schema"), "/schema");
  if (!schema.ok()) return schema.error();
  if (*schema != kRulesSchema) {
    return doc.error_at("/schema", "unsupported rule-set schema \"" + *schema +
                                       "\"; this build reads \"" + std::string(kRulesSchema) +
                                       "\"");
  }
  set.id = std::filesystem::path(doc.file()).stem().string();
  for (const char* key : {"id", "title", "description"}) {
    if (!root.contains(key)) continue;
    auto s = r.string(root.at(key), pointer_append("", key), std::string_view(key) == "id");
    if (!s.ok()) return s.error();
    (std::string_view(key) == "id"      ? set.id
     : std::string_view(key) == "title" ? set.title
                                        : set.description) = *s;
  }
  if (set.id.empty()) set.id = "rules";
  if (root.contains("data")) {
    if (Status s = read_data_options(r, root.at("data"), "/data", set); !s.ok()) return s.error();
  }
  if (root.contains("examples")) {
    auto n = r.count(root.at("examples"), "/examples");
    if (!n.ok()) return n.error();
    if (*n > 1000) return doc.error_at("/examples", "at most 1000 examples per rule");
    set.examples = *n;
  }
  const json& rules = root.at("rules");
  if (!rules.is_array()) return r.type_error(rules, "/rules", "an array of rules");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string at = pointer_append("/rules", i);
    auto rule = read_rule(r, rules[i], at);
    if (!rule.ok()) return rule.error();
    if (!ids.insert(rule->id).second) {
      return doc.error_at(
          at, "rule id \"" + rule->id + "\" is used twice; give one of the rules its own \"id\"");
    }
    set.rules.push_back(std::move(rule).value());
  }
  return set;
}

Result<RuleSet> load_rules(const std::string& path) {
  auto doc = load_json_file(path);
  if (!doc.ok()) return doc.error();
  return parse_rules(*doc);
}

Result<RuleSet> parse_rules_text(std::string_view text, const std::string& name) {
  auto doc = parse_json(text, name);
  if (!doc.ok()) return doc.error();
  return parse_rules(*doc);
}

}  // namespace assay::data
