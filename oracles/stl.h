// Signal temporal logic (STL) over trace signals, with quantitative (space) robustness as in
// Donzé–Maler (reference: falsification-and-pbt.md §3). A formula is parsed once from text and
// then evaluated over any Trace; robustness > 0 means satisfied, < 0 violated, and its value is
// how far the trace is from the boundary. The language is documented in docs/stl.md.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/trace.h"

namespace assay::stl {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
/// Longest formula text accepted (bytes); longer input is an error, not a slow parse.
inline constexpr std::size_t kMaxFormulaBytes = 64 * 1024;
/// Longest trace evaluated (samples), so window indices fit in 32 bits.
inline constexpr std::size_t kMaxSamples = std::size_t{1} << 31;
/// Deepest nesting of parentheses and operators accepted.
inline constexpr int kMaxDepth = 100;

/// Slack with which a sample time matches an interval bound t (s): 1e-9·(1 + |t|), so 0.1 + 0.2
/// still lands on the 0.3 s sample. Shared by the offline evaluator and the streaming monitor.
inline double time_slack(double t) {
  return 1e-9 * (1.0 + std::abs(t));
}

enum class Op {
  // numeric expressions
  kNumber,
  kSignal,
  kParam,
  kNeg,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kAbs,
  kMin,
  kMax,
  // atoms and comparisons (formulas)
  kTrue,
  kFalse,
  kLess,
  kLessEq,
  kGreater,
  kGreaterEq,
  kEqual,
  kNotEqual,
  // Boolean connectives
  kNot,
  kAnd,
  kOr,
  kImplies,
  // temporal operators: future, then past
  kAlways,
  kEventually,
  kUntil,
  kHistorically,
  kOnce,
};

/// A time interval [lo, hi] in seconds, relative to the current time; hi may be infinite.
struct Interval {
  double lo = 0.0;
  double hi = kInfinity;
  friend bool operator==(const Interval&, const Interval&) = default;
};

/// One node of a formula. Children always come before their parent in Formula::nodes.
struct Node {
  Op op = Op::kTrue;
  double number = 0.0;    // kNumber
  std::string name;       // kSignal: trace signal name; kParam: parameter name (without '$')
  Interval interval;      // temporal operators
  std::vector<int> args;  // indices into Formula::nodes
  int column = 1;         // 1-based byte column of the node in the formula text
};

/// A parsed formula: nodes in evaluation order, the last one is the root.
struct Formula {
  std::string text;
  std::vector<Node> nodes;

  /// The root node.
  [[nodiscard]] const Node& root() const { return nodes.back(); }
  /// Distinct signal names used, sorted.
  [[nodiscard]] std::vector<std::string> signals() const;
  /// Distinct parameter names used ("$name" references), sorted.
  [[nodiscard]] std::vector<std::string> params() const;
  /// True when every temporal operator has a finite upper bound (needed for early verdicts).
  [[nodiscard]] bool bounded() const;
  /// How far into the future (s) the root's value at t depends on samples (infinite if unbounded).
  [[nodiscard]] double horizon() const;
};

/// Whether a node is a formula (true/false valued) rather than a numeric expression.
bool is_formula(Op op);

/// Parses formula text. On error, Error::where.column is the 1-based column in `text`.
Result<Formula> parse(std::string_view text);

/// Values for "$name" references, in SI units.
using Params = std::vector<std::pair<std::string, double>>;

/// The robustness signal: one value per trace sample (±infinity allowed), plus the unit of the
/// robustness when every comparison in the formula has the same unit (else empty).
struct Robustness {
  std::vector<double> values;
  std::string unit;
  /// When the root is always/eventually: the time in its window at t = 0 where its operand is
  /// worst (always) or best (eventually), i.e. the sample that decides the verdict.
  std::optional<double> critical_time;
};

/// Evaluates a formula over a whole trace in O(n) per operator, independent of interval widths
/// (monotone-wedge sliding minimum and maximum). Windows are clipped to the trace; an empty window
/// gives +∞ for always/historically and -∞ for eventually/once/until. A missing signal or
/// parameter, an empty trace and a NaN value are errors naming the formula column.
Result<Robustness> evaluate(const Formula& f, const Trace& trace, const Params& params = {});

/// Reference evaluator straight from the definitions, O(n·w): for tests only.
Result<Robustness> evaluate_brute_force(const Formula& f, const Trace& trace,
                                        const Params& params = {});

/// Text of an operator as written in formulas ("always", "+", "<=", ...).
std::string_view op_text(Op op);

/// The formula text with a caret under a column, for messages (two lines).
std::string caret_line(std::string_view text, int column);

}  // namespace assay::stl
