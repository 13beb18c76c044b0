// Offline STL robustness. Every node becomes one value per trace sample, children first. The
// temporal operators use a monotone wedge (Lemire 2006; reference: falsification-and-pbt.md §3):
// a deque of sample indices whose values are monotone, so each sample enters and leaves once and
// a window minimum or maximum costs O(1) amortised whatever the window width. Windows are given
// in seconds and found on the time column with two pointers, so uneven sampling works too.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "oracles/stl.h"

namespace assay::stl {
namespace {

double slack(double t) {
  return time_slack(t);
}
bool at_or_after(double t, double bound) {
  return t >= bound - slack(bound);
}
bool at_or_before(double t, double bound) {
  return t <= bound + slack(bound);
}

Error error_at(int column, std::string message) {
  Error e = make_error(std::move(message));
  e.where.column = column;
  return e;
}

// Buffers kept per thread between evaluations. Large buffers freed to the allocator go back to
// the kernel and fault in again on the next evaluation, which measured as costly as the
// evaluation itself; a worker thread judges many cases, so it keeps a few.
constexpr std::size_t kKeptBuffers = 4;
struct Scratch {
  std::vector<std::vector<double>> values;
  std::vector<std::vector<std::uint32_t>> indices;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

template <class T>
std::vector<T> take(std::vector<std::vector<T>>& kept) {
  if (kept.empty()) return {};
  std::vector<T> v = std::move(kept.back());
  kept.pop_back();
  return v;
}

template <class T>
void give_back(std::vector<std::vector<T>>& kept, std::vector<T>&& v) {
  if (kept.size() < kKeptBuffers && v.capacity() > 0) kept.push_back(std::move(v));
}

// A monotone wedge over x: front() is the minimum (or maximum) of the indices pushed and not
// yet dropped. Indices are pushed in increasing order; storage is one array of n slots because
// every index is pushed at most once.
class Wedge {
 public:
  Wedge(std::span<const double> x, bool minimum)
      : x_(x), minimum_(minimum), q_(take(scratch().indices)) {
    q_.resize(x.size());
  }
  ~Wedge() { give_back(scratch().indices, std::move(q_)); }
  Wedge(const Wedge&) = delete;
  Wedge& operator=(const Wedge&) = delete;

  void push(std::size_t j) {
    const double v = x_[j];
    if (minimum_) {
      while (tail_ > head_ && x_[q_[tail_ - 1]] >= v) --tail_;
    } else {
      while (tail_ > head_ && x_[q_[tail_ - 1]] <= v) --tail_;
    }
    q_[tail_++] = static_cast<std::uint32_t>(j);
  }
  void drop_before(std::size_t first) {
    while (head_ < tail_ && q_[head_] < first) ++head_;
  }
  [[nodiscard]] bool empty() const { return head_ == tail_; }
  [[nodiscard]] double front() const { return x_[q_[head_]]; }

 private:
  std::span<const double> x_;
  bool minimum_;
  std::vector<std::uint32_t> q_;  // traces are limited to kMaxSamples, so 32 bits suffice
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

// out[i] = min (or max) of x over samples j with t[i]+lo <= t[j] <= t[i]+hi; `empty` if none.
void future_window(std::span<const double> t, std::span<const double> x, Interval iv, bool minimum,
                   double empty, std::vector<double>& out) {
  const std::size_t n = t.size();
  Wedge w(x, minimum);
  std::size_t first = 0;  // first sample at or after t[i]+lo
  std::size_t end = 0;    // one past the last sample pushed (at or before t[i]+hi)
  for (std::size_t i = 0; i < n; ++i) {
    const double lo = t[i] + iv.lo;
    const double hi = t[i] + iv.hi;
    const double lo_slack = lo - slack(lo);  // same test as at_or_after, hoisted
    const double hi_slack = hi + slack(hi);  // same test as at_or_before, hoisted
    while (first < n && t[first] < lo_slack) ++first;
    if (end < first) end = first;
    while (end < n && t[end] <= hi_slack) w.push(end++);
    w.drop_before(first);
    out[i] = w.empty() ? empty : w.front();
  }
}

// out[i] = min (or max) of x over samples j with t[i]-hi <= t[j] <= t[i]-lo; `empty` if none.
void past_window(std::span<const double> t, std::span<const double> x, Interval iv, bool minimum,
                 double empty, std::vector<double>& out) {
  const std::size_t n = t.size();
  Wedge w(x, minimum);
  std::size_t first = 0;
  std::size_t end = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double lo = t[i] - iv.hi;
    const double hi = t[i] - iv.lo;
    const double lo_slack = lo - slack(lo);
    const double hi_slack = hi + slack(hi);
    while (first < n && t[first] < lo_slack) ++first;
    if (end < first) end = first;
    while (end < n && t[end] <= hi_slack) w.push(end++);
    w.drop_before(first);
    out[i] = w.empty() ? empty : w.front();
  }
}

// φ until[a,b] ψ in O(n). With W(i) = [l, h] the samples in [t+a, t+b] and Φ(i, j) the minimum
// of φ over [i, j), the definition max_{j∈W} min(ψ_j, Φ(i, j)) factors (max-min distributivity)
// into min(Φ(i, l), max_{j∈[l,h]} min(ψ_j, Φ(l, j))), and the second factor equals
// min(U(l), max_{[l,h]} ψ) where U is the unbounded until, U(l) = max(ψ_l, min(φ_l, U(l+1))):
// a witness of U beyond h can be replaced by the best ψ sample inside [l, h], since φ's prefix
// minimum only grows when the witness moves earlier. Checked against the brute force in tests.
void until_window(std::span<const double> t, std::span<const double> phi,
                  std::span<const double> psi, Interval iv, std::vector<double>& out) {
  const std::size_t n = t.size();
  std::vector<double> unbounded(n + 1, -kInfinity);
  for (std::size_t l = n; l-- > 0;) {
    unbounded[l] = std::max(psi[l], std::min(phi[l], unbounded[l + 1]));
  }
  Wedge best_psi(psi, false);
  Wedge prefix_phi(phi, true);
  std::size_t first = 0;
  std::size_t end = 0;
  std::size_t phi_end = 0;  // φ samples pushed: [i, first)
  for (std::size_t i = 0; i < n; ++i) {
    while (first < n && !at_or_after(t[first], t[i] + iv.lo)) ++first;
    if (end < first) end = first;
    while (end < n && at_or_before(t[end], t[i] + iv.hi)) best_psi.push(end++);
    best_psi.drop_before(first);
    while (phi_end < first) prefix_phi.push(phi_end++);
    prefix_phi.drop_before(i);
    if (best_psi.empty()) {
      out[i] = -kInfinity;
      continue;
    }
    const double before = prefix_phi.empty() ? kInfinity : prefix_phi.front();
    out[i] = std::min({before, unbounded[first], best_psi.front()});
  }
}

// The unit of a numeric node's values, when known ("" when not).
struct Units {
  std::vector<std::string> of;
  std::string robustness;
  bool mixed = false;
  bool any = false;

  void comparison(const std::string& u) {
    if (!any) {
      robustness = u;
      any = true;
    } else if (robustness != u) {
      mixed = true;
    }
  }
};

std::string show(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Values of a leaf: a signal column or a parameter, checked for NaN.
Status leaf(const Node& n, const Trace& trace, const Params& params, std::vector<double>& out,
            std::span<const double>& view, std::string& unit) {
  if (n.op == Op::kSignal) {
    const auto index = trace.find(n.name);
    if (!index) {
      std::string known;
      for (std::size_t c = 0; c < trace.num_signals() && c < 40; ++c) {
        known += (c ? ", " : "") + trace.info(c).name;
      }
      if (trace.num_signals() > 40) known += ", ...";
      return error_at(n.column, "unknown signal \"" + n.name + "\"; the trace has: " + known);
    }
    view = trace.column(*index);  // read in place: no copy of the column
    unit = trace.info(*index).unit;
    for (std::size_t i = 0; i < view.size(); ++i) {
      if (std::isnan(view[i])) {
        return error_at(n.column, "signal \"" + n.name +
                                      "\" is undefined (nan) at t = " + show(trace.time()[i]) +
                                      " s (sample " + std::to_string(i) + ")");
      }
    }
    return {};
  }
  for (const auto& [name, value] : params) {
    if (name == n.name) {
      out.assign(trace.size(), value);
      view = out;
      return {};
    }
  }
  return error_at(n.column, "unknown parameter \"$" + n.name + "\"");
}

// A NaN made by arithmetic (0/0, inf - inf) is an error at the operator, never a verdict.
Status check_finite_or_inf(const Node& n, const Trace& trace, const std::vector<double>& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) {
      return error_at(n.column, "\"" + std::string(op_text(n.op)) +
                                    "\" is undefined (nan) at t = " + show(trace.time()[i]) +
                                    " s (sample " + std::to_string(i) + ")");
    }
  }
  return {};
}

// out[i] = f(a[i], b[i]); returns whether any result is NaN, found in the same pass.
template <class F>
bool map2(std::span<const double> a, std::span<const double> b, std::vector<double>& out, F f) {
  bool nan = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = f(a[i], b[i]);
    nan |= out[i] != out[i];
  }
  return nan;
}

std::string join_unit(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty() || a == b) return a;
  return "?";
}

// Shared by both evaluators: everything except the temporal operators.
Status evaluate_pointwise(const Node& n, const Trace& trace, const Params& params,
                          std::vector<double>& out, std::vector<std::span<const double>>& view,
                          Units& units, std::size_t k) {
  const std::size_t len = trace.size();
  auto arg = [&](std::size_t i) { return view[static_cast<std::size_t>(n.args[i])]; };
  auto arg_unit = [&](std::size_t i) -> const std::string& {
    return units.of[static_cast<std::size_t>(n.args[i])];
  };
  bool nan = false;  // set by map2, checked where arithmetic can make NaN (0/0, inf - inf)
  switch (n.op) {
    case Op::kNumber:
      std::fill(out.begin(), out.end(), n.number);
      return {};
    case Op::kSignal:
    case Op::kParam:
      return leaf(n, trace, params, out, view[k], units.of[k]);
    case Op::kTrue:
      std::fill(out.begin(), out.end(), kInfinity);
      return {};
    case Op::kFalse:
      std::fill(out.begin(), out.end(), -kInfinity);
      return {};
    case Op::kNeg:
      for (std::size_t i = 0; i < len; ++i) out[i] = -arg(0)[i];
      units.of[k] = arg_unit(0);
      return {};
    case Op::kAbs:
      for (std::size_t i = 0; i < len; ++i) out[i] = std::abs(arg(0)[i]);
      units.of[k] = arg_unit(0);
      return {};
    case Op::kAdd:
    case Op::kSub:
      nan = map2(arg(0), arg(1), out,
                 [&](double a, double b) { return n.op == Op::kAdd ? a + b : a - b; });
      units.of[k] = join_unit(arg_unit(0), arg_unit(1));
      return nan ? check_finite_or_inf(n, trace, out) : Status{};
    case Op::kMul:
    case Op::kDiv:
      nan = map2(arg(0), arg(1), out,
                 [&](double a, double b) { return n.op == Op::kMul ? a * b : a / b; });
      units.of[k] = arg_unit(0).empty() ? arg_unit(1) : (arg_unit(1).empty() ? arg_unit(0) : "?");
      if (n.op == Op::kDiv && !arg_unit(1).empty()) units.of[k] = "?";
      return nan ? check_finite_or_inf(n, trace, out) : Status{};
    case Op::kMin:
    case Op::kMax: {
      out.assign(arg(0).begin(), arg(0).end());
      units.of[k] = arg_unit(0);
      for (std::size_t a = 1; a < n.args.size(); ++a) {
        const auto& x = arg(a);
        for (std::size_t i = 0; i < len; ++i) {
          out[i] = n.op == Op::kMin ? std::min(out[i], x[i]) : std::max(out[i], x[i]);
        }
        units.of[k] = join_unit(units.of[k], arg_unit(a));
      }
      return {};
    }
    // ρ(a > b) = a − b, ρ(a < b) = b − a, ρ(a == b) = −|a − b| (falsification-and-pbt.md §3).
    case Op::kGreater:
    case Op::kGreaterEq:
      nan = map2(arg(0), arg(1), out, [](double a, double b) { return a - b; });
      units.comparison(join_unit(arg_unit(0), arg_unit(1)));
      return nan ? check_finite_or_inf(n, trace, out) : Status{};
    case Op::kLess:
    case Op::kLessEq:
      nan = map2(arg(0), arg(1), out, [](double a, double b) { return b - a; });
      units.comparison(join_unit(arg_unit(0), arg_unit(1)));
      return nan ? check_finite_or_inf(n, trace, out) : Status{};
    case Op::kEqual:
    case Op::kNotEqual: {
      const double sign = n.op == Op::kEqual ? -1.0 : 1.0;
      nan =
          map2(arg(0), arg(1), out, [sign](double a, double b) { return sign * std::abs(a - b); });
      units.comparison(join_unit(arg_unit(0), arg_unit(1)));
      return nan ? check_finite_or_inf(n, trace, out) : Status{};
    }
    case Op::kNot:
      for (std::size_t i = 0; i < len; ++i) out[i] = -arg(0)[i];
      return {};
    case Op::kAnd:
      nan = map2(arg(0), arg(1), out, [](double a, double b) { return std::min(a, b); });
      return {};
    case Op::kOr:
      nan = map2(arg(0), arg(1), out, [](double a, double b) { return std::max(a, b); });
      return {};
    case Op::kImplies:
      nan = map2(arg(0), arg(1), out, [](double a, double b) { return std::max(-a, b); });
      return {};
    default:
      return error_at(n.column, "internal: not a pointwise operator");
  }
}

using TemporalFn = void (*)(const Node&, std::span<const double>, std::span<const double>,
                            std::span<const double>, std::vector<double>&);

void temporal_fast(const Node& n, std::span<const double> t, std::span<const double> a,
                   std::span<const double> b, std::vector<double>& out) {
  switch (n.op) {
    case Op::kAlways:
      future_window(t, a, n.interval, true, kInfinity, out);
      break;
    case Op::kEventually:
      future_window(t, a, n.interval, false, -kInfinity, out);
      break;
    case Op::kHistorically:
      past_window(t, a, n.interval, true, kInfinity, out);
      break;
    case Op::kOnce:
      past_window(t, a, n.interval, false, -kInfinity, out);
      break;
    case Op::kUntil:
      until_window(t, a, b, n.interval, out);
      break;
    default:
      break;
  }
}

// The definitions, read literally: for each sample, scan its whole window.
void temporal_brute(const Node& n, std::span<const double> t, std::span<const double> a,
                    std::span<const double> b, std::vector<double>& out) {
  const std::size_t len = t.size();
  const Interval iv = n.interval;
  for (std::size_t i = 0; i < len; ++i) {
    double r = 0.0;
    switch (n.op) {
      case Op::kAlways:
      case Op::kEventually: {
        const bool always = n.op == Op::kAlways;
        r = always ? kInfinity : -kInfinity;
        for (std::size_t j = 0; j < len; ++j) {
          if (at_or_after(t[j], t[i] + iv.lo) && at_or_before(t[j], t[i] + iv.hi)) {
            r = always ? std::min(r, a[j]) : std::max(r, a[j]);
          }
        }
        break;
      }
      case Op::kHistorically:
      case Op::kOnce: {
        const bool hist = n.op == Op::kHistorically;
        r = hist ? kInfinity : -kInfinity;
        for (std::size_t j = 0; j < len; ++j) {
          if (at_or_after(t[j], t[i] - iv.hi) && at_or_before(t[j], t[i] - iv.lo)) {
            r = hist ? std::min(r, a[j]) : std::max(r, a[j]);
          }
        }
        break;
      }
      case Op::kUntil: {
        // max over j in [t+a, t+b] of min(ψ_j, min over k in [i, j) of φ_k)
        r = -kInfinity;
        for (std::size_t j = i; j < len; ++j) {
          if (!(at_or_after(t[j], t[i] + iv.lo) && at_or_before(t[j], t[i] + iv.hi))) continue;
          double before = kInfinity;
          for (std::size_t k = i; k < j; ++k) before = std::min(before, a[k]);
          r = std::max(r, std::min(b[j], before));
        }
        break;
      }
      default:
        break;
    }
    out[i] = r;
  }
}

// The first sample in the root's window at t = 0 where the operand of always (eventually) is
// smallest (largest).
std::optional<double> critical_time(const Node& n, std::span<const double> t,
                                    std::span<const double> x) {
  if (n.op != Op::kAlways && n.op != Op::kEventually) return std::nullopt;
  std::optional<std::size_t> best;
  for (std::size_t j = 0; j < t.size(); ++j) {
    if (!at_or_after(t[j], t[0] + n.interval.lo) || !at_or_before(t[j], t[0] + n.interval.hi)) {
      continue;
    }
    if (!best || (n.op == Op::kAlways ? x[j] < x[*best] : x[j] > x[*best])) best = j;
  }
  if (!best) return std::nullopt;
  return t[*best];
}

Result<Robustness> run(const Formula& f, const Trace& trace, const Params& params,
                       TemporalFn temporal) {
  if (f.nodes.empty()) return error_at(1, "empty formula");
  if (trace.empty()) return error_at(1, "the trace has no samples");
  if (trace.size() > kMaxSamples) {
    return error_at(1, "trace longer than " + std::to_string(kMaxSamples) + " samples");
  }
  const auto t = trace.time();
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (!(t[i] > t[i - 1])) {
      return error_at(1, "trace time must increase strictly; sample " + std::to_string(i) +
                             " has t = " + show(t[i]) + " after " + show(t[i - 1]));
    }
  }
  // Owned values per node, a read-only view of each (a signal is viewed in place), and a pool
  // of freed buffers so a parent reuses its child's memory instead of allocating.
  std::vector<std::vector<double>> owned(f.nodes.size());
  std::vector<std::span<const double>> view(f.nodes.size());
  auto& pool = scratch().values;
  Units units;
  units.of.resize(f.nodes.size());
  std::optional<double> critical;
  for (std::size_t k = 0; k < f.nodes.size(); ++k) {
    const Node& n = f.nodes[k];
    auto& out = owned[k];
    if (!pool.empty()) {
      out = std::move(pool.back());
      pool.pop_back();
    }
    if (n.op != Op::kSignal) out.resize(trace.size());
    if (n.op < Op::kAlways) {
      if (auto s = evaluate_pointwise(n, trace, params, out, view, units, k); !s) return s.error();
      if (n.op != Op::kSignal) view[k] = out;
    } else {
      const auto a = view[static_cast<std::size_t>(n.args[0])];
      const auto b = n.args.size() > 1 ? view[static_cast<std::size_t>(n.args[1])] : a;
      temporal(n, t, a, b, out);
      view[k] = out;
      if (k + 1 == f.nodes.size()) critical = critical_time(n, t, a);
    }
    // A child is not needed once its only parent is done (the formula is a tree).
    for (int a : n.args) {
      auto& child = owned[static_cast<std::size_t>(a)];
      if (child.capacity() >= trace.size()) pool.push_back(std::move(child));
    }
  }
  Robustness r;
  r.values = std::move(owned.back());
  for (auto& o : owned) give_back(pool, std::move(o));
  if (pool.size() > kKeptBuffers) pool.resize(kKeptBuffers);
  if (!units.mixed && units.robustness != "?") r.unit = units.robustness;
  r.critical_time = critical;
  return r;
}

}  // namespace

Result<Robustness> evaluate(const Formula& f, const Trace& trace, const Params& params) {
  return run(f, trace, params, temporal_fast);
}

Result<Robustness> evaluate_brute_force(const Formula& f, const Trace& trace,
                                        const Params& params) {
  return run(f, trace, params, temporal_brute);
}

}  // namespace assay::stl
