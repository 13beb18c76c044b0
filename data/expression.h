// A small, safe expression language over the columns of a row, for the `expression` rule:
//
//   speed >= 0 and speed <= max_speed * 1.1
//   abs(lat) <= 90 or is_null(lat)
//   `gear ratio` > 0 and status != 'failed'
//
// Values are numbers, strings, booleans and null. Operators, loosest first: or (||), and (&&),
// not (!), comparisons (< <= > >= == != =), + -, * / %, unary -. Functions: abs, sqrt, log,
// exp, floor, ceil, pow(x, y), min(a, b, ...), max(a, b, ...), len(s), is_null(x). Columns
// are bare names or `back-quoted names`. Null propagates through arithmetic and comparisons,
// and `and`/`or` follow three-valued (Kleene) logic, as in SQL. Nothing is executed but this
// arithmetic: no calls out, no loops, no assignment; parsing is depth-limited.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace assay::data {

/// A value during evaluation. Strings view the row's fields or the expression's literals.
struct ExprValue {
  enum Kind : std::uint8_t { kNull, kNumber, kString, kBool, kError } kind = kNull;
  double number = 0.0;
  std::string_view text;  // string value, or the error message
  bool boolean = false;

  static ExprValue null() { return {}; }
  static ExprValue of(double v);
  static ExprValue of_bool(bool v);
  static ExprValue of_string(std::string_view v);
  static ExprValue error(std::string_view why);
};

/// A parsed expression.
class Expression {
 public:
  /// Parses `text`; errors give the 1-based character offset in Error::where.column.
  static Result<Expression> parse(std::string_view text);

  /// The column names the expression reads, in order of first use.
  [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }

  /// Evaluates with `values[i]` the value of columns()[i].
  [[nodiscard]] ExprValue evaluate(const std::vector<ExprValue>& values) const;

  /// The text as given.
  [[nodiscard]] const std::string& text() const { return text_; }

  enum class Op : std::uint8_t {
    kConst,
    kColumn,
    kNeg,
    kNot,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kMod,
    kLt,
    kLe,
    kGt,
    kGe,
    kEq,
    kNe,
    kAnd,
    kOr,
    kCall
  };
  enum class Fn : std::uint8_t {
    kAbs,
    kSqrt,
    kLog,
    kExp,
    kFloor,
    kCeil,
    kPow,
    kMin,
    kMax,
    kLen,
    kIsNull
  };
  struct Step {
    Op op = Op::kConst;
    std::uint32_t index = 0;  // constant or column index, or function
    std::uint32_t argc = 0;   // arguments of a call
  };

 private:
  friend class ExpressionParser;
  std::string text_;
  std::vector<std::string> columns_;
  std::vector<std::string> strings_;  // string literals
  std::vector<ExprValue> constants_;
  std::vector<int> literal_of_;  // for each constant, its string literal or -1
  std::vector<Step> program_;    // postfix
  std::size_t max_stack_ = 0;
};

}  // namespace assay::data
