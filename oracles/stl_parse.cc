// The STL parser: a tokenizer and a recursive-descent parser with precedence levels (lowest
// first): implies, or, and, until, prefix operators (not, always, ...), comparison, + -, * /,
// unary minus, primary. Numbers and formulas share one grammar and are type-checked as they are
// built, so "x + (y > 1)" is an error at the column of the offending operand.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

#include "oracles/stl.h"

namespace assay::stl {
namespace {

enum class Tok { kEnd, kNumber, kIdent, kParam, kKeyword, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier (unquoted), keyword or punctuation
  double number = 0.0;
  int column = 1;
};

constexpr std::array<std::string_view, 16> kKeywords = {
    "and",  "or",   "not",   "implies", "always", "eventually", "until", "historically",
    "once", "true", "false", "abs",     "min",    "max",        "inf",   "infinity"};

bool is_keyword(std::string_view s) {
  return std::find(kKeywords.begin(), kKeywords.end(), s) != kKeywords.end();
}

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool ident_char(char c) {
  return ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}

Error error_at(int column, std::string message) {
  Error e = make_error(std::move(message));
  e.where.column = column;
  return e;
}

// Splits the text into tokens; identifiers may contain dots ("ego.v"), backticks quote any
// other name (`speed [m/s]`), "$name" is a parameter.
Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    Token t;
    t.column = static_cast<int>(i) + 1;
    if (i == s.size()) {
      out.push_back(t);
      return out;
    }
    const char c = s[i];
    if (digit(c) || (c == '.' && i + 1 < s.size() && digit(s[i + 1]))) {
      std::size_t j = i;
      while (j < s.size() && (digit(s[j]) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && digit(s[k])) {
          j = k;
          while (j < s.size() && digit(s[j])) ++j;
        }
      }
      const auto r = std::from_chars(s.data() + i, s.data() + j, t.number);
      if (r.ec != std::errc() || r.ptr != s.data() + j || !std::isfinite(t.number)) {
        return error_at(t.column, "invalid number \"" + std::string(s.substr(i, j - i)) + "\"");
      }
      if (j < s.size() && ident_start(s[j])) {
        return error_at(static_cast<int>(j) + 1,
                        "unexpected \"" + std::string(1, s[j]) +
                            "\" after a number (units are not written in formulas: use SI)");
      }
      t.kind = Tok::kNumber;
      i = j;
    } else if (ident_start(c) || c == '$') {
      std::size_t j = i + 1;
      while (j < s.size() && ident_char(s[j])) ++j;
      t.text = std::string(s.substr(i, j - i));
      if (c == '$') {
        t.text.erase(0, 1);
        if (t.text.empty() || !ident_start(t.text[0])) {
          return error_at(t.column, "\"$\" must be followed by a parameter name");
        }
        t.kind = Tok::kParam;
      } else {
        t.kind = is_keyword(t.text) ? Tok::kKeyword : Tok::kIdent;
      }
      i = j;
    } else if (c == '`') {
      const std::size_t close = s.find('`', i + 1);
      if (close == std::string_view::npos) return error_at(t.column, "unterminated `name`");
      if (close == i + 1) return error_at(t.column, "empty `name`");
      t.kind = Tok::kIdent;
      t.text = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      static constexpr std::array<std::string_view, 8> kTwo = {
          "<=", ">=", "==", "!=", "&&", "||", "->", "=>"};
      const std::string_view two = s.substr(i, 2);
      if (std::find(kTwo.begin(), kTwo.end(), two) != kTwo.end()) {
        t.text = std::string(two);
        i += 2;
      } else if (std::string_view("()[],+-*/<>!").find(c) != std::string_view::npos) {
        t.text = std::string(1, c);
        i += 1;
      } else {
        const auto u = static_cast<unsigned char>(c);
        std::string shown =
            (u >= 0x20 && u < 0x7f) ? std::string(1, c) : "byte " + std::to_string(u);
        return error_at(t.column, "unexpected character \"" + shown + "\"");
      }
      t.kind = Tok::kPunct;
    }
    out.push_back(std::move(t));
  }
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, Formula& f) : tokens_(std::move(tokens)), f_(f) {}

  Result<int> parse_all() {
    auto root = implies();
    if (!root) return root;
    if (peek().kind != Tok::kEnd) return unexpected("an operator or the end of the formula");
    if (!is_formula(f_.nodes[static_cast<std::size_t>(*root)].op)) {
      return error_at(f_.nodes[static_cast<std::size_t>(*root)].column,
                      "the formula is a number, not a condition: compare it (e.g. \"... > 0\")");
    }
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  bool is(std::string_view text) const {
    const Token& t = peek();
    return (t.kind == Tok::kPunct || t.kind == Tok::kKeyword) && t.text == text;
  }
  bool accept(std::string_view text) {
    if (!is(text)) return false;
    ++pos_;
    return true;
  }
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::kEnd:
        return "the end of the formula";
      case Tok::kNumber:
        return "a number";
      case Tok::kIdent:
        return "signal \"" + t.text + "\"";
      case Tok::kParam:
        return "parameter \"$" + t.text + "\"";
      default:
        return "\"" + t.text + "\"";
    }
  }
  Error unexpected(std::string_view expected) const {
    return error_at(peek().column,
                    "expected " + std::string(expected) + ", got " + describe(peek()));
  }

  int add(Node n) {
    f_.nodes.push_back(std::move(n));
    return static_cast<int>(f_.nodes.size()) - 1;
  }
  const Node& node(int i) const { return f_.nodes[static_cast<std::size_t>(i)]; }

  Status want_formula(int i, std::string_view op) const {
    if (is_formula(node(i).op)) return {};
    return error_at(node(i).column,
                    "\"" + std::string(op) + "\" needs a condition here, got a number expression");
  }
  Status want_number(int i, std::string_view op) const {
    if (!is_formula(node(i).op)) return {};
    return error_at(node(i).column,
                    "\"" + std::string(op) + "\" needs a number here, got a condition");
  }

  // Guards recursion depth so hostile input cannot overflow the stack.
  struct Depth {
    explicit Depth(int& d) : d_(d) { ++d_; }
    ~Depth() { --d_; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;
    int& d_;
  };
  Status check_depth() const {
    if (depth_ > kMaxDepth) {
      return error_at(peek().column,
                      "formula nested too deeply (more than " + std::to_string(kMaxDepth) + ")");
    }
    return {};
  }

  int binary(Op op, int column, int a, int b) {
    Node n;
    n.op = op;
    n.column = column;
    n.args = {a, b};
    return add(std::move(n));
  }

  Result<int> implies() {
    Depth d(depth_);
    if (auto s = check_depth(); !s) return s.error();
    auto left = disjunction();
    if (!left) return left;
    if (!(is("implies") || is("->") || is("=>"))) return left;
    const Token op = tokens_[pos_++];
    if (auto s = want_formula(*left, op.text); !s) return s.error();
    auto right = implies();  // right-associative
    if (!right) return right;
    if (auto s = want_formula(*right, op.text); !s) return s.error();
    return binary(Op::kImplies, op.column, *left, *right);
  }

  Result<int> disjunction() {
    auto left = conjunction();
    if (!left) return left;
    while (is("or") || is("||")) {
      const Token op = tokens_[pos_++];
      auto right = conjunction();
      if (!right) return right;
      if (auto s = want_formula(*left, op.text); !s) return s.error();
      if (auto s = want_formula(*right, op.text); !s) return s.error();
      left = binary(Op::kOr, op.column, *left, *right);
    }
    return left;
  }

  Result<int> conjunction() {
    auto left = until_level();
    if (!left) return left;
    while (is("and") || is("&&")) {
      const Token op = tokens_[pos_++];
      auto right = until_level();
      if (!right) return right;
      if (auto s = want_formula(*left, op.text); !s) return s.error();
      if (auto s = want_formula(*right, op.text); !s) return s.error();
      left = binary(Op::kAnd, op.column, *left, *right);
    }
    return left;
  }

  Result<int> until_level() {
    auto left = prefix();
    if (!left) return left;
    if (!is("until")) return left;
    const Token op = tokens_[pos_++];
    Interval iv;
    if (is("[")) {
      auto r = interval();
      if (!r) return r.error();
      iv = *r;
    }
    auto right = prefix();
    if (!right) return right;
    if (auto s = want_formula(*left, "until"); !s) return s.error();
    if (auto s = want_formula(*right, "until"); !s) return s.error();
    if (is("until")) {
      return error_at(peek().column,
                      "\"until\" cannot be chained; add parentheses to say which comes first");
    }
    const int n = binary(Op::kUntil, op.column, *left, *right);
    f_.nodes.back().interval = iv;
    return n;
  }

  Result<double> bound(bool upper) {
    const Token& t = peek();
    if (t.kind == Tok::kNumber) {
      ++pos_;
      return t.number;
    }
    if (upper && t.kind == Tok::kKeyword && (t.text == "inf" || t.text == "infinity")) {
      ++pos_;
      return kInfinity;
    }
    return unexpected(upper ? "a time in seconds or \"inf\"" : "a time in seconds");
  }

  Result<Interval> interval() {
    const int open = peek().column;
    ++pos_;  // '['
    Interval iv;
    auto lo = bound(false);
    if (!lo) return lo.error();
    if (!accept(",")) return unexpected("\",\" between the interval bounds");
    const int hi_column = peek().column;
    auto hi = bound(true);
    if (!hi) return hi.error();
    if (!accept("]")) return unexpected("\"]\" closing the interval");
    if (*hi < *lo) {
      return error_at(hi_column, "interval [a,b] needs a <= b; got [" + std::to_string(*lo) + ", " +
                                     std::to_string(*hi) + "]");
    }
    (void)open;
    iv.lo = *lo;
    iv.hi = *hi;
    return iv;
  }

  Result<int> prefix() {
    Depth d(depth_);
    if (auto s = check_depth(); !s) return s.error();
    const Token t = peek();
    Op op{};
    if (is("not") || is("!")) {
      op = Op::kNot;
    } else if (is("always")) {
      op = Op::kAlways;
    } else if (is("eventually")) {
      op = Op::kEventually;
    } else if (is("historically")) {
      op = Op::kHistorically;
    } else if (is("once")) {
      op = Op::kOnce;
    } else {
      return comparison();
    }
    ++pos_;
    Node n;
    n.op = op;
    n.column = t.column;
    if (op != Op::kNot && is("[")) {
      auto r = interval();
      if (!r) return r.error();
      n.interval = *r;
    }
    auto arg = prefix();
    if (!arg) return arg;
    if (auto s = want_formula(*arg, t.text); !s) return s.error();
    n.args = {*arg};
    return add(std::move(n));
  }

  Result<int> comparison() {
    auto left = additive();
    if (!left) return left;
    static constexpr std::array<std::pair<std::string_view, Op>, 6> kOps = {{
        {"<", Op::kLess},
        {"<=", Op::kLessEq},
        {">", Op::kGreater},
        {">=", Op::kGreaterEq},
        {"==", Op::kEqual},
        {"!=", Op::kNotEqual},
    }};
    for (const auto& [text, op] : kOps) {
      if (!is(text)) continue;
      const int column = peek().column;
      ++pos_;
      auto right = additive();
      if (!right) return right;
      if (auto s = want_number(*left, text); !s) return s.error();
      if (auto s = want_number(*right, text); !s) return s.error();
      for (const auto& [other, unused] : kOps) {
        if (is(other)) {
          return error_at(peek().column,
                          "comparisons cannot be chained; write \"a < b and b < c\"");
        }
      }
      return binary(op, column, *left, *right);
    }
    return left;
  }

  Result<int> additive() {
    auto left = multiplicative();
    if (!left) return left;
    while (is("+") || is("-")) {
      const Token op = tokens_[pos_++];
      auto right = multiplicative();
      if (!right) return right;
      if (auto s = want_number(*left, op.text); !s) return s.error();
      if (auto s = want_number(*right, op.text); !s) return s.error();
      left = binary(op.text == "+" ? Op::kAdd : Op::kSub, op.column, *left, *right);
    }
    return left;
  }

  Result<int> multiplicative() {
    auto left = negation();
    if (!left) return left;
    while (is("*") || is("/")) {
      const Token op = tokens_[pos_++];
      auto right = negation();
      if (!right) return right;
      if (auto s = want_number(*left, op.text); !s) return s.error();
      if (auto s = want_number(*right, op.text); !s) return s.error();
      left = binary(op.text == "*" ? Op::kMul : Op::kDiv, op.column, *left, *right);
    }
    return left;
  }

  Result<int> negation() {
    Depth d(depth_);
    if (auto s = check_depth(); !s) return s.error();
    if (!is("-")) return primary();
    const int column = peek().column;
    ++pos_;
    auto arg = negation();
    if (!arg) return arg;
    if (auto s = want_number(*arg, "-"); !s) return s.error();
    Node n;
    n.op = Op::kNeg;
    n.column = column;
    n.args = {*arg};
    return add(std::move(n));
  }

  Result<int> function(Op op, const Token& name) {
    ++pos_;
    if (!accept("(")) return unexpected("\"(\" after \"" + name.text + "\"");
    Node n;
    n.op = op;
    n.column = name.column;
    while (true) {
      auto arg = implies();
      if (!arg) return arg;
      if (auto s = want_number(*arg, name.text); !s) return s.error();
      n.args.push_back(*arg);
      if (accept(")")) break;
      if (!accept(",")) return unexpected("\",\" or \")\"");
    }
    if (op == Op::kAbs && n.args.size() != 1) {
      return error_at(name.column, "abs takes one argument; got " + std::to_string(n.args.size()));
    }
    if (op != Op::kAbs && n.args.size() < 2) {
      return error_at(name.column, name.text + " takes two or more arguments");
    }
    return add(std::move(n));
  }

  Result<int> primary() {
    const Token t = peek();
    Node n;
    n.column = t.column;
    switch (t.kind) {
      case Tok::kNumber:
        ++pos_;
        n.op = Op::kNumber;
        n.number = t.number;
        return add(std::move(n));
      case Tok::kIdent:
        ++pos_;
        n.op = Op::kSignal;
        n.name = t.text;
        return add(std::move(n));
      case Tok::kParam:
        ++pos_;
        n.op = Op::kParam;
        n.name = t.text;
        return add(std::move(n));
      case Tok::kKeyword:
        if (t.text == "true" || t.text == "false") {
          ++pos_;
          n.op = t.text == "true" ? Op::kTrue : Op::kFalse;
          return add(std::move(n));
        }
        if (t.text == "abs") return function(Op::kAbs, t);
        if (t.text == "min") return function(Op::kMin, t);
        if (t.text == "max") return function(Op::kMax, t);
        return unexpected("a signal, a number or \"(\"");
      case Tok::kPunct:
        if (t.text == "(") {
          ++pos_;
          auto inner = implies();
          if (!inner) return inner;
          if (!accept(")")) return unexpected("\")\"");
          return inner;
        }
        return unexpected("a signal, a number or \"(\"");
      case Tok::kEnd:
        return unexpected("a signal, a number or \"(\"");
    }
    return unexpected("a signal, a number or \"(\"");
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  Formula& f_;
};

}  // namespace

bool is_formula(Op op) {
  return op >= Op::kTrue;
}

std::string_view op_text(Op op) {
  switch (op) {
    case Op::kNumber:
      return "number";
    case Op::kSignal:
      return "signal";
    case Op::kParam:
      return "parameter";
    case Op::kNeg:
      return "-";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kAbs:
      return "abs";
    case Op::kMin:
      return "min";
    case Op::kMax:
      return "max";
    case Op::kTrue:
      return "true";
    case Op::kFalse:
      return "false";
    case Op::kLess:
      return "<";
    case Op::kLessEq:
      return "<=";
    case Op::kGreater:
      return ">";
    case Op::kGreaterEq:
      return ">=";
    case Op::kEqual:
      return "==";
    case Op::kNotEqual:
      return "!=";
    case Op::kNot:
      return "not";
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    case Op::kImplies:
      return "implies";
    case Op::kAlways:
      return "always";
    case Op::kEventually:
      return "eventually";
    case Op::kUntil:
      return "until";
    case Op::kHistorically:
      return "historically";
    case Op::kOnce:
      return "once";
  }
  return "?";
}

Result<Formula> parse(std::string_view text) {
  if (text.size() > kMaxFormulaBytes) {
    return error_at(1, "formula longer than " + std::to_string(kMaxFormulaBytes) + " bytes");
  }
  auto tokens = tokenize(text);
  if (!tokens) return tokens.error();
  Formula f;
  f.text = std::string(text);
  Parser p(std::move(*tokens), f);
  auto root = p.parse_all();
  if (!root) return root.error();
  // The root must be last; parenthesised sub-formulas already are, but make it explicit.
  if (*root != static_cast<int>(f.nodes.size()) - 1) {
    return error_at(1, "internal: formula root is not the last node");
  }
  return f;
}

std::vector<std::string> Formula::signals() const {
  std::set<std::string> names;
  for (const auto& n : nodes) {
    if (n.op == Op::kSignal) names.insert(n.name);
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> Formula::params() const {
  std::set<std::string> names;
  for (const auto& n : nodes) {
    if (n.op == Op::kParam) names.insert(n.name);
  }
  return {names.begin(), names.end()};
}

bool Formula::bounded() const {
  return std::isfinite(horizon());
}

double Formula::horizon() const {
  std::vector<double> h(nodes.size(), 0.0);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    double child = 0.0;
    for (int a : nodes[i].args) child = std::max(child, h[static_cast<std::size_t>(a)]);
    const Op op = nodes[i].op;
    const bool future = op == Op::kAlways || op == Op::kEventually || op == Op::kUntil;
    h[i] = future ? nodes[i].interval.hi + child : child;
  }
  return h.empty() ? 0.0 : h.back();
}

std::string caret_line(std::string_view text, int column) {
  std::string line;
  for (char c : text) line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  const auto pad = static_cast<std::size_t>(std::max(0, column - 1));
  return "  " + line + "\n  " + std::string(pad, ' ') + "^";
}

}  // namespace assay::stl
