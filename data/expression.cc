// Recursive-descent parser (one function per precedence level) into a postfix program, and a
// stack evaluator. String literals are stored once and viewed only while evaluating, so an
// Expression can be moved and copied freely.
#include "data/expression.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "data/values.h"

namespace assay::data {

ExprValue ExprValue::of(double v) {
  if (std::isnan(v)) return null();  // NaN counts as missing everywhere in data/
  ExprValue out;
  out.kind = kNumber;
  out.number = v;
  return out;
}

ExprValue ExprValue::of_bool(bool v) {
  ExprValue out;
  out.kind = kBool;
  out.boolean = v;
  return out;
}

ExprValue ExprValue::of_string(std::string_view v) {
  ExprValue out;
  out.kind = kString;
  out.text = v;
  return out;
}

ExprValue ExprValue::error(std::string_view why) {
  ExprValue out;
  out.kind = kError;
  out.text = why;
  return out;
}

namespace {

constexpr std::size_t kMaxTextBytes = 4096;
constexpr int kMaxDepth = 64;

struct FunctionInfo {
  std::string_view name;
  Expression::Fn fn;
  std::uint32_t min_args, max_args;
};

constexpr FunctionInfo kFunctions[] = {
    {"abs", Expression::Fn::kAbs, 1, 1},        {"sqrt", Expression::Fn::kSqrt, 1, 1},
    {"log", Expression::Fn::kLog, 1, 1},        {"exp", Expression::Fn::kExp, 1, 1},
    {"floor", Expression::Fn::kFloor, 1, 1},    {"ceil", Expression::Fn::kCeil, 1, 1},
    {"pow", Expression::Fn::kPow, 2, 2},        {"min", Expression::Fn::kMin, 2, 64},
    {"max", Expression::Fn::kMax, 2, 64},       {"len", Expression::Fn::kLen, 1, 1},
    {"is_null", Expression::Fn::kIsNull, 1, 1},
};

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool ident_char(char c) {
  return ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

}  // namespace

class ExpressionParser {
 public:
  explicit ExpressionParser(std::string_view text) : s_(text) {}

  Result<Expression> run() {
    if (s_.size() > kMaxTextBytes) return fail(0, "expression longer than 4096 bytes");
    e_.text_ = std::string(s_);
    // Literals are collected first so their storage never moves while constants view it.
    parse_or(0);
    if (!error_.empty()) return make();
    skip();
    if (i_ < s_.size()) return fail(i_, "unexpected text after the expression");
    if (top_kind_ == Kind::kNumber || top_kind_ == Kind::kString) {
      return fail(0, "the expression must give true or false (add a comparison)");
    }
    e_.max_stack_ = max_depth_;
    return std::move(e_);
  }

 private:
  // What a subexpression is known to give, for the one check done at parse time.
  enum class Kind { kUnknown, kNumber, kString, kBool };

  Error make() const { return Error{error_, {"", 0, static_cast<int>(error_at_ + 1), ""}}; }
  Error fail(std::size_t at, std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_at_ = at;
    }
    return make();
  }

  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  bool word(std::string_view w) {
    skip();
    if (s_.substr(i_, w.size()) != w) return false;
    const std::size_t after = i_ + w.size();
    if (ident_start(w[0]) && after < s_.size() && ident_char(s_[after])) return false;
    i_ = after;
    return true;
  }

  void emit(Expression::Op op, std::uint32_t index = 0, std::uint32_t argc = 0) {
    e_.program_.push_back({op, index, argc});
    // Track the evaluation stack depth: constants and columns push, binaries pop one, calls
    // pop argc - 1.
    switch (op) {
      case Expression::Op::kConst:
      case Expression::Op::kColumn:
        ++depth_;
        break;
      case Expression::Op::kNeg:
      case Expression::Op::kNot:
        break;
      case Expression::Op::kCall:
        depth_ = depth_ + 1 - argc;
        break;
      default:
        --depth_;
        break;
    }
    max_depth_ = std::max(max_depth_, depth_);
  }

  bool enter(int depth) {
    if (depth > kMaxDepth) {
      fail(i_, "expression nested deeper than " + std::to_string(kMaxDepth));
      return false;
    }
    return error_.empty();
  }

  Kind parse_or(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    Kind k = parse_and(depth + 1);
    for (;;) {
      const std::size_t at = (skip(), i_);
      if (!(word("or") || word("||"))) break;
      check_logical(k, at);
      check_logical(parse_and(depth + 1), at);
      emit(Expression::Op::kOr);
      k = top_kind_ = Kind::kBool;
    }
    return top_kind_ = k;
  }

  Kind parse_and(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    Kind k = parse_not(depth + 1);
    for (;;) {
      const std::size_t at = (skip(), i_);
      if (!(word("and") || word("&&"))) break;
      check_logical(k, at);
      check_logical(parse_not(depth + 1), at);
      emit(Expression::Op::kAnd);
      k = Kind::kBool;
    }
    return top_kind_ = k;
  }

  void check_logical(Kind k, std::size_t at) {
    if (k == Kind::kNumber || k == Kind::kString)
      fail(at, "and/or/not need true or false operands");
  }

  Kind parse_not(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    skip();
    const std::size_t at = i_;
    if (word("not") ||
        (i_ < s_.size() && s_[i_] == '!' && (i_ + 1 >= s_.size() || s_[i_ + 1] != '='))) {
      if (i_ == at) ++i_;  // the '!' form
      check_logical(parse_not(depth + 1), at);
      emit(Expression::Op::kNot);
      return top_kind_ = Kind::kBool;
    }
    return top_kind_ = parse_comparison(depth + 1);
  }

  Kind parse_comparison(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    Kind k = parse_sum(depth + 1);
    skip();
    static constexpr std::pair<std::string_view, Expression::Op> kOps[] = {
        {"<=", Expression::Op::kLe}, {">=", Expression::Op::kGe}, {"==", Expression::Op::kEq},
        {"!=", Expression::Op::kNe}, {"<>", Expression::Op::kNe}, {"<", Expression::Op::kLt},
        {">", Expression::Op::kGt},  {"=", Expression::Op::kEq}};
    for (const auto& [text, op] : kOps) {
      if (s_.substr(i_, text.size()) == text) {
        i_ += text.size();
        parse_sum(depth + 1);
        emit(op);
        skip();
        if (i_ < s_.size() && (s_[i_] == '<' || s_[i_] == '>' || s_[i_] == '=' ||
                               (s_[i_] == '!' && i_ + 1 < s_.size() && s_[i_ + 1] == '='))) {
          fail(i_, "comparisons do not chain; write a < b and b < c");
        }
        return Kind::kBool;
      }
    }
    return k;
  }

  Kind parse_sum(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    Kind k = parse_product(depth + 1);
    for (;;) {
      skip();
      if (i_ >= s_.size() || (s_[i_] != '+' && s_[i_] != '-')) break;
      const auto op = s_[i_++] == '+' ? Expression::Op::kAdd : Expression::Op::kSub;
      parse_product(depth + 1);
      emit(op);
      k = Kind::kNumber;
    }
    return k;
  }

  Kind parse_product(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    Kind k = parse_unary(depth + 1);
    for (;;) {
      skip();
      if (i_ >= s_.size() || (s_[i_] != '*' && s_[i_] != '/' && s_[i_] != '%')) break;
      const char c = s_[i_++];
      parse_unary(depth + 1);
      emit(c == '*'   ? Expression::Op::kMul
           : c == '/' ? Expression::Op::kDiv
                      : Expression::Op::kMod);
      k = Kind::kNumber;
    }
    return k;
  }

  Kind parse_unary(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    skip();
    if (i_ < s_.size() && s_[i_] == '-') {
      ++i_;
      parse_unary(depth + 1);
      emit(Expression::Op::kNeg);
      return Kind::kNumber;
    }
    if (i_ < s_.size() && s_[i_] == '+') {
      ++i_;
      return parse_unary(depth + 1);
    }
    return parse_primary(depth + 1);
  }

  std::uint32_t add_constant(ExprValue v, int literal = -1) {
    e_.constants_.push_back(v);
    e_.literal_of_.push_back(literal);
    return static_cast<std::uint32_t>(e_.constants_.size() - 1);
  }

  std::uint32_t column_index(std::string name) {
    for (std::size_t k = 0; k < e_.columns_.size(); ++k) {
      if (e_.columns_[k] == name) return static_cast<std::uint32_t>(k);
    }
    e_.columns_.push_back(std::move(name));
    return static_cast<std::uint32_t>(e_.columns_.size() - 1);
  }

  Kind parse_string() {
    const std::size_t at = i_;
    const char quote = s_[i_++];
    std::string out;
    for (;;) {
      if (i_ >= s_.size()) {
        fail(at, "string is not closed");
        return Kind::kUnknown;
      }
      const char c = s_[i_++];
      if (c == quote) {
        if (i_ < s_.size() && s_[i_] == quote) {  // a doubled quote stands for itself
          out += quote;
          ++i_;
          continue;
        }
        break;
      }
      out += c;
    }
    e_.strings_.push_back(std::move(out));
    emit(Expression::Op::kConst,
         add_constant(ExprValue::of_string({}), static_cast<int>(e_.strings_.size() - 1)));
    return Kind::kString;
  }

  Kind parse_number() {
    const std::size_t at = i_;
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.')) ++i_;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    const auto v = parse_number_text(s_.substr(at, i_ - at));
    if (!v) {
      fail(at, "invalid number");
      return Kind::kUnknown;
    }
    emit(Expression::Op::kConst, add_constant(ExprValue::of(*v)));
    return Kind::kNumber;
  }

  static std::optional<double> parse_number_text(std::string_view t) {
    auto v = data::parse_number(t);
    if (!v || !std::isfinite(*v)) return std::nullopt;
    return v;
  }

  Kind parse_call(const FunctionInfo& f, std::size_t at, int depth) {
    ++i_;  // '('
    std::uint32_t argc = 0;
    skip();
    if (i_ < s_.size() && s_[i_] == ')') {
      ++i_;
    } else {
      for (;;) {
        parse_or(depth + 1);
        if (!error_.empty()) return Kind::kUnknown;
        ++argc;
        skip();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ')') {
          ++i_;
          break;
        }
        fail(i_, "expected ',' or ')' in the arguments of " + std::string(f.name));
        return Kind::kUnknown;
      }
    }
    if (argc < f.min_args || argc > f.max_args) {
      fail(at, std::string(f.name) + " takes " +
                   (f.min_args == f.max_args ? std::to_string(f.min_args)
                                             : std::to_string(f.min_args) + " or more") +
                   " argument" + (f.max_args == 1 ? "" : "s"));
      return Kind::kUnknown;
    }
    emit(Expression::Op::kCall, static_cast<std::uint32_t>(f.fn), argc);
    return f.fn == Expression::Fn::kIsNull ? Kind::kBool : Kind::kNumber;
  }

  Kind parse_primary(int depth) {
    if (!enter(depth)) return Kind::kUnknown;
    skip();
    if (i_ >= s_.size()) {
      fail(i_, "expected a value, a column or '('");
      return Kind::kUnknown;
    }
    const std::size_t at = i_;
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      const Kind k = parse_or(depth + 1);
      skip();
      if (i_ >= s_.size() || s_[i_] != ')') {
        fail(at, "'(' is not closed");
        return Kind::kUnknown;
      }
      ++i_;
      return k;
    }
    if (c == '\'' || c == '"') return parse_string();
    if ((c >= '0' && c <= '9') || c == '.') return parse_number();
    if (c == '`') {
      const auto close = s_.find('`', i_ + 1);
      if (close == std::string_view::npos) {
        fail(at, "back-quoted column name is not closed");
        return Kind::kUnknown;
      }
      emit(Expression::Op::kColumn, column_index(std::string(s_.substr(i_ + 1, close - i_ - 1))));
      i_ = close + 1;
      return Kind::kUnknown;
    }
    if (!ident_start(c)) {
      fail(at, std::string("unexpected character '") + c + "'");
      return Kind::kUnknown;
    }
    while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
    const std::string_view name = s_.substr(at, i_ - at);
    if (name == "true" || name == "false") {
      emit(Expression::Op::kConst, add_constant(ExprValue::of_bool(name == "true")));
      return Kind::kBool;
    }
    if (name == "null") {
      emit(Expression::Op::kConst, add_constant(ExprValue::null()));
      return Kind::kUnknown;
    }
    if (name == "and" || name == "or" || name == "not") {
      fail(at, "expected a value before '" + std::string(name) + "'");
      return Kind::kUnknown;
    }
    skip();
    if (i_ < s_.size() && s_[i_] == '(') {
      for (const auto& f : kFunctions) {
        if (f.name == name) return parse_call(f, at, depth);
      }
      fail(at, "unknown function \"" + std::string(name) +
                   "\" (abs, sqrt, log, exp, floor, ceil, pow, min, max, len, is_null)");
      return Kind::kUnknown;
    }
    emit(Expression::Op::kColumn, column_index(std::string(name)));
    return Kind::kUnknown;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  Expression e_;
  std::size_t depth_ = 0, max_depth_ = 0;
  Kind top_kind_ = Kind::kUnknown;
  std::string error_;
  std::size_t error_at_ = 0;
};

Result<Expression> Expression::parse(std::string_view text) {
  return ExpressionParser(text).run();
}

namespace {

ExprValue arithmetic(Expression::Op op, const ExprValue& a, const ExprValue& b) {
  if (a.kind == ExprValue::kError) return a;
  if (b.kind == ExprValue::kError) return b;
  if (a.kind == ExprValue::kNull || b.kind == ExprValue::kNull) return ExprValue::null();
  if (a.kind != ExprValue::kNumber || b.kind != ExprValue::kNumber)
    return ExprValue::error("arithmetic needs numbers");
  switch (op) {
    case Expression::Op::kAdd:
      return ExprValue::of(a.number + b.number);
    case Expression::Op::kSub:
      return ExprValue::of(a.number - b.number);
    case Expression::Op::kMul:
      return ExprValue::of(a.number * b.number);
    case Expression::Op::kDiv:
      return ExprValue::of(a.number / b.number);
    default:
      return ExprValue::of(std::fmod(a.number, b.number));
  }
}

ExprValue compare(Expression::Op op, const ExprValue& a, const ExprValue& b) {
  if (a.kind == ExprValue::kError) return a;
  if (b.kind == ExprValue::kError) return b;
  if (a.kind == ExprValue::kNull || b.kind == ExprValue::kNull) return ExprValue::null();
  const bool equality = op == Expression::Op::kEq || op == Expression::Op::kNe;
  if (a.kind != b.kind) {
    if (!equality) return ExprValue::error("cannot order values of different types");
    return ExprValue::of_bool(op == Expression::Op::kNe);
  }
  int order = 0;  // -1, 0, 1
  switch (a.kind) {
    case ExprValue::kNumber:
      order = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
      break;
    case ExprValue::kString: {
      const int c = a.text.compare(b.text);
      order = c < 0 ? -1 : c > 0 ? 1 : 0;
      break;
    }
    default:  // booleans
      if (!equality) return ExprValue::error("cannot order true and false");
      order = a.boolean == b.boolean ? 0 : 1;
      break;
  }
  switch (op) {
    case Expression::Op::kLt:
      return ExprValue::of_bool(order < 0);
    case Expression::Op::kLe:
      return ExprValue::of_bool(order <= 0);
    case Expression::Op::kGt:
      return ExprValue::of_bool(order > 0);
    case Expression::Op::kGe:
      return ExprValue::of_bool(order >= 0);
    case Expression::Op::kEq:
      return ExprValue::of_bool(order == 0);
    default:
      return ExprValue::of_bool(order != 0);
  }
}

// Kleene logic: false and x = false, true or x = true, otherwise null if either is null.
ExprValue logical(Expression::Op op, const ExprValue& a, const ExprValue& b) {
  if (a.kind == ExprValue::kError) return a;
  if (b.kind == ExprValue::kError) return b;
  const auto ok = [](const ExprValue& v) {
    return v.kind == ExprValue::kBool || v.kind == ExprValue::kNull;
  };
  if (!ok(a) || !ok(b)) return ExprValue::error("and/or need true or false");
  const bool is_and = op == Expression::Op::kAnd;
  const auto decides = [&](const ExprValue& v) {
    return v.kind == ExprValue::kBool && v.boolean != is_and;
  };
  if (decides(a) || decides(b)) return ExprValue::of_bool(!is_and);
  if (a.kind == ExprValue::kNull || b.kind == ExprValue::kNull) return ExprValue::null();
  return ExprValue::of_bool(is_and);
}

ExprValue call(Expression::Fn fn, const ExprValue* args, std::uint32_t argc) {
  if (fn == Expression::Fn::kIsNull) return ExprValue::of_bool(args[0].kind == ExprValue::kNull);
  for (std::uint32_t k = 0; k < argc; ++k) {
    if (args[k].kind == ExprValue::kError) return args[k];
    if (args[k].kind == ExprValue::kNull) return ExprValue::null();
  }
  if (fn == Expression::Fn::kLen) {
    if (args[0].kind != ExprValue::kString) return ExprValue::error("len needs a string");
    return ExprValue::of(static_cast<double>(utf8_length(args[0].text)));
  }
  for (std::uint32_t k = 0; k < argc; ++k) {
    if (args[k].kind != ExprValue::kNumber) return ExprValue::error("function needs numbers");
  }
  const double x = args[0].number;
  switch (fn) {
    case Expression::Fn::kAbs:
      return ExprValue::of(std::fabs(x));
    case Expression::Fn::kSqrt:
      return ExprValue::of(std::sqrt(x));
    case Expression::Fn::kLog:
      return ExprValue::of(std::log(x));
    case Expression::Fn::kExp:
      return ExprValue::of(std::exp(x));
    case Expression::Fn::kFloor:
      return ExprValue::of(std::floor(x));
    case Expression::Fn::kCeil:
      return ExprValue::of(std::ceil(x));
    case Expression::Fn::kPow:
      return ExprValue::of(std::pow(x, args[1].number));
    case Expression::Fn::kMin:
    case Expression::Fn::kMax: {
      double best = x;
      for (std::uint32_t k = 1; k < argc; ++k) {
        best = fn == Expression::Fn::kMin ? std::min(best, args[k].number)
                                          : std::max(best, args[k].number);
      }
      return ExprValue::of(best);
    }
    default:
      return ExprValue::error("unknown function");
  }
}

}  // namespace

ExprValue Expression::evaluate(const std::vector<ExprValue>& values) const {
  thread_local std::vector<ExprValue> stack;
  stack.clear();
  stack.reserve(max_stack_ + 1);
  for (const Step& s : program_) {
    switch (s.op) {
      case Op::kConst: {
        const int literal = literal_of_[s.index];
        stack.push_back(literal < 0
                            ? constants_[s.index]
                            : ExprValue::of_string(strings_[static_cast<std::size_t>(literal)]));
        break;
      }
      case Op::kColumn:
        stack.push_back(values[s.index]);
        break;
      case Op::kNeg: {
        ExprValue& v = stack.back();
        if (v.kind == ExprValue::kNumber)
          v.number = -v.number;
        else if (v.kind != ExprValue::kNull && v.kind != ExprValue::kError)
          v = ExprValue::error("'-' needs a number");
        break;
      }
      case Op::kNot: {
        ExprValue& v = stack.back();
        if (v.kind == ExprValue::kBool)
          v.boolean = !v.boolean;
        else if (v.kind != ExprValue::kNull && v.kind != ExprValue::kError)
          v = ExprValue::error("not needs true or false");
        break;
      }
      case Op::kCall: {
        const std::size_t base = stack.size() - s.argc;
        const ExprValue r = call(static_cast<Fn>(s.index), stack.data() + base, s.argc);
        stack.resize(base);
        stack.push_back(r);
        break;
      }
      default: {
        const ExprValue b = stack.back();
        stack.pop_back();
        ExprValue& a = stack.back();
        if (s.op == Op::kAnd || s.op == Op::kOr)
          a = logical(s.op, a, b);
        else if (s.op >= Op::kLt && s.op <= Op::kNe)
          a = compare(s.op, a, b);
        else
          a = arithmetic(s.op, a, b);
        break;
      }
    }
  }
  return stack.empty() ? ExprValue::null() : stack.back();
}

}  // namespace assay::data
