// Streaming STL robustness with interval bounds. Every node keeps, per sample seen:
//  - its *final* value, once no later sample can change it (all of the node's windows over that
//    sample are closed: a later sample has been seen, or the trace ended). Final values are
//    computed in sample order with the offline evaluator's algorithms made incremental, so at the
//    end they equal the offline values exactly (min and max only select among their inputs);
//  - its *first-seen* bounds [lo0, hi0]: what the prefix up to that sample already implies.
// A temporal node also has *current* bounds for its first non-final sample (its frontier),
// tightened by every later sample. For the root, that frontier is t = 0 until the value there is
// final, so the root's current bounds are the monitor's answer.
//
// Soundness: a bound must hold for every continuation of the prefix, including "the trace ends
// now" (which clips windows). An unseen sample can have any value, and an absent one removes a
// term from a min or max, so for `always` (a min) the seen terms give an upper bound and only a
// closed window gives a lower bound; `eventually` is the mirror image. Stale first-seen bounds of
// a child are still bounds (they only tighten with time), so mixing them with final values in a
// min/max is sound. Boolean connectives are monotone (negation swaps the ends).
#include "oracles/stl_monitor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace assay::stl {
namespace {

Error error_at(int column, std::string message) {
  Error e = make_error(std::move(message));
  e.where.column = column;
  return e;
}

std::string show(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

bool is_future(Op op) {
  return op == Op::kAlways || op == Op::kEventually || op == Op::kUntil;
}
// NodeState::column of the signal "t" when the rows do not have it: the sample time.
constexpr std::size_t kTimeColumn = static_cast<std::size_t>(-1);

bool is_numeric(Op op) {
  return op < Op::kTrue;
}

// A monotone wedge over a growing array: front() is the minimum (or maximum) of the indices
// pushed and not dropped. The array may grow (and move) between calls, so it is passed in.
class StreamWedge {
 public:
  explicit StreamWedge(bool minimum) : minimum_(minimum) {}
  void push(const std::vector<double>& x, std::size_t j) {
    const double v = x[j];
    if (minimum_) {
      while (tail_ > head_ && x[q_[tail_ - 1]] >= v) --tail_;
    } else {
      while (tail_ > head_ && x[q_[tail_ - 1]] <= v) --tail_;
    }
    if (tail_ == q_.size()) {
      // Reuse the dropped prefix before growing, so the storage follows the window.
      if (head_ > 0 && head_ * 2 >= q_.size()) {
        std::copy(q_.begin() + static_cast<std::ptrdiff_t>(head_),
                  q_.begin() + static_cast<std::ptrdiff_t>(tail_), q_.begin());
        tail_ -= head_;
        head_ = 0;
      } else {
        q_.resize(std::max<std::size_t>(16, q_.size() * 2));
      }
    }
    q_[tail_++] = static_cast<std::uint32_t>(j);
  }
  void drop_before(std::size_t first) {
    while (head_ < tail_ && q_[head_] < first) ++head_;
  }
  [[nodiscard]] bool empty() const { return head_ == tail_; }
  // The front, or `none` when empty.
  [[nodiscard]] double front_or(const std::vector<double>& x, double none) const {
    return head_ == tail_ ? none : x[q_[head_]];
  }

 private:
  bool minimum_;
  std::vector<std::uint32_t> q_;  // live entries in [head_, tail_)
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

// φ until ψ over a contiguous run of samples [p, q] as a pair: a = max over j of min(ψ_j,
// min φ over [p, j)), b = min φ over [p, q]. Joining two adjacent runs is associative:
// a = max(a1, min(b1, a2)), b = min(b1, b2) (min distributes over max). A two-stack queue of
// these pairs gives the aggregate of a sliding run in amortised O(1).
struct UntilPair {
  double a = -kInfinity;
  double b = kInfinity;
};
UntilPair join(const UntilPair& x, const UntilPair& y) {
  return {std::max(x.a, std::min(x.b, y.a)), std::min(x.b, y.b)};
}

class UntilQueue {
 public:
  void push(std::size_t j, double psi, double phi) {
    const UntilPair e{psi, phi};
    back_agg_ = back_.empty() ? e : join(back_agg_, e);
    back_.push_back({j, e});
  }
  void drop_before(std::size_t first) {
    while (!empty() && oldest() < first) {
      if (front_.empty()) {
        // Move the back stack over, oldest on top, each entry holding the aggregate from
        // itself to the newest element moved.
        for (std::size_t k = back_.size(); k-- > 0;) {
          const UntilPair agg =
              front_.empty() ? back_[k].second : join(back_[k].second, front_.back().second);
          front_.push_back({back_[k].first, agg});
        }
        back_.clear();
      }
      front_.pop_back();
    }
  }
  [[nodiscard]] bool empty() const { return front_.empty() && back_.empty(); }
  [[nodiscard]] UntilPair value() const {
    if (front_.empty()) return back_agg_;
    if (back_.empty()) return front_.back().second;
    return join(front_.back().second, back_agg_);
  }

 private:
  [[nodiscard]] std::size_t oldest() const {
    return front_.empty() ? back_.front().first : front_.back().first;
  }
  std::vector<std::pair<std::size_t, UntilPair>> front_;  // back() is the oldest
  std::vector<std::pair<std::size_t, UntilPair>> back_;   // in push order
  UntilPair back_agg_;
};

// One node's streaming state.
struct NodeState {
  std::vector<double> fin;  // final values of samples [0, fin.size())
  std::vector<double> lo0;  // first-seen bounds, one per sample seen (formulas only)
  std::vector<double> hi0;
  bool exact_on_sight = false;  // comparisons and constants: fin is also lo0 and hi0
  double num = 0.0;             // numeric expressions: the newest sample's value only
  [[nodiscard]] const std::vector<double>& lo() const { return exact_on_sight ? fin : lo0; }
  [[nodiscard]] const std::vector<double>& hi() const { return exact_on_sight ? fin : hi0; }
  double cur_lo = -kInfinity;  // current bounds of sample fin.size(), when seen
  double cur_hi = kInfinity;
  std::size_t column = 0;  // kSignal: index into the row
  double param = 0.0;      // kParam
  // Temporal operators: the frontier's window [first, ...] and how far each wedge has pushed.
  std::size_t first = 0;
  std::size_t end = 0;        // child finals pushed into `final_wedge` / `until`
  std::size_t early_end = 0;  // child first-seen bounds pushed into `early_wedge`
  double hi_slack = 0.0;      // window end of the frontier, with slack
  StreamWedge final_wedge{true};
  StreamWedge early_wedge{true};
  // Past operators' first-seen bounds: windows of the newest sample over the child's lo0/hi0.
  std::size_t seen_first = 0;
  std::size_t seen_end = 0;
  StreamWedge seen_lo{true};
  StreamWedge seen_hi{true};
  // until: min φ over [i, first) and the φ/ψ run [first, end).
  StreamWedge phi_wedge{true};
  std::size_t phi_end = 0;
  UntilQueue until;
};

}  // namespace

const Node* first_unbounded(const Formula& formula) {
  for (const auto& n : formula.nodes) {
    if (is_future(n.op) && !std::isfinite(n.interval.hi)) return &n;
  }
  return nullptr;
}

struct Monitor::Impl {
  std::vector<Node> nodes;  // a copy: the monitor does not depend on the formula's lifetime
  std::vector<NodeState> st;
  std::vector<double> t;
  bool finished = false;
  std::optional<Error> failed;

  [[nodiscard]] bool root_exact() const { return !st.back().fin.empty(); }
  [[nodiscard]] std::size_t frontier(std::size_t k) const { return st[k].fin.size(); }
  [[nodiscard]] std::size_t child_frontier(const Node& n) const {
    std::size_t f = t.size();
    for (int a : n.args) f = std::min(f, frontier(static_cast<std::size_t>(a)));
    return f;
  }
  [[nodiscard]] const NodeState& child(const Node& n, std::size_t i) const {
    return st[static_cast<std::size_t>(n.args[i])];
  }

  // The window of sample i in sample times, with the offline evaluator's slack.
  void window(const Node& n, std::size_t i, double& lo_slack, double& hi_slack) const {
    const bool future = is_future(n.op);
    const double lo = future ? t[i] + n.interval.lo : t[i] - n.interval.hi;
    const double hi = future ? t[i] + n.interval.hi : t[i] - n.interval.lo;
    lo_slack = lo - time_slack(lo);
    hi_slack = hi + time_slack(hi);
  }

  Status numeric(const Node& n, NodeState& s, std::span<const double> row) {
    const std::size_t j = t.size() - 1;
    auto arg = [&](std::size_t a) { return child(n, a).num; };
    double v = 0.0;
    switch (n.op) {
      case Op::kNumber:
        v = n.number;
        break;
      case Op::kParam:
        v = s.param;
        break;
      case Op::kSignal:
        v = s.column == kTimeColumn ? t[j] : row[s.column];
        if (std::isnan(v)) {
          return error_at(n.column, "signal \"" + n.name + "\" is undefined (nan) at t = " +
                                        show(t[j]) + " s (sample " + std::to_string(j) + ")");
        }
        break;
      case Op::kNeg:
        v = -arg(0);
        break;
      case Op::kAbs:
        v = std::abs(arg(0));
        break;
      case Op::kAdd:
        v = arg(0) + arg(1);
        break;
      case Op::kSub:
        v = arg(0) - arg(1);
        break;
      case Op::kMul:
        v = arg(0) * arg(1);
        break;
      case Op::kDiv:
        v = arg(0) / arg(1);
        break;
      case Op::kMin:
      case Op::kMax:
        v = arg(0);
        for (std::size_t a = 1; a < n.args.size(); ++a) {
          v = n.op == Op::kMin ? std::min(v, arg(a)) : std::max(v, arg(a));
        }
        break;
      default:
        break;
    }
    if (std::isnan(v)) {
      return error_at(n.column, "\"" + std::string(op_text(n.op)) +
                                    "\" is undefined (nan) at t = " + show(t[j]) + " s (sample " +
                                    std::to_string(j) + ")");
    }
    s.num = v;
    return {};
  }

  // Comparisons and constants: exact as soon as seen.
  Status atom(const Node& n, NodeState& s) {
    const std::size_t j = t.size() - 1;
    double v = 0.0;
    auto arg = [&](std::size_t a) { return child(n, a).num; };
    switch (n.op) {
      case Op::kTrue:
        v = kInfinity;
        break;
      case Op::kFalse:
        v = -kInfinity;
        break;
      case Op::kGreater:
      case Op::kGreaterEq:
        v = arg(0) - arg(1);
        break;
      case Op::kLess:
      case Op::kLessEq:
        v = arg(1) - arg(0);
        break;
      case Op::kEqual:
        v = -std::abs(arg(0) - arg(1));
        break;
      case Op::kNotEqual:
        v = std::abs(arg(0) - arg(1));
        break;
      default:
        break;
    }
    if (std::isnan(v)) {
      return error_at(n.column, "\"" + std::string(op_text(n.op)) +
                                    "\" is undefined (nan) at t = " + show(t[j]) + " s (sample " +
                                    std::to_string(j) + ")");
    }
    s.fin.push_back(v);  // also its first-seen bounds (exact_on_sight)
    return {};
  }

  // Boolean connectives on intervals (negation swaps the ends; the others are monotone).
  static void connective(Op op, double alo, double ahi, double blo, double bhi, double& lo,
                         double& hi) {
    switch (op) {
      case Op::kNot:
        lo = -ahi;
        hi = -alo;
        break;
      case Op::kAnd:
        lo = std::min(alo, blo);
        hi = std::min(ahi, bhi);
        break;
      case Op::kOr:
        lo = std::max(alo, blo);
        hi = std::max(ahi, bhi);
        break;
      case Op::kImplies:
        lo = std::max(-ahi, blo);
        hi = std::max(-alo, bhi);
        break;
      default:
        break;
    }
  }

  void boolean(const Node& n, NodeState& s) {
    const std::size_t j = t.size() - 1;
    const NodeState& a = child(n, 0);
    const NodeState& b = n.args.size() > 1 ? child(n, 1) : a;
    double lo = 0.0;
    double hi = 0.0;
    connective(n.op, a.lo()[j], a.hi()[j], b.lo()[j], b.hi()[j], lo, hi);
    s.lo0.push_back(lo);
    s.hi0.push_back(hi);
    advance_boolean(n, s);
  }

  void advance_boolean(const Node& n, NodeState& s) {
    const NodeState& a = child(n, 0);
    const NodeState& b = n.args.size() > 1 ? child(n, 1) : a;
    for (std::size_t i = s.fin.size(); i < child_frontier(n); ++i) {
      double lo = 0.0;
      double hi = 0.0;
      connective(n.op, a.fin[i], a.fin[i], b.fin[i], b.fin[i], lo, hi);
      s.fin.push_back(lo);
    }
    const std::size_t k = s.fin.size();
    if (k >= t.size()) return;
    // The frontier: each child is final there or has its own current bounds there.
    auto at = [&](const NodeState& c, double& lo, double& hi) {
      if (c.fin.size() > k) {
        lo = hi = c.fin[k];
      } else {
        lo = c.cur_lo;
        hi = c.cur_hi;
      }
    };
    double alo = 0.0, ahi = 0.0, blo = 0.0, bhi = 0.0;
    at(a, alo, ahi);
    at(b, blo, bhi);
    connective(n.op, alo, ahi, blo, bhi, s.cur_lo, s.cur_hi);
    s.cur_lo = std::max(s.cur_lo, s.lo0[k]);
    s.cur_hi = std::min(s.cur_hi, s.hi0[k]);
  }

  // First-seen bounds of a temporal node at the newest sample j.
  void temporal_first_seen(const Node& n, NodeState& s) {
    const std::size_t j = t.size() - 1;
    const NodeState& a = child(n, 0);
    double lo = -kInfinity;
    double hi = kInfinity;
    if (is_future(n.op)) {
      // Only the window's first sample can be seen yet, and only when the window starts now.
      double lo_slack = 0.0;
      double hi_slack = 0.0;
      window(n, j, lo_slack, hi_slack);
      const bool now = t[j] >= lo_slack && t[j] <= hi_slack;
      if (now && n.op == Op::kAlways) hi = a.hi()[j];
      if (now && n.op == Op::kEventually) lo = a.lo()[j];
      if (now && n.op == Op::kUntil) lo = child(n, 1).lo()[j];  // min(ψ_j, min over no φ) = ψ_j
    } else {
      // The window is in the past: every sample of it is seen, but a sample yet to come may
      // still fall inside it (within the slack), so only then is it closed.
      const bool minimum = n.op == Op::kHistorically;
      double lo_slack = 0.0;
      double hi_slack = 0.0;
      window(n, j, lo_slack, hi_slack);
      while (s.seen_first <= j && t[s.seen_first] < lo_slack) ++s.seen_first;
      if (s.seen_end < s.seen_first) s.seen_end = s.seen_first;
      while (s.seen_end <= j && t[s.seen_end] <= hi_slack) {
        s.seen_lo.push(a.lo(), s.seen_end);
        s.seen_hi.push(a.hi(), s.seen_end++);
      }
      s.seen_lo.drop_before(s.seen_first);
      s.seen_hi.drop_before(s.seen_first);
      const double empty = minimum ? kInfinity : -kInfinity;
      const double wlo = s.seen_lo.front_or(a.lo(), empty);
      const double whi = s.seen_hi.front_or(a.hi(), empty);
      const bool closed = t[j] >= hi_slack;
      if (minimum) {
        hi = whi;
        lo = closed ? wlo : -kInfinity;
      } else {
        lo = wlo;
        hi = closed ? whi : kInfinity;
      }
    }
    s.lo0.push_back(lo);
    s.hi0.push_back(hi);
  }

  // Final values of always/eventually/historically/once, in sample order, as far as known.
  void advance_window(const Node& n, NodeState& s) {
    const NodeState& a = child(n, 0);
    const std::size_t m = t.size();
    const std::size_t kc = a.fin.size();
    const bool minimum = n.op == Op::kAlways || n.op == Op::kHistorically;
    const double empty = minimum ? kInfinity : -kInfinity;
    while (s.fin.size() < m) {
      const std::size_t i = s.fin.size();
      double lo_slack = 0.0;
      window(n, i, lo_slack, s.hi_slack);
      while (s.first < m && t[s.first] < lo_slack) ++s.first;
      if (s.end < s.first) s.end = s.first;
      while (s.end < kc && t[s.end] <= s.hi_slack) s.final_wedge.push(a.fin, s.end++);
      // Closed when a seen sample lies beyond the window (all before it are pushed) or the
      // trace has ended; otherwise a child value or a sample of the window is still to come.
      const bool ready = s.end < m ? t[s.end] > s.hi_slack : finished;
      s.final_wedge.drop_before(s.first);
      if (!ready) break;
      s.fin.push_back(s.final_wedge.front_or(a.fin, empty));
    }
    current_window(n, s);
  }

  // Current bounds of the frontier of a windowed operator.
  void current_window(const Node& n, NodeState& s) {
    const std::size_t k = s.fin.size();
    if (k >= t.size()) return;
    s.cur_lo = s.lo0[k];
    s.cur_hi = s.hi0[k];
    if (!is_future(n.op)) return;  // past windows: the first-seen bounds (closed one sample on)
    // always: every seen term bounds the min from above (final values, or first-seen upper
    // bounds of samples not final yet); eventually mirrors it.
    const NodeState& a = child(n, 0);
    const bool minimum = n.op == Op::kAlways;
    const std::vector<double>& early = minimum ? a.hi() : a.lo();
    if (s.early_end < s.first) s.early_end = s.first;
    while (s.early_end < t.size() && t[s.early_end] <= s.hi_slack) {
      s.early_wedge.push(early, s.early_end++);
    }
    s.early_wedge.drop_before(s.first);
    if (minimum) {
      s.cur_hi = std::min({s.cur_hi, s.early_wedge.front_or(early, kInfinity),
                           s.final_wedge.front_or(a.fin, kInfinity)});
    } else {
      s.cur_lo = std::max({s.cur_lo, s.early_wedge.front_or(early, -kInfinity),
                           s.final_wedge.front_or(a.fin, -kInfinity)});
    }
  }

  // Final values of φ until[a,b] ψ: min(min φ over [i, l), the until of the run [l, h]), with
  // [l, h] the window's samples; −∞ when the window has none (as offline).
  void advance_until(const Node& n, NodeState& s) {
    const NodeState& phi = child(n, 0);
    const NodeState& psi = child(n, 1);
    const std::size_t m = t.size();
    const std::size_t kc = std::min(phi.fin.size(), psi.fin.size());
    while (s.fin.size() < m) {
      const std::size_t i = s.fin.size();
      double lo_slack = 0.0;
      window(n, i, lo_slack, s.hi_slack);
      while (s.first < m && t[s.first] < lo_slack) ++s.first;
      s.until.drop_before(s.first);
      if (s.end < s.first) s.end = s.first;
      while (s.end < kc && t[s.end] <= s.hi_slack) {
        s.until.push(s.end, psi.fin[s.end], phi.fin[s.end]);
        ++s.end;
      }
      const bool closed = s.end < m ? t[s.end] > s.hi_slack : finished;
      if (!closed || s.first > phi.fin.size()) break;  // φ before the window is not final yet
      while (s.phi_end < s.first) s.phi_wedge.push(phi.fin, s.phi_end++);
      s.phi_wedge.drop_before(i);
      if (s.until.empty()) {
        s.fin.push_back(-kInfinity);
      } else {
        s.fin.push_back(std::min(s.phi_wedge.front_or(phi.fin, kInfinity), s.until.value().a));
      }
    }
    const std::size_t k = s.fin.size();
    if (k < t.size()) {
      s.cur_lo = s.lo0[k];
      s.cur_hi = s.hi0[k];
    }
  }

  Status push(double time, std::span<const double> row) {
    if (failed) return *failed;
    if (root_exact()) return {};
    if (!std::isfinite(time) || (!t.empty() && !(time > t.back()))) {
      failed =
          error_at(1, "trace time must increase strictly; sample " + std::to_string(t.size()) +
                          " has t = " + show(time) + (t.empty() ? "" : " after " + show(t.back())));
      return *failed;
    }
    t.push_back(time);
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const Node& n = nodes[k];
      NodeState& s = st[k];
      if (is_numeric(n.op)) {
        if (auto e = numeric(n, s, row); !e) {
          failed = e.error();
          return *failed;
        }
      } else if (n.op < Op::kNot) {
        if (auto e = atom(n, s); !e) {
          failed = e.error();
          return *failed;
        }
      } else if (n.op < Op::kAlways) {
        boolean(n, s);
      } else {
        temporal_first_seen(n, s);
        if (n.op == Op::kUntil)
          advance_until(n, s);
        else
          advance_window(n, s);
      }
    }
    return {};
  }

  void finish() {
    if (failed || finished) return;
    finished = true;
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const Node& n = nodes[k];
      if (n.op < Op::kNot) continue;  // exact as soon as seen
      if (n.op < Op::kAlways) {
        advance_boolean(n, st[k]);
      } else if (n.op == Op::kUntil) {
        advance_until(n, st[k]);
      } else {
        advance_window(n, st[k]);
      }
    }
  }
};

Monitor::Monitor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Monitor::Monitor(Monitor&&) noexcept = default;
Monitor& Monitor::operator=(Monitor&&) noexcept = default;
Monitor::~Monitor() = default;

Result<Monitor> Monitor::create(const Formula& formula, const std::vector<std::string>& columns,
                                const Params& params) {
  if (formula.nodes.empty()) return error_at(1, "empty formula");
  if (const Node* n = first_unbounded(formula)) {
    return error_at(n->column, "\"" + std::string(op_text(n->op)) +
                                   "\" has no finite upper bound; a streaming verdict needs "
                                   "every future window bounded, e.g. \"" +
                                   std::string(op_text(n->op)) + "[0,10]\"");
  }
  auto impl = std::make_unique<Impl>();
  impl->nodes = formula.nodes;
  impl->st.resize(formula.nodes.size());
  for (std::size_t k = 0; k < formula.nodes.size(); ++k) {
    const Node& n = formula.nodes[k];
    NodeState& s = impl->st[k];
    if (n.op == Op::kSignal) {
      const auto it = std::find(columns.begin(), columns.end(), n.name);
      if (it != columns.end()) {
        s.column = static_cast<std::size_t>(it - columns.begin());
      } else if (n.name == "t") {
        s.column = kTimeColumn;  // the time of the sample, as offline
      } else {
        return error_at(n.column, "unknown signal \"" + n.name + "\"");
      }
    } else if (n.op == Op::kParam) {
      const auto it = std::find_if(params.begin(), params.end(),
                                   [&](const auto& p) { return p.first == n.name; });
      if (it == params.end()) return error_at(n.column, "unknown parameter \"$" + n.name + "\"");
      s.param = it->second;
    }
    s.exact_on_sight = !is_numeric(n.op) && n.op < Op::kNot;
    const bool minimum = n.op == Op::kAlways || n.op == Op::kHistorically;
    s.final_wedge = StreamWedge(minimum);
    s.early_wedge = StreamWedge(minimum);
    s.seen_lo = StreamWedge(minimum);
    s.seen_hi = StreamWedge(minimum);
  }
  return Monitor(std::move(impl));
}

Status Monitor::push(double t, std::span<const double> row) {
  return impl_->push(t, row);
}

void Monitor::finish() {
  impl_->finish();
}

MonitorBounds Monitor::bounds() const {
  const Impl& m = *impl_;
  MonitorBounds b;
  if (m.t.empty() || m.failed) return b;
  const NodeState& root = m.st.back();
  if (!root.fin.empty()) {
    b.lo = b.hi = root.fin.front();
    b.exact = true;
  } else {
    b.lo = root.cur_lo;
    b.hi = root.cur_hi;
  }
  return b;
}

Decision Monitor::decision() const {
  const MonitorBounds b = bounds();
  if (b.lo >= 0.0) return Decision::kSatisfied;
  if (b.hi < 0.0) return Decision::kViolated;
  return Decision::kUndecided;
}

std::size_t Monitor::samples() const {
  return impl_->t.size();
}

}  // namespace assay::stl
