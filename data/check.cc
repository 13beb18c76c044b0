#include "data/check.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory_resource>
#include <unordered_map>
#include <unordered_set>

namespace assay::data {

namespace {

constexpr std::size_t kExampleBytes = 80;

// ---------------------------------------------------------------------------------------------
// Field helpers.

// NaN counts as missing: its spellings are short, so most fields are ruled out by length.
bool nan_field(const Field& f) {
  if (f.size < 3 || f.size > 8 || f.kind == FieldKind::kNested || f.kind == FieldKind::kBoolean)
    return false;
  // Every spelling starts with n, N, a sign or a blank; numbers mostly do not.
  const char c = f.data[0];
  return (c == 'n' || c == 'N' || c == '-' || c == '+' || c == ' ' || c == '\t') &&
         is_nan_text(f.text());
}

bool null_field(const Field& f) {
  return f.missing() || nan_field(f);
}

std::string shown(const Field& f) {
  return clip(f.text(), kExampleBytes);
}

// ---------------------------------------------------------------------------------------------
// Parsed views of a batch's columns, computed at most once per batch and shared by all rules.

enum ValueState : std::uint8_t { kValue, kNull, kBad };

struct NumericView {
  std::vector<double> value;
  std::vector<std::uint8_t> state;
};

class BatchContext {
 public:
  explicit BatchContext(std::size_t columns)
      : numbers_(columns), times_(columns), have_numbers_(columns), have_times_(columns) {}

  void set(const Batch& b) {
    batch_ = &b;
    std::fill(have_numbers_.begin(), have_numbers_.end(), false);
    std::fill(have_times_.begin(), have_times_.end(), false);
  }
  [[nodiscard]] const Batch& batch() const { return *batch_; }
  [[nodiscard]] std::size_t rows() const { return batch_->rows; }
  [[nodiscard]] std::uint64_t row(std::size_t r) const { return batch_->first_row + r; }
  [[nodiscard]] std::uint64_t line(std::size_t r) const { return batch_->lines[r]; }
  [[nodiscard]] const Field* fields(std::size_t c) const { return batch_->column(c); }

  // Numbers of a column: JSON numbers and CSV text that parses; NaN is null.
  const NumericView& numbers(std::size_t c) {
    NumericView& v = numbers_[c];
    if (have_numbers_[c]) return v;
    have_numbers_[c] = true;
    const std::size_t n = batch_->rows;
    v.value.resize(n);
    v.state.resize(n);
    const Field* f = batch_->column(c);
    for (std::size_t r = 0; r < n; ++r) {
      switch (f[r].kind) {
        case FieldKind::kMissing:
          v.state[r] = kNull;
          continue;
        case FieldKind::kText:
        case FieldKind::kQuoted:
        case FieldKind::kNumber: {
          const auto x = parse_number(f[r].text());
          if (!x) {
            v.state[r] = kBad;
          } else if (std::isnan(*x)) {
            v.state[r] = kNull;
          } else {
            v.state[r] = kValue;
            v.value[r] = *x;
          }
          continue;
        }
        case FieldKind::kString:
          v.state[r] = nan_field(f[r]) ? kNull : kBad;
          continue;
        default:
          v.state[r] = kBad;
      }
    }
    return v;
  }

  // Timestamps of a column in seconds: ISO 8601 text or plain numbers.
  const NumericView& timestamps(std::size_t c) {
    NumericView& v = times_[c];
    if (have_times_[c]) return v;
    have_times_[c] = true;
    const std::size_t n = batch_->rows;
    v.value.resize(n);
    v.state.resize(n);
    const Field* f = batch_->column(c);
    for (std::size_t r = 0; r < n; ++r) {
      if (null_field(f[r])) {
        v.state[r] = kNull;
        continue;
      }
      const bool textual = f[r].kind != FieldKind::kBoolean && f[r].kind != FieldKind::kNested;
      const auto t = textual ? parse_timestamp(f[r].text()) : std::nullopt;
      v.state[r] = t ? kValue : kBad;
      if (t) v.value[r] = *t;
    }
    return v;
  }

 private:
  const Batch* batch_ = nullptr;
  std::vector<NumericView> numbers_, times_;
  std::vector<bool> have_numbers_, have_times_;
};

// ---------------------------------------------------------------------------------------------
// Counting offending rows.

// The offending rows with the smallest row numbers, at most `cap` of them.
class Examples {
 public:
  explicit Examples(std::size_t cap) : cap_(cap) {}
  [[nodiscard]] bool wants(std::uint64_t row) const {
    return list_.size() < cap_ || (cap_ > 0 && row < list_.back().row);
  }
  void add(Example e) {
    if (!wants(e.row)) return;
    const auto at = std::upper_bound(list_.begin(), list_.end(), e.row,
                                     [](std::uint64_t r, const Example& x) { return r < x.row; });
    list_.insert(at, std::move(e));
    if (list_.size() > cap_) list_.pop_back();
  }
  std::vector<Example> take() { return std::move(list_); }

 private:
  std::size_t cap_;
  std::vector<Example> list_;
};

struct Tally {
  explicit Tally(std::size_t cap) : examples(cap) {}
  std::uint64_t evaluated = 0, failed = 0;
  Examples examples;

  // Counts an offending row; true when it should also be recorded with example().
  bool fail(const BatchContext& ctx, std::size_t r) {
    ++failed;
    return examples.wants(ctx.row(r));
  }
  void example(const BatchContext& ctx, std::size_t r, std::string value,
               std::optional<double> number = std::nullopt) {
    examples.add({ctx.row(r), ctx.line(r), std::move(value), number});
  }
};

std::string percent(double fraction) {
  return format_short(fraction * 100.0, 4) + " %";
}

std::string example_list(const std::vector<Example>& examples) {
  std::string out;
  for (const auto& e : examples) {
    if (!out.empty()) out += ", ";
    out += std::to_string(e.row) + " (\"" + e.value + "\")";
  }
  return out;
}

// Fills a row-level finding from a tally; `what` describes a failing value ("null").
void finish_row_level(Finding& f, Tally& t, double mostly, std::string_view what,
                      std::string_view noun = "values") {
  f.row_level = true;
  f.evaluated = t.evaluated;
  f.failed = t.failed;
  f.mostly = mostly;
  f.examples = t.examples.take();
  const double passed = t.evaluated == 0 ? 1.0
                                         : static_cast<double>(t.evaluated - t.failed) /
                                               static_cast<double>(t.evaluated);
  f.margin = passed - mostly;
  f.outcome = passed >= mostly ? Outcome::kHeld : Outcome::kViolated;
  if (t.evaluated == 0) {
    f.message = "no values to check";
    return;
  }
  if (t.failed == 0) {
    f.message = "all " + std::to_string(t.evaluated) + " " + std::string(noun) + " pass";
    return;
  }
  const double failed = static_cast<double>(t.failed) / static_cast<double>(t.evaluated);
  f.message = std::to_string(t.failed) + " of " + std::to_string(t.evaluated) + " " +
              std::string(noun) + " (" + percent(failed) + ") " + std::string(what) + "; mostly " +
              format_double(mostly) + " needs " + percent(mostly) + " passing, have " +
              percent(passed) +
              (f.examples.empty() ? "" : "; first rows: " + example_list(f.examples));
}

// ---------------------------------------------------------------------------------------------
// Evaluators.

class Evaluator {
 public:
  Evaluator(const Rule& rule, std::size_t examples) : rule_(rule), tally_(examples) {}
  virtual ~Evaluator() = default;
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  /// Reads one batch.
  virtual void consume(BatchContext& ctx) = 0;
  /// Completes the finding after the last batch.
  virtual void finish(Finding& f, const TableSummary& table) = 0;
  /// True while the rule needs another pass over the data.
  [[nodiscard]] virtual bool needs_pass() const { return false; }
  virtual void pass_consume(BatchContext&) {}
  virtual void end_pass() {}

 protected:
  const Rule& rule_;
  Tally tally_;
};

class NotNull final : public Evaluator {
 public:
  NotNull(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const Field* f = ctx.fields(col_);
    const std::size_t n = ctx.rows();
    tally_.evaluated += n;
    for (std::size_t r = 0; r < n; ++r) {
      if (null_field(f[r]) && tally_.fail(ctx, r)) tally_.example(ctx, r, shown(f[r]));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "null");
  }

 private:
  std::size_t col_;
};

bool field_matches_type(const Field& f, ColumnType type) {
  switch (f.kind) {
    case FieldKind::kNumber:
      return type != ColumnType::kBoolean && matches_type(f.text(), type);
    case FieldKind::kBoolean:
      return type == ColumnType::kBoolean || type == ColumnType::kString;
    case FieldKind::kString:
      return type == ColumnType::kString ||
             (type == ColumnType::kTimestamp && parse_iso8601(f.text()).has_value());
    case FieldKind::kNested:
      return type == ColumnType::kString;
    default:
      return matches_type(f.text(), type);
  }
}

class TypeCheck final : public Evaluator {
 public:
  TypeCheck(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const Field* f = ctx.fields(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (null_field(f[r])) continue;
      ++tally_.evaluated;
      if (!field_matches_type(f[r], rule_.type) && tally_.fail(ctx, r))
        tally_.example(ctx, r, shown(f[r]));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "not of type " + std::string(type_name(rule_.type)));
  }

 private:
  std::size_t col_;
};

// Duplicates among keys; keys are copied into an arena so a large column costs one allocation
// per block, not one per distinct value.
class DuplicateFinder {
 public:
  struct Entry {
    std::uint64_t first_row = 0, first_line = 0;
    std::uint64_t count = 0;
  };

  // Records a key; returns its entry (count already incremented).
  Entry& see(std::string_view key, std::uint64_t row, std::uint64_t line) {
    auto it = seen_.find(key);
    if (it == seen_.end()) {
      char* copy = static_cast<char*>(arena_.allocate(std::max<std::size_t>(key.size(), 1), 1));
      std::memcpy(copy, key.data(), key.size());
      it = seen_.emplace(std::string_view(copy, key.size()), Entry{row, line, 0}).first;
    }
    ++it->second.count;
    return it->second;
  }

 private:
  std::pmr::monotonic_buffer_resource arena_;
  std::unordered_map<std::string_view, Entry> seen_;
};

// Records a duplicate: the first occurrence becomes offending when the second is seen.
void record_duplicate(Tally& t, const BatchContext& ctx, std::size_t r,
                      const DuplicateFinder::Entry& e, const std::string& value) {
  if (e.count == 1) return;
  if (e.count == 2) {
    ++t.failed;
    if (t.examples.wants(e.first_row)) t.examples.add({e.first_row, e.first_line, value, {}});
  }
  if (t.fail(ctx, r)) t.example(ctx, r, value);
}

class Unique final : public Evaluator {
 public:
  Unique(const Rule& r, std::size_t ex, std::size_t col, std::optional<ColumnType> declared)
      : Evaluator(r, ex), col_(col), declared_(declared) {}
  void consume(BatchContext& ctx) override {
    const Field* f = ctx.fields(col_);
    std::string key;
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (null_field(f[r])) continue;
      ++tally_.evaluated;
      key_of(f[r], key);
      const auto& e = finder_.see(key, ctx.row(r), ctx.line(r));
      if (e.count > 1) record_duplicate(tally_, ctx, r, e, shown(f[r]));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "duplicated");
  }

 private:
  // Declared numeric columns compare by value ("1.0" equals "1"); others by exact text.
  void key_of(const Field& f, std::string& key) const {
    key.clear();
    if (declared_ == ColumnType::kInteger) {
      if (auto i = parse_integer(f.text())) {
        key.push_back('i');
        key.append(reinterpret_cast<const char*>(&*i), sizeof *i);
        return;
      }
    } else if (declared_ == ColumnType::kNumber) {
      if (auto d = parse_number(f.text())) {
        const double v = *d == 0.0 ? 0.0 : *d;  // -0 equals 0
        key.push_back('n');
        key.append(reinterpret_cast<const char*>(&v), sizeof v);
        return;
      }
    }
    key.push_back('t');
    key.append(f.text());
  }

  std::size_t col_;
  std::optional<ColumnType> declared_;
  DuplicateFinder finder_;
};

class CompoundUnique final : public Evaluator {
 public:
  CompoundUnique(const Rule& r, std::size_t ex, std::vector<std::size_t> cols)
      : Evaluator(r, ex), cols_(std::move(cols)) {}
  void consume(BatchContext& ctx) override {
    std::string key;
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      key.clear();
      bool all_null = true;
      for (std::size_t c : cols_) {
        const Field& f = ctx.fields(c)[r];
        const bool null = null_field(f);
        all_null = all_null && null;
        // Length-prefixed parts, so ("ab", "c") and ("a", "bc") differ.
        const std::uint32_t size = null ? 0 : f.size;
        key.push_back(null ? '0' : '1');
        key.append(reinterpret_cast<const char*>(&size), sizeof size);
        if (!null) key.append(f.text());
      }
      if (all_null) continue;
      ++tally_.evaluated;
      const auto& e = finder_.see(key, ctx.row(r), ctx.line(r));
      if (e.count > 1) record_duplicate(tally_, ctx, r, e, tuple_text(ctx, r));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "duplicated combinations");
  }

 private:
  std::string tuple_text(const BatchContext& ctx, std::size_t r) const {
    std::string out;
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      if (k > 0) out += ", ";
      out += rule_.columns[k] + "=" + shown(ctx.fields(cols_[k])[r]);
    }
    return clip(out, 2 * kExampleBytes);
  }
  std::vector<std::size_t> cols_;
  DuplicateFinder finder_;
};

class Between final : public Evaluator {
 public:
  Between(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const NumericView& v = ctx.numbers(col_);
    const Field* f = ctx.fields(col_);
    const Bounds& b = rule_.bounds;
    // Bounds as plain comparisons: an absent bound never fails.
    const double lo = b.min.value_or(-std::numeric_limits<double>::infinity());
    const double hi = b.max.value_or(std::numeric_limits<double>::infinity());
    const bool strict_lo = b.min && b.strict_min, strict_hi = b.max && b.strict_max;
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      const std::uint8_t s = v.state[r];
      if (s == kNull) continue;
      ++tally_.evaluated;
      if (s == kBad) {
        if (tally_.fail(ctx, r)) tally_.example(ctx, r, shown(f[r]));
        continue;
      }
      const double x = v.value[r];
      const bool below = strict_lo ? !(x > lo) : x < lo;
      const bool above = strict_hi ? !(x < hi) : x > hi;
      if ((below || above) && tally_.fail(ctx, r)) tally_.example(ctx, r, shown(f[r]), x);
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "outside " + rule_.bounds.text());
  }

 private:
  std::size_t col_;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class SetMembership final : public Evaluator {
 public:
  SetMembership(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {
    for (const auto& v : r.value_set) {
      switch (v.kind) {
        case SetValue::kNumber:
          numbers_.insert(v.number == 0.0 ? 0.0 : v.number);
          break;
        case SetValue::kString:
          strings_.insert(v.text);
          break;
        case SetValue::kBool:
          (v.boolean ? has_true_ : has_false_) = true;
          break;
      }
    }
  }
  void consume(BatchContext& ctx) override {
    const Field* f = ctx.fields(col_);
    const NumericView* v = numbers_.empty() ? nullptr : &ctx.numbers(col_);
    const bool want_member = rule_.kind == RuleKind::kInSet;
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (null_field(f[r])) continue;
      ++tally_.evaluated;
      bool member = strings_.find(f[r].text()) != strings_.end();
      if (!member && v != nullptr && v->state[r] == kValue) {
        const double x = v->value[r] == 0.0 ? 0.0 : v->value[r];
        member = numbers_.count(x) > 0;
      }
      if (!member && (has_true_ || has_false_) && f[r].kind != FieldKind::kNested) {
        const auto b = parse_boolean(f[r].text());
        member = b && (*b ? has_true_ : has_false_);
      }
      if (member != want_member && tally_.fail(ctx, r)) tally_.example(ctx, r, shown(f[r]));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly,
                     rule_.kind == RuleKind::kInSet ? "not in value_set" : "in value_set");
  }

 private:
  std::size_t col_;
  std::unordered_set<double> numbers_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> strings_;
  bool has_true_ = false, has_false_ = false;
};

class RegexMatch final : public Evaluator {
 public:
  RegexMatch(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const Field* f = ctx.fields(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (null_field(f[r])) continue;
      ++tally_.evaluated;
      if (!rule_.regex->search(f[r].text()) && tally_.fail(ctx, r))
        tally_.example(ctx, r, shown(f[r]));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "not matching /" + rule_.regex->pattern() + "/");
  }

 private:
  std::size_t col_;
};

class LengthBetween final : public Evaluator {
 public:
  LengthBetween(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const Field* f = ctx.fields(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (null_field(f[r])) continue;
      ++tally_.evaluated;
      const auto length = static_cast<double>(utf8_length(f[r].text()));
      if (!rule_.bounds.contains(length) && tally_.fail(ctx, r))
        tally_.example(ctx, r, shown(f[r]), length);
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly,
                     "with a length outside " + rule_.bounds.text() + " characters");
  }

 private:
  std::size_t col_;
};

// increasing, decreasing, timestamps_monotonic, max_gap, sampling_rate: each non-null value is
// compared with the previous one; the first value passes.
class Sequence final : public Evaluator {
 public:
  Sequence(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const bool time = rule_.kind == RuleKind::kTimestampsMonotonic ||
                      rule_.kind == RuleKind::kMaxGap || rule_.kind == RuleKind::kSamplingRate;
    const NumericView& v = time ? ctx.timestamps(col_) : ctx.numbers(col_);
    const Field* f = ctx.fields(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (v.state[r] == kNull) continue;
      ++tally_.evaluated;
      if (v.state[r] == kBad) {
        if (tally_.fail(ctx, r)) tally_.example(ctx, r, shown(f[r]));
        continue;
      }
      const double x = v.value[r];
      if (has_previous_) {
        if (!step_ok(x) && tally_.fail(ctx, r)) {
          const std::string before = previous_row_ < 0
                                         ? previous_text_
                                         : shown(f[static_cast<std::size_t>(previous_row_)]);
          tally_.example(ctx, r, shown(f[r]) + "\" after \"" + before, x);
        }
      } else {
        first_ = x;
      }
      last_ = x;
      ++values_;
      has_previous_ = true;
      previous_ = x;
      previous_row_ = static_cast<std::ptrdiff_t>(r);
    }
    // The previous value's text outlives the batch only as a copy.
    if (previous_row_ >= 0) previous_text_ = shown(f[static_cast<std::size_t>(previous_row_)]);
    previous_row_ = -1;
  }
  void finish(Finding& f, const TableSummary&) override {
    std::string what;
    switch (rule_.kind) {
      case RuleKind::kIncreasing:
        what = rule_.strictly ? "not above the previous value" : "below the previous value";
        break;
      case RuleKind::kDecreasing:
        what = rule_.strictly ? "not below the previous value" : "above the previous value";
        break;
      case RuleKind::kTimestampsMonotonic:
        what =
            rule_.strictly ? "not after the previous timestamp" : "before the previous timestamp";
        break;
      case RuleKind::kMaxGap:
        what = "more than " + format_double(rule_.max_seconds) + " s after the previous timestamp";
        break;
      default:
        what = "at a rate outside " + format_double(rule_.hz) + " Hz ± " +
               percent(rule_.tolerance) + " of the previous timestamp";
        break;
    }
    finish_row_level(f, tally_, rule_.mostly, what);
    if (rule_.kind == RuleKind::kSamplingRate && values_ >= 2 && last_ > first_) {
      const double mean_rate = static_cast<double>(values_ - 1) / (last_ - first_);
      f.evidence.emplace_back("mean_rate_hz", mean_rate);
      f.message += "; mean rate " + format_short(mean_rate) + " Hz";
    }
  }

 private:
  bool step_ok(double x) const {
    const double d = x - previous_;
    switch (rule_.kind) {
      case RuleKind::kIncreasing:
      case RuleKind::kTimestampsMonotonic:
        return rule_.strictly ? d > 0 : d >= 0;
      case RuleKind::kDecreasing:
        return rule_.strictly ? d < 0 : d <= 0;
      case RuleKind::kMaxGap:
        return d <= rule_.max_seconds;
      default:  // sampling rate: |1/d - hz| <= tolerance * hz
        return d > 0 && std::fabs(1.0 / d - rule_.hz) <= rule_.tolerance * rule_.hz;
    }
  }

  std::size_t col_;
  bool has_previous_ = false;
  double previous_ = 0.0, first_ = 0.0, last_ = 0.0;
  std::uint64_t values_ = 0;
  std::ptrdiff_t previous_row_ = -1;  // row of the previous value in this batch, or -1
  std::string previous_text_;
};

class PairGreater final : public Evaluator {
 public:
  PairGreater(const Rule& r, std::size_t ex, std::size_t a, std::size_t b)
      : Evaluator(r, ex), a_(a), b_(b) {}
  void consume(BatchContext& ctx) override {
    const NumericView& va = ctx.numbers(a_);
    const NumericView& vb = ctx.numbers(b_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (va.state[r] == kNull || vb.state[r] == kNull) continue;
      ++tally_.evaluated;
      const bool ok = va.state[r] == kValue && vb.state[r] == kValue &&
                      (rule_.or_equal ? va.value[r] >= vb.value[r] : va.value[r] > vb.value[r]);
      if (!ok && tally_.fail(ctx, r)) {
        tally_.example(ctx, r,
                       rule_.column + "=" + shown(ctx.fields(a_)[r]) + ", " + rule_.column_b + "=" +
                           shown(ctx.fields(b_)[r]));
      }
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly,
                     std::string("where ") + rule_.column +
                         std::string(rule_.or_equal ? " < " : " <= ") + rule_.column_b);
  }

 private:
  std::size_t a_, b_;
};

class ExpressionCheck final : public Evaluator {
 public:
  ExpressionCheck(const Rule& r, std::size_t ex, std::vector<std::size_t> cols,
                  std::vector<bool> as_string)
      : Evaluator(r, ex),
        cols_(std::move(cols)),
        as_string_(std::move(as_string)),
        values_(cols_.size()) {}
  void consume(BatchContext& ctx) override {
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      for (std::size_t k = 0; k < cols_.size(); ++k) {
        values_[k] = value_of(ctx.fields(cols_[k])[r], as_string_[k]);
      }
      const ExprValue result = rule_.expression->evaluate(values_);
      if (result.kind == ExprValue::kNull) continue;
      ++tally_.evaluated;
      if (result.kind == ExprValue::kBool && result.boolean) continue;
      std::string value = row_text(ctx, r);
      if (result.kind == ExprValue::kError) value = std::string(result.text) + ": " + value;
      if (result.kind == ExprValue::kNumber || result.kind == ExprValue::kString)
        value = "not true or false: " + value;
      if (tally_.fail(ctx, r)) tally_.example(ctx, r, clip(value, 2 * kExampleBytes));
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    finish_row_level(f, tally_, rule_.mostly, "where the expression is false");
  }

 private:
  static ExprValue value_of(const Field& f, bool as_string) {
    if (null_field(f)) return ExprValue::null();
    switch (f.kind) {
      case FieldKind::kNumber:
        return ExprValue::of(parse_number(f.text()).value_or(0.0));
      case FieldKind::kBoolean:
        return ExprValue::of_bool(f.text() == "true");
      case FieldKind::kString:
      case FieldKind::kNested:
        return ExprValue::of_string(f.text());
      default:
        break;
    }
    if (!as_string) {
      if (auto x = parse_number(f.text())) return ExprValue::of(*x);
      if (auto b = parse_boolean(f.text())) return ExprValue::of_bool(*b);
    }
    return ExprValue::of_string(f.text());
  }

  std::string row_text(const BatchContext& ctx, std::size_t r) const {
    std::string out;
    const auto& names = rule_.expression->columns();
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      if (k > 0) out += ", ";
      out += names[k] + "=" + shown(ctx.fields(cols_[k])[r]);
    }
    return out;
  }

  std::vector<std::size_t> cols_;
  std::vector<bool> as_string_;
  std::vector<ExprValue> values_;
};

// Shared by statistics rules: the numeric values that were not numbers, counted.
void note_non_numeric(Finding& f, std::uint64_t bad) {
  f.evidence.emplace_back("non_numeric", static_cast<double>(bad));
  if (bad > 0) {
    f.message += "; " + std::to_string(bad) + " non-numeric value" +
                 std::string(bad == 1 ? "" : "s") + " ignored";
  }
}

// Judges an observed statistic against bounds.
void judge(Finding& f, const Rule& rule, std::string name, double observed) {
  f.observed = observed;
  f.observed_name = name;
  const Bounds& b = rule.bounds;
  double margin = std::numeric_limits<double>::infinity();
  if (b.min) margin = std::min(margin, observed - *b.min);
  if (b.max) margin = std::min(margin, *b.max - observed);
  f.margin = margin;
  const bool held = b.contains(observed);
  f.outcome = held ? Outcome::kHeld : Outcome::kViolated;
  f.message = name + " " + format_short(observed, 8) +
              std::string(held ? " within " : " outside ") + b.text();
}

void not_evaluable(Finding& f, std::string why) {
  f.outcome = Outcome::kNotEvaluable;
  f.message = "could not be evaluated: " + std::move(why);
}

// mean, stdev, sum, min, max: one pass, constant memory. Values gather in blocks of 1024; a
// full block is folded into the running mean and sum of squared deviations with the pairwise
// update of Chan, Golub and LeVeque (Am. Stat. 37(3), 1983), exact in the block's own mean, so
// long columns stay accurate without a division per value, and the result depends only on the
// sequence of values, not on how the reader batches rows. The sum is Neumaier's compensated
// sum (ZAMM 54, 1974).
class Moments final : public Evaluator {
 public:
  Moments(const Rule& r, std::size_t ex, std::size_t col) : Evaluator(r, ex), col_(col) {}
  void consume(BatchContext& ctx) override {
    const NumericView& v = ctx.numbers(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (v.state[r] == kNull) continue;
      if (v.state[r] == kBad) {
        ++bad_;
        continue;
      }
      const double x = v.value[r];
      min_ = std::min(min_, x);
      max_ = std::max(max_, x);
      if (std::isinf(x)) {
        (x > 0 ? pos_inf_ : neg_inf_) += 1;
        continue;
      }
      const double t = sum_ + x;
      compensation_ += std::fabs(sum_) >= std::fabs(x) ? (sum_ - t) + x : (x - t) + sum_;
      sum_ = t;
      block_[fill_++] = x;
      if (fill_ == block_.size()) fold();
    }
  }
  void finish(Finding& f, const TableSummary&) override {
    fold();
    const std::uint64_t count = n_ + pos_inf_ + neg_inf_;
    f.evidence.emplace_back("values", static_cast<double>(count));
    const double inf = std::numeric_limits<double>::infinity();
    if (count == 0) {
      not_evaluable(f, "no numeric values in column \"" + rule_.column + "\"");
    } else {
      switch (rule_.kind) {
        case RuleKind::kMinBetween:
          judge(f, rule_, "min", min_);
          break;
        case RuleKind::kMaxBetween:
          judge(f, rule_, "max", max_);
          break;
        case RuleKind::kMeanBetween:
        case RuleKind::kSumBetween: {
          const bool mean = rule_.kind == RuleKind::kMeanBetween;
          if (pos_inf_ > 0 && neg_inf_ > 0) {
            not_evaluable(f, "the column holds both inf and -inf");
          } else if (pos_inf_ > 0 || neg_inf_ > 0) {
            judge(f, rule_, mean ? "mean" : "sum", pos_inf_ > 0 ? inf : -inf);
          } else {
            judge(f, rule_, mean ? "mean" : "sum", mean ? mean_ : sum_ + compensation_);
          }
          break;
        }
        default:  // sample standard deviation (n - 1), as pandas and Great Expectations
          if (pos_inf_ > 0 || neg_inf_ > 0) {
            not_evaluable(f, "the column holds infinite values");
          } else if (n_ < 2) {
            not_evaluable(
                f, "the standard deviation needs at least 2 values, found " + std::to_string(n_));
          } else {
            judge(f, rule_, "stdev", std::sqrt(m2_ / static_cast<double>(n_ - 1)));
          }
          break;
      }
    }
    note_non_numeric(f, bad_);
  }

 private:
  void fold() {
    if (fill_ == 0) return;
    const auto nb = static_cast<double>(fill_);
    double block_sum = 0.0;
    for (std::size_t i = 0; i < fill_; ++i) block_sum += block_[i];
    const double block_mean = block_sum / nb;
    double block_m2 = 0.0;
    for (std::size_t i = 0; i < fill_; ++i) {
      const double d = block_[i] - block_mean;
      block_m2 += d * d;
    }
    const auto na = static_cast<double>(n_);
    const double total = na + nb;
    const double delta = block_mean - mean_;
    mean_ += delta * nb / total;
    m2_ += block_m2 + delta * delta * na * nb / total;
    n_ += fill_;
    fill_ = 0;
  }

  std::size_t col_;
  std::uint64_t n_ = 0, bad_ = 0, pos_inf_ = 0, neg_inf_ = 0;
  double mean_ = 0.0, m2_ = 0.0, sum_ = 0.0, compensation_ = 0.0;
  std::array<double, 1024> block_{};
  std::size_t fill_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

// An order-preserving map of doubles to unsigned integers: flip all bits of negatives, the sign
// bit of the rest. So key order is numeric order (-0 is mapped as +0 first).
std::uint64_t order_key(double x) {
  if (x == 0.0) x = 0.0;
  const auto bits = std::bit_cast<std::uint64_t>(x);
  return (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63);
}

double from_order_key(std::uint64_t key) {
  const std::uint64_t bits = (key >> 63) ? key & ~(std::uint64_t{1} << 63) : ~key;
  return std::bit_cast<double>(bits);
}

// Finds the k-th smallest (0-based) value with passes over the data: each pass counts the
// next 16 bits of the keys that share the prefix found so far (a most-significant-digit radix
// selection), and once few enough values share the prefix, one pass collects them.
class RadixSelect {
 public:
  RadixSelect(std::uint64_t k, std::size_t memory) : k_(k), memory_(memory) {}

  [[nodiscard]] bool done() const { return done_; }
  [[nodiscard]] double value() const { return value_; }

  void start_pass() {
    if (collecting_) {
      candidates_.clear();
    } else {
      histogram_.assign(std::size_t{1} << 16, 0);
    }
  }

  void add(double x) {
    const std::uint64_t key = order_key(x);
    if (bits_ > 0 && (key >> (64 - bits_)) != (prefix_ >> (64 - bits_))) return;
    if (collecting_) {
      candidates_.push_back(x);
    } else {
      ++histogram_[(key >> (48 - bits_)) & 0xFFFF];
    }
  }

  void end_pass() {
    if (collecting_) {
      if (k_ >= candidates_.size()) {  // only if the file changed between passes
        value_ = std::numeric_limits<double>::quiet_NaN();
        done_ = true;
        return;
      }
      const auto nth = candidates_.begin() + static_cast<std::ptrdiff_t>(k_);
      std::nth_element(candidates_.begin(), nth, candidates_.end());
      value_ = *nth;
      done_ = true;
      candidates_ = {};
      return;
    }
    std::uint64_t below = 0;
    std::size_t digit = 0;
    while (digit + 1 < histogram_.size() && below + histogram_[digit] <= k_)
      below += histogram_[digit++];
    const std::uint64_t in_bucket = histogram_[digit];
    k_ -= below;
    prefix_ |= static_cast<std::uint64_t>(digit) << (48 - bits_);
    bits_ += 16;
    histogram_ = {};
    if (bits_ == 64) {
      value_ = from_order_key(prefix_);
      done_ = true;
    } else if (in_bucket <= memory_) {
      collecting_ = true;
    }
  }

 private:
  std::uint64_t k_;
  std::size_t memory_;
  std::uint64_t prefix_ = 0;
  int bits_ = 0;
  bool collecting_ = false, done_ = false;
  double value_ = 0.0;
  std::vector<std::uint64_t> histogram_;
  std::vector<double> candidates_;
};

// median and quantiles, exactly, with linear interpolation between order statistics (pandas'
// default, Hyndman and Fan's type 7): q-th quantile = x[h] + (h - floor h)(x[h+1] - x[h]),
// h = (n - 1) q.
class Quantile final : public Evaluator {
 public:
  Quantile(const Rule& r, std::size_t ex, std::size_t col, std::size_t memory)
      : Evaluator(r, ex), col_(col), memory_(std::max<std::size_t>(memory, 1)) {}

  void consume(BatchContext& ctx) override {
    const NumericView& v = ctx.numbers(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (v.state[r] == kNull) continue;
      if (v.state[r] == kBad) {
        ++bad_;
        continue;
      }
      ++n_;
      if (in_memory_) {
        values_.push_back(v.value[r]);
        if (values_.size() > memory_) {
          in_memory_ = false;
          values_ = {};
        }
      }
    }
  }

  [[nodiscard]] bool needs_pass() const override {
    if (in_memory_ || n_ == 0) return false;
    if (!selectors_started_) return true;
    for (const auto& s : selectors_) {
      if (!s.done()) return true;
    }
    return false;
  }

  void pass_consume(BatchContext& ctx) override {
    if (!selectors_started_) {
      const auto [lo, hi] = ranks();
      selectors_.emplace_back(lo, memory_);
      if (hi != lo) selectors_.emplace_back(hi, memory_);
      selectors_started_ = true;
      for (auto& s : selectors_) s.start_pass();
      pass_open_ = true;
    }
    if (!pass_open_) {
      for (auto& s : selectors_) {
        if (!s.done()) s.start_pass();
      }
      pass_open_ = true;
    }
    const NumericView& v = ctx.numbers(col_);
    for (std::size_t r = 0; r < ctx.rows(); ++r) {
      if (v.state[r] != kValue) continue;
      for (auto& s : selectors_) {
        if (!s.done()) s.add(v.value[r]);
      }
    }
  }

  void end_pass() override {
    if (!pass_open_) return;
    for (auto& s : selectors_) {
      if (!s.done()) s.end_pass();
    }
    pass_open_ = false;
  }

  void finish(Finding& f, const TableSummary&) override {
    f.evidence.emplace_back("values", static_cast<double>(n_));
    const std::string name = rule_.kind == RuleKind::kMedianBetween
                                 ? "median"
                                 : "quantile " + format_double(rule_.quantile);
    if (n_ == 0) {
      not_evaluable(f, "no numeric values in column \"" + rule_.column + "\"");
    } else {
      const auto [lo, hi] = ranks();
      double x_lo = 0.0, x_hi = 0.0;
      if (in_memory_) {
        x_lo = select(lo);
        x_hi = hi == lo ? x_lo : select(hi);
      } else {
        x_lo = selectors_[0].value();
        x_hi = selectors_.size() > 1 ? selectors_[1].value() : x_lo;
      }
      const double h = static_cast<double>(n_ - 1) * q();
      const double frac = h - std::floor(h);
      const double value = frac == 0.0 ? x_lo : x_lo + frac * (x_hi - x_lo);
      if (std::isnan(value)) {
        not_evaluable(f, "the data changed between the passes over it");
      } else {
        judge(f, rule_, name, value);
      }
    }
    note_non_numeric(f, bad_);
  }

 private:
  double q() const { return rule_.kind == RuleKind::kMedianBetween ? 0.5 : rule_.quantile; }

  std::pair<std::uint64_t, std::uint64_t> ranks() const {
    const double h = static_cast<double>(n_ - 1) * q();
    const auto lo = static_cast<std::uint64_t>(std::floor(h));
    return {lo, std::min<std::uint64_t>(h > std::floor(h) ? lo + 1 : lo, n_ - 1)};
  }

  double select(std::uint64_t k) {
    const auto nth = values_.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(values_.begin(), nth, values_.end());
    return *nth;
  }

  std::size_t col_;
  std::size_t memory_;
  std::uint64_t n_ = 0, bad_ = 0;
  bool in_memory_ = true;
  std::vector<double> values_;
  std::vector<RadixSelect> selectors_;
  bool selectors_started_ = false, pass_open_ = false;
};

// Rules about the table as a whole, judged from what was read.
class TableRule final : public Evaluator {
 public:
  TableRule(const Rule& r, std::size_t ex) : Evaluator(r, ex) {}
  void consume(BatchContext&) override {}
  void finish(Finding& f, const TableSummary& table) override {
    switch (rule_.kind) {
      case RuleKind::kColumnExists:
        f.outcome = Outcome::kHeld;
        f.message = "column \"" + rule_.column + "\" is present";
        break;
      case RuleKind::kRowCountBetween:
        judge(f, rule_, "rows", static_cast<double>(table.rows));
        break;
      default:
        column_set(f, table);
        break;
    }
  }

 private:
  void column_set(Finding& f, const TableSummary& table) const {
    std::vector<std::string> missing, unexpected;
    for (const auto& c : rule_.columns) {
      if (std::find(table.columns.begin(), table.columns.end(), c) == table.columns.end())
        missing.push_back(c);
    }
    if (rule_.exact_match) {
      for (const auto& c : table.columns) {
        if (std::find(rule_.columns.begin(), rule_.columns.end(), c) == rule_.columns.end())
          unexpected.push_back(c);
      }
    }
    const auto list = [](const std::vector<std::string>& names) {
      std::string out;
      for (const auto& n : names) out += std::string(out.empty() ? "\"" : ", \"") + n + "\"";
      return out;
    };
    f.evidence.emplace_back("missing_columns", static_cast<double>(missing.size()));
    f.evidence.emplace_back("unexpected_columns", static_cast<double>(unexpected.size()));
    if (missing.empty() && unexpected.empty()) {
      f.outcome = Outcome::kHeld;
      f.message =
          rule_.exact_match ? "the columns match the set" : "all listed columns are present";
      return;
    }
    f.outcome = Outcome::kViolated;
    f.message.clear();
    if (!missing.empty()) f.message = "missing columns " + list(missing);
    if (!unexpected.empty()) {
      f.message += std::string(f.message.empty() ? "" : "; ") + std::string("unexpected columns ") +
                   list(unexpected);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// The engine.

std::vector<std::pair<std::string, double>> rule_parameters(const Rule& rule) {
  std::vector<std::pair<std::string, double>> out;
  if (rule.bounds.min) out.emplace_back("min_value", *rule.bounds.min);
  if (rule.bounds.max) out.emplace_back("max_value", *rule.bounds.max);
  if (rule.kind == RuleKind::kQuantileBetween) out.emplace_back("quantile", rule.quantile);
  if (rule.kind == RuleKind::kMaxGap) out.emplace_back("max_seconds", rule.max_seconds);
  if (rule.kind == RuleKind::kSamplingRate) {
    out.emplace_back("hz", rule.hz);
    out.emplace_back("tolerance", rule.tolerance);
  }
  if (rule_info(rule.kind).row_level) out.emplace_back("mostly", rule.mostly);
  return out;
}

std::unique_ptr<Evaluator> make_evaluator(const Rule& rule, const RuleSet& set,
                                          const std::vector<std::size_t>& cols,
                                          const CheckOptions& options) {
  const std::size_t ex = options.examples;
  switch (rule.kind) {
    case RuleKind::kColumnExists:
    case RuleKind::kColumnSet:
    case RuleKind::kRowCountBetween:
      return std::make_unique<TableRule>(rule, ex);
    case RuleKind::kType:
      return std::make_unique<TypeCheck>(rule, ex, cols[0]);
    case RuleKind::kNotNull:
      return std::make_unique<NotNull>(rule, ex, cols[0]);
    case RuleKind::kUnique: {
      const auto it = set.types.find(rule.column);
      return std::make_unique<Unique>(
          rule, ex, cols[0],
          it == set.types.end() ? std::nullopt : std::optional<ColumnType>(it->second));
    }
    case RuleKind::kCompoundUnique:
      return std::make_unique<CompoundUnique>(rule, ex, cols);
    case RuleKind::kBetween:
      return std::make_unique<Between>(rule, ex, cols[0]);
    case RuleKind::kInSet:
    case RuleKind::kNotInSet:
      return std::make_unique<SetMembership>(rule, ex, cols[0]);
    case RuleKind::kRegex:
      return std::make_unique<RegexMatch>(rule, ex, cols[0]);
    case RuleKind::kLengthBetween:
      return std::make_unique<LengthBetween>(rule, ex, cols[0]);
    case RuleKind::kIncreasing:
    case RuleKind::kDecreasing:
    case RuleKind::kTimestampsMonotonic:
    case RuleKind::kMaxGap:
    case RuleKind::kSamplingRate:
      return std::make_unique<Sequence>(rule, ex, cols[0]);
    case RuleKind::kMeanBetween:
    case RuleKind::kStdevBetween:
    case RuleKind::kMinBetween:
    case RuleKind::kMaxBetween:
    case RuleKind::kSumBetween:
      return std::make_unique<Moments>(rule, ex, cols[0]);
    case RuleKind::kMedianBetween:
    case RuleKind::kQuantileBetween:
      return std::make_unique<Quantile>(rule, ex, cols[0], options.max_values_in_memory);
    case RuleKind::kPairGreater:
      return std::make_unique<PairGreater>(rule, ex, cols[0], cols[1]);
    case RuleKind::kExpression: {
      std::vector<bool> as_string;
      for (const auto& name : rule.expression->columns()) {
        const auto it = set.types.find(name);
        as_string.push_back(it != set.types.end() && it->second == ColumnType::kString);
      }
      return std::make_unique<ExpressionCheck>(rule, ex, cols, std::move(as_string));
    }
  }
  return nullptr;
}

// Rows whose field count differs from the header's: a finding, not an input error, so one bad
// row does not hide what the rules say about the rest.
class Structure {
 public:
  explicit Structure(std::size_t examples) : tally_(examples) {}
  void consume(const BatchContext& ctx) {
    const Batch& b = ctx.batch();
    for (std::size_t r = 0; r < b.rows; ++r) {
      ++tally_.evaluated;
      if (b.field_counts[r] != b.columns && tally_.fail(ctx, r)) {
        tally_.example(
            ctx, r,
            std::to_string(b.field_counts[r]) + " fields, expected " + std::to_string(b.columns),
            static_cast<double>(b.field_counts[r]));
      }
    }
  }
  Finding finish() {
    Finding f;
    f.rule_id = "structure";
    f.kind = "structure";
    f.description = "every row has as many fields as the header";
    finish_row_level(f, tally_, 1.0, "with the wrong number of fields", "rows");
    if (f.failed > 0) {
      f.message += " (short rows are padded with nulls, extra fields are ignored)";
    }
    return f;
  }

 private:
  Tally tally_;
};

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size() && i < 20; ++i)
    out += std::string(i ? ", " : "") + columns[i];
  if (columns.size() > 20) out += ", ... (" + std::to_string(columns.size()) + " columns)";
  return out.empty() ? "none" : out;
}

}  // namespace

Result<CheckReport> check_table(const RuleSet& rules, const TableOpener& open,
                                const CheckOptions& options, const std::string& path) {
  auto reader = open();
  if (!reader.ok()) return reader.error();
  CheckReport report;
  report.table.path = path;
  report.table.columns = (*reader)->columns();
  const auto& columns = report.table.columns;

  // Resolve columns; a rule naming a missing column is violated and not evaluated.
  std::vector<std::unique_ptr<Evaluator>> evaluators(rules.rules.size());
  report.findings.resize(rules.rules.size() + 1);
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    Finding& f = report.findings[i + 1];
    f.rule_id = rule.id;
    f.kind = std::string(rule_info(rule.kind).name);
    f.severity = rule.severity;
    f.description = rule.description;
    f.row_level = rule_info(rule.kind).row_level;
    f.mostly = rule.mostly;
    f.parameters = rule_parameters(rule);
    std::vector<std::size_t> cols;
    std::vector<std::string> missing;
    for (const auto& name : rule.input_columns()) {
      const auto it = std::find(columns.begin(), columns.end(), name);
      if (it == columns.end()) {
        missing.push_back(name);
      } else {
        cols.push_back(static_cast<std::size_t>(it - columns.begin()));
      }
    }
    if (!missing.empty()) {
      f.outcome = Outcome::kViolated;
      f.message = std::string(missing.size() == 1 ? "column " : "columns ");
      for (std::size_t k = 0; k < missing.size(); ++k)
        f.message += std::string(k ? ", \"" : "\"") + missing[k] + "\"";
      f.message += std::string(missing.size() == 1 ? " is" : " are") +
                   " not in the data (columns: " + column_list(columns) + ")";
      f.evidence.emplace_back("missing_columns", static_cast<double>(missing.size()));
      continue;
    }
    evaluators[i] = make_evaluator(rule, rules, cols, options);
  }

  Structure structure(options.examples);
  BatchContext ctx(columns.size());
  Batch batch;
  for (;;) {
    auto more = (*reader)->next(batch);
    if (!more.ok()) return more.error();
    if (!*more) break;
    report.table.rows += batch.rows;
    ctx.set(batch);
    structure.consume(ctx);
    for (auto& e : evaluators) {
      if (e) e->consume(ctx);
    }
  }
  report.table.bytes = (*reader)->bytes_read();
  report.table.sha256 = (*reader)->sha256();

  // Extra passes for exact quantiles of columns larger than the memory budget.
  for (;;) {
    const bool any = std::any_of(evaluators.begin(), evaluators.end(),
                                 [](const auto& e) { return e && e->needs_pass(); });
    if (!any) break;
    auto again = open();
    if (!again.ok()) return again.error();
    ++report.table.passes;
    std::uint64_t rows = 0;
    for (;;) {
      auto more = (*again)->next(batch);
      if (!more.ok()) return more.error();
      if (!*more) break;
      rows += batch.rows;
      ctx.set(batch);
      for (auto& e : evaluators) {
        if (e && e->needs_pass()) e->pass_consume(ctx);
      }
    }
    if (rows != report.table.rows) {
      return Error{"the data changed while it was read (" + std::to_string(report.table.rows) +
                       " rows, then " + std::to_string(rows) + ")",
                   {path, 0, 0, ""}};
    }
    for (auto& e : evaluators) {
      if (e) e->end_pass();
    }
  }

  report.findings[0] = structure.finish();
  for (std::size_t i = 0; i < evaluators.size(); ++i) {
    if (evaluators[i]) evaluators[i]->finish(report.findings[i + 1], report.table);
  }
  return report;
}

Result<CheckReport> check_file(const RuleSet& rules, const std::string& path,
                               const CheckOptions& options) {
  bool first = true;
  return check_table(
      rules,
      [&]() {
        // Only the first pass hashes: the digest describes the file once.
        ReadOptions read = options.read;
        read.hash = read.hash && first;
        first = false;
        return open_table(path, read);
      },
      options, path);
}

Result<CheckReport> check_text(const RuleSet& rules, const std::string& text, Format format,
                               const CheckOptions& options) {
  return check_table(
      rules, [&]() { return open_table_text(text, "<data>", format, options.read); }, options,
      "<data>");
}

}  // namespace assay::data
