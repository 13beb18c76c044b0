#include "data/infer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "data/rules.h"

namespace assay::data {

namespace {

using ordered = nlohmann::ordered_json;

// Per-column state while reading.
struct Tracker {
  ColumnProfile profile;
  std::vector<std::uint64_t> hashes;  // for uniqueness; cleared when too many
  bool tracking_unique = true;
  bool has_previous = false;
  double previous = 0.0;
  bool has_numeric = false;
};

void observe(Tracker& t, const Field& f, const InferOptions& options) {
  ColumnProfile& p = t.profile;
  if (f.missing() || (f.size <= 8 && f.kind != FieldKind::kNested &&
                      f.kind != FieldKind::kBoolean && is_nan_text(f.text()))) {
    ++p.missing;
    return;
  }
  ++p.present;
  const std::string_view text = f.text();
  const bool json_string = f.kind == FieldKind::kString || f.kind == FieldKind::kNested;
  std::optional<double> number, time;
  if (f.kind == FieldKind::kBoolean || (!json_string && parse_boolean(text))) {
    ++p.booleans;
  } else if (!json_string) {
    number = parse_number(text);
    if (number) {
      ++p.numbers;
      if (parse_integer(text)) ++p.integers;
    }
  }
  if (f.kind != FieldKind::kBoolean && f.kind != FieldKind::kNested && !number) {
    time = parse_iso8601(text);
    if (time) ++p.timestamps;
  }
  const std::optional<double> ordered_value = number ? number : time;
  if (ordered_value) {
    if (t.has_previous && *ordered_value < t.previous) p.increasing = false;
    t.previous = *ordered_value;
    t.has_previous = true;
  }
  if (number) {
    if (!t.has_numeric) {
      p.min = p.max = *number;
      t.has_numeric = true;
    }
    p.min = std::min(p.min, *number);
    p.max = std::max(p.max, *number);
  }
  const auto length = static_cast<std::uint64_t>(utf8_length(text));
  if (p.present == 1) p.min_length = p.max_length = length;
  p.min_length = std::min(p.min_length, length);
  p.max_length = std::max(p.max_length, length);
  if (!p.many_distinct) {
    auto it = p.distinct.find(std::string(text));
    if (it != p.distinct.end()) {
      ++it->second;
    } else if (p.distinct.size() < options.max_categories) {
      p.distinct.emplace(std::string(text), 1);
    } else {
      p.many_distinct = true;
      p.distinct.clear();
    }
  }
  if (t.tracking_unique) {
    if (t.hashes.size() >= options.max_unique_tracked) {
      t.tracking_unique = false;
      t.hashes = {};
    } else {
      t.hashes.push_back(hash_string(text));
    }
  }
}

ColumnType infer_type(const ColumnProfile& p) {
  if (p.present == 0) return ColumnType::kString;
  if (p.booleans == p.present) return ColumnType::kBoolean;
  if (p.integers == p.present) return ColumnType::kInteger;
  if (p.numbers == p.present) return ColumnType::kNumber;
  if (p.timestamps == p.present) return ColumnType::kTimestamp;
  return ColumnType::kString;
}

// A JSON number: integers as integers, so a proposed bound reads like the data.
ordered json_number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
  return v;
}

ordered rule(std::string_view kind, const std::string& column) {
  ordered r;
  r["rule"] = kind;
  if (!column.empty()) r["column"] = column;
  return r;
}

void propose_column(const ColumnProfile& p, std::uint64_t rows, ordered& rules) {
  if (p.present == 0) return;  // nothing to learn from an empty column
  if (p.type != ColumnType::kString) {
    ordered r = rule("type", p.name);
    r["type"] = type_name(p.type);
    rules.push_back(r);
  }
  const double completeness = static_cast<double>(p.present) / static_cast<double>(rows);
  if (p.missing == 0) {
    rules.push_back(rule("not_null", p.name));
  } else if (std::floor(completeness * 100) / 100 > 0) {
    // Deequ's RetainCompleteness: keep (a little under) the completeness seen.
    ordered r = rule("not_null", p.name);
    r["mostly"] = std::floor(completeness * 100) / 100;
    rules.push_back(r);
  }
  if (is_numeric(p.type)) {
    ordered r = rule("between", p.name);
    r["min_value"] = json_number(p.min);
    r["max_value"] = json_number(p.max);
    rules.push_back(r);
  }
  if (p.type == ColumnType::kTimestamp && p.increasing && p.present >= 2) {
    rules.push_back(rule("timestamps_monotonic", p.name));
  }
  const bool text = p.type == ColumnType::kString || p.type == ColumnType::kBoolean;
  // A domain: at most max_categories distinct values, each seen twice on average (TFDV's
  // max_string_domain_size; a column of mostly distinct values is not categorical).
  if (text && !p.many_distinct && p.distinct.size() * 2 <= p.present) {
    ordered r = rule("in_set", p.name);
    ordered values = ordered::array();
    for (const auto& [value, count] : p.distinct) values.push_back(value);
    r["value_set"] = values;
    rules.push_back(r);
  } else if (p.type == ColumnType::kString) {
    ordered r = rule("length_between", p.name);
    r["min_value"] = p.min_length;
    r["max_value"] = p.max_length;
    rules.push_back(r);
  }
  // Deequ's UniqueIfApproximatelyUnique, for key-like columns only: distinct floats are usual.
  if ((p.type == ColumnType::kString || p.type == ColumnType::kInteger) && p.unique && *p.unique &&
      p.missing == 0 && p.present >= 2) {
    rules.push_back(rule("unique", p.name));
  }
}

}  // namespace

Result<Profile> profile_table(const TableOpener& open, const std::string& path,
                              const InferOptions& options) {
  auto reader = open();
  if (!reader.ok()) return reader.error();
  Profile profile;
  profile.table.path = path;
  profile.table.columns = (*reader)->columns();
  std::vector<Tracker> trackers(profile.table.columns.size());
  for (std::size_t c = 0; c < trackers.size(); ++c)
    trackers[c].profile.name = profile.table.columns[c];
  Batch batch;
  for (;;) {
    auto more = (*reader)->next(batch);
    if (!more.ok()) return more.error();
    if (!*more) break;
    profile.table.rows += batch.rows;
    for (std::size_t c = 0; c < batch.columns; ++c) {
      const Field* f = batch.column(c);
      for (std::size_t r = 0; r < batch.rows; ++r) observe(trackers[c], f[r], options);
    }
  }
  profile.table.bytes = (*reader)->bytes_read();
  profile.table.sha256 = (*reader)->sha256();
  for (auto& t : trackers) {
    ColumnProfile& p = t.profile;
    p.type = infer_type(p);
    if (t.tracking_unique) {
      std::sort(t.hashes.begin(), t.hashes.end());
      p.unique = std::adjacent_find(t.hashes.begin(), t.hashes.end()) == t.hashes.end();
    }
    profile.columns.push_back(std::move(p));
  }
  return profile;
}

std::string propose_rules(const Profile& profile, const InferOptions& options) {
  ordered doc;
  doc["schema"] = kRulesSchema;
  const std::string stem = std::filesystem::path(profile.table.path).stem().string();
  doc["id"] = options.id.empty() ? (stem.empty() ? std::string("data") : stem) : options.id;
  doc["title"] = "Proposed by assay data infer from " +
                 std::filesystem::path(profile.table.path).filename().string() + " (" +
                 std::to_string(profile.table.rows) + " rows); review before committing";
  ordered data;
  const ReadOptions& read = options.read;
  if (resolve_format(profile.table.path, read.format) == Format::kJsonLines) {
    data["format"] = "jsonl";
  } else {
    data["format"] = "csv";
    if (read.delimiter != ',') data["delimiter"] = std::string(1, read.delimiter);
    if (!read.header) data["header"] = false;
    if (read.nulls.tokens != NullTokens{}.tokens) data["null_values"] = read.nulls.tokens;
  }
  ordered types = ordered::object();
  for (const auto& c : profile.columns) types[c.name] = type_name(c.type);
  data["types"] = types;
  doc["data"] = data;
  ordered rules = ordered::array();
  ordered set = rule("column_set", "");
  set["column_set"] = profile.table.columns;
  rules.push_back(set);
  if (profile.table.rows > 0) {
    ordered count = rule("row_count_between", "");
    count["min_value"] = 1;
    rules.push_back(count);
  }
  for (const auto& c : profile.columns) propose_column(c, profile.table.rows, rules);
  doc["rules"] = rules;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace assay::data
