// Thompson's construction and simulation (K. Thompson, "Regular expression search algorithm",
// CACM 11(6), 1968; R. Cox, "Regular Expression Matching Can Be Simple And Fast", 2007): the
// pattern becomes a program of character tests, splits and jumps; the search keeps the set of
// program counters alive at each text position, so its cost is O(text × program).
#include "data/regex.h"

#include <algorithm>

namespace assay::data {

namespace {

constexpr std::size_t kMaxPatternBytes = 4096;
constexpr std::size_t kMaxProgram = 20000;
constexpr int kMaxRepeat = 1000;
constexpr int kMaxDepth = 100;
constexpr std::uint32_t kMaxCodePoint = 0x10FFFF;

// Decodes one UTF-8 code point at text[i]; an invalid byte b decodes as 0x110000 + b, a value
// no pattern character equals but '.' and negated classes accept.
std::uint32_t decode(std::string_view text, std::size_t i, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  len = 1;
  if (b0 < 0x80) return b0;
  std::size_t need = 0;
  std::uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
  } else {
    return 0x110000 + b0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= text.size()) return 0x110000 + b0;
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0x110000 + b0;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values above U+10FFFF are invalid too.
  static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[need] || cp > kMaxCodePoint || (cp >= 0xD800 && cp <= 0xDFFF)) return 0x110000 + b0;
  len = need + 1;
  return cp;
}

struct Node {
  enum Kind { kEmpty, kChar, kAny, kClass, kBegin, kEnd, kConcat, kAlt, kRepeat } kind = kEmpty;
  std::uint32_t value = 0;  // code point or class index
  std::vector<int> kids;
  int min = 0, max = 0;  // repeat bounds; max -1 means unbounded
};

Node leaf(Node::Kind kind, std::uint32_t value = 0) {
  Node n;
  n.kind = kind;
  n.value = value;
  return n;
}

using Ranges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

Ranges normalise(Ranges r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (const auto& [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, hi);
    } else {
      out.emplace_back(lo, hi);
    }
  }
  return out;
}

Ranges complement(const Ranges& r) {
  Ranges n = normalise(r), out;
  std::uint32_t next = 0;
  for (const auto& [lo, hi] : n) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= 0x1100FF) out.emplace_back(next, 0x1100FF);  // includes the invalid-byte values
  return out;
}

Ranges shorthand(char c) {
  Ranges r;
  switch (c) {
    case 'd':
    case 'D':
      r = {{'0', '9'}};
      break;
    case 'w':
    case 'W':
      r = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
      break;
    default:  // s, S
      r = {{'\t', '\r'}, {' ', ' '}};
      break;
  }
  return (c == 'D' || c == 'W' || c == 'S') ? complement(r) : r;
}

}  // namespace

class RegexCompiler {
 public:
  explicit RegexCompiler(std::string_view pattern) : p_(pattern) {}

  Result<Regex> run() {
    Regex re;
    re.pattern_ = std::string(p_);
    if (p_.size() > kMaxPatternBytes) {
      return fail(0, "pattern longer than " + std::to_string(kMaxPatternBytes) + " bytes");
    }
    const int root = parse_alt(0);
    if (!error_.empty()) return make();
    if (i_ < p_.size()) return fail(i_, "unmatched ')'");
    emit_node(root);
    if (!error_.empty()) return make();
    add({Regex::Inst::kMatch, 0, 0});
    if (!error_.empty()) return make();
    re.program_ = std::move(program_);
    re.classes_ = std::move(classes_out_);
    return re;
  }

 private:
  Error make() const { return Error{error_, {"", 0, static_cast<int>(error_at_ + 1), ""}}; }
  Error fail(std::size_t at, std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_at_ = at;
    }
    return make();
  }

  int node(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size() - 1);
  }

  bool at_end() const { return i_ >= p_.size(); }

  int parse_alt(int depth) {
    if (depth > kMaxDepth) {
      fail(i_, "groups nested deeper than " + std::to_string(kMaxDepth));
      return node({});
    }
    Node alt = leaf(Node::kAlt);
    alt.kids.push_back(parse_concat(depth));
    while (error_.empty() && !at_end() && p_[i_] == '|') {
      ++i_;
      alt.kids.push_back(parse_concat(depth));
    }
    return alt.kids.size() == 1 ? alt.kids[0] : node(std::move(alt));
  }

  int parse_concat(int depth) {
    Node cat = leaf(Node::kConcat);
    while (error_.empty() && !at_end() && p_[i_] != '|' && p_[i_] != ')') {
      int atom = parse_atom(depth);
      if (!error_.empty()) break;
      atom = parse_quantifier(atom);
      cat.kids.push_back(atom);
    }
    return node(std::move(cat));
  }

  // A quantifier {n}, {n,} or {n,m} at i_, or false (then '{' is a literal, as in Python).
  bool read_braces(int& min, int& max) {
    std::size_t j = i_ + 1;
    auto number = [&](int& out) {
      const std::size_t start = j;
      long v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') {
        v = std::min<long>(v * 10 + (p_[j] - '0'), 1000000);
        ++j;
      }
      out = static_cast<int>(v);
      return j > start;
    };
    if (!number(min)) return false;
    max = min;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (!number(max)) max = -1;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    i_ = j + 1;
    return true;
  }

  int parse_quantifier(int atom) {
    bool repeated = false;
    while (error_.empty() && !at_end()) {
      const std::size_t at = i_;
      int min = 0, max = 0;
      const char c = p_[i_];
      if (c == '*') {
        min = 0, max = -1, ++i_;
      } else if (c == '+') {
        min = 1, max = -1, ++i_;
      } else if (c == '?') {
        min = 0, max = 1, ++i_;
      } else if (c == '{' && read_braces(min, max)) {
      } else {
        break;
      }
      if (repeated) {
        fail(at, "multiple repeat");
        break;
      }
      if (min > kMaxRepeat || max > kMaxRepeat) {
        fail(at, "repeat count above " + std::to_string(kMaxRepeat));
        break;
      }
      if (max != -1 && max < min) {
        fail(at, "repeat range {n,m} needs n <= m");
        break;
      }
      if (!at_end() && p_[i_] == '?') ++i_;  // lazy: the same for a yes/no search
      Node r = leaf(Node::kRepeat);
      r.kids = {atom};
      r.min = min;
      r.max = max;
      atom = node(std::move(r));
      repeated = true;
    }
    return atom;
  }

  // An escaped character (after the backslash) that stands for one code point, or -1.
  long escaped_char(char c) const {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        break;
    }
    const std::string_view meta = "\\.^$|?*+()[]{}-/ \"'#&~<>=!,:;%@`";
    if (meta.find(c) != std::string_view::npos) return static_cast<unsigned char>(c);
    return -1;
  }

  int parse_atom(int depth) {
    const std::size_t at = i_;
    const char c = p_[i_];
    switch (c) {
      case '(': {
        ++i_;
        if (!at_end() && p_[i_] == '?') {
          if (i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
            i_ += 2;
          } else {
            fail(at, "only (?:...) groups are supported (no lookaround or flags)");
            return node({});
          }
        }
        const int inner = parse_alt(depth + 1);
        if (!error_.empty()) return inner;
        if (at_end() || p_[i_] != ')') {
          fail(at, "'(' is not closed");
          return inner;
        }
        ++i_;
        return inner;
      }
      case '[':
        return parse_class();
      case '.':
        ++i_;
        return node(leaf(Node::kAny));
      case '^':
        ++i_;
        return node(leaf(Node::kBegin));
      case '$':
        ++i_;
        return node(leaf(Node::kEnd));
      case '*':
      case '+':
      case '?':
        fail(at, "nothing to repeat");
        return node({});
      case '\\': {
        if (i_ + 1 >= p_.size()) {
          fail(at, "pattern ends with a backslash");
          return node({});
        }
        const char e = p_[i_ + 1];
        i_ += 2;
        if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S') {
          return class_node(shorthand(e), false);
        }
        const long ch = escaped_char(e);
        if (ch < 0) {
          fail(at, std::string("unsupported escape \\") + e +
                       " (no backreferences, word boundaries or other escapes)");
          return node({});
        }
        return node(leaf(Node::kChar, static_cast<std::uint32_t>(ch)));
      }
      default: {
        std::size_t len = 1;
        const std::uint32_t cp = decode(p_, i_, len);
        i_ += len;
        return node(leaf(Node::kChar, cp));
      }
    }
  }

  int class_node(Ranges ranges, bool negated) {
    Regex::Class k;
    k.ranges = normalise(std::move(ranges));
    k.negated = negated;
    classes_out_.push_back(std::move(k));
    return node(leaf(Node::kClass, static_cast<std::uint32_t>(classes_out_.size() - 1)));
  }

  // One class member at i_: a code point (or -1 after adding a shorthand set to `ranges`).
  long class_char(Ranges& ranges) {
    if (p_[i_] == '\\') {
      if (i_ + 1 >= p_.size()) return -2;
      const char e = p_[i_ + 1];
      i_ += 2;
      if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S') {
        for (const auto& r : shorthand(e)) ranges.push_back(r);
        return -1;
      }
      const long ch = escaped_char(e);
      return ch < 0 ? -3 : ch;
    }
    std::size_t len = 1;
    const std::uint32_t cp = decode(p_, i_, len);
    i_ += len;
    return cp;
  }

  int parse_class() {
    const std::size_t at = i_++;
    bool negated = false;
    if (!at_end() && p_[i_] == '^') {
      negated = true;
      ++i_;
    }
    Ranges ranges;
    bool first = true;
    for (;;) {
      if (at_end()) {
        fail(at, "'[' is not closed");
        return node({});
      }
      if (p_[i_] == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      const std::size_t item_at = i_;
      const long lo = class_char(ranges);
      if (lo == -2 || lo == -3) {
        fail(item_at, "unsupported escape in a class");
        return node({});
      }
      if (lo == -1) continue;
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        const std::size_t hi_at = i_;
        const long hi = class_char(ranges);
        if (hi < 0) {
          fail(hi_at, "a class range must end in a single character");
          return node({});
        }
        if (hi < lo) {
          fail(item_at, "class range out of order");
          return node({});
        }
        ranges.emplace_back(static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi));
      } else {
        ranges.emplace_back(static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(lo));
      }
    }
    return class_node(std::move(ranges), negated);
  }

  std::uint32_t here() const { return static_cast<std::uint32_t>(program_.size()); }

  void add(Regex::Inst inst) {
    if (program_.size() >= kMaxProgram) {
      fail(0, "pattern too large after expanding repetitions (more than " +
                  std::to_string(kMaxProgram) + " steps)");
      return;
    }
    program_.push_back(inst);
  }

  void emit_node(int index) {
    if (!error_.empty()) return;
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    switch (n.kind) {
      case Node::kEmpty:
        return;
      case Node::kChar:
        return add({Regex::Inst::kChar, n.value, 0});
      case Node::kAny:
        return add({Regex::Inst::kAny, 0, 0});
      case Node::kClass:
        return add({Regex::Inst::kClass, n.value, 0});
      case Node::kBegin:
        return add({Regex::Inst::kBegin, 0, 0});
      case Node::kEnd:
        return add({Regex::Inst::kEnd, 0, 0});
      case Node::kConcat:
        for (int kid : n.kids) emit_node(kid);
        return;
      case Node::kAlt:
        return emit_alt(n.kids);
      case Node::kRepeat:
        return emit_repeat(n.kids[0], n.min, n.max);
    }
  }

  void emit_alt(const std::vector<int>& kids) {
    std::vector<std::uint32_t> jumps;
    for (std::size_t k = 0; k + 1 < kids.size(); ++k) {
      const std::uint32_t split = here();
      add({Regex::Inst::kSplit, split + 1, 0});
      emit_node(kids[k]);
      jumps.push_back(here());
      add({Regex::Inst::kJmp, 0, 0});
      if (!error_.empty()) return;
      program_[split].y = here();
    }
    emit_node(kids.back());
    if (!error_.empty()) return;
    for (auto j : jumps) program_[j].x = here();
  }

  void emit_repeat(int kid, int min, int max) {
    for (int k = 0; k < min && error_.empty(); ++k) emit_node(kid);
    if (max == -1) {
      const std::uint32_t split = here();
      add({Regex::Inst::kSplit, split + 1, 0});
      emit_node(kid);
      add({Regex::Inst::kJmp, split, 0});
      if (error_.empty()) program_[split].y = here();
      return;
    }
    std::vector<std::uint32_t> splits;
    for (int k = min; k < max && error_.empty(); ++k) {
      splits.push_back(here());
      add({Regex::Inst::kSplit, here() + 1, 0});
      emit_node(kid);
    }
    if (!error_.empty()) return;
    for (auto s : splits) program_[s].y = here();
  }

  std::string_view p_;
  std::size_t i_ = 0;
  std::vector<Node> nodes_;
  std::vector<Regex::Class> classes_out_;
  std::vector<Regex::Inst> program_;
  std::string error_;
  std::size_t error_at_ = 0;
};

Result<Regex> Regex::compile(std::string_view pattern) {
  return RegexCompiler(pattern).run();
}

namespace {

// A set of program counters with O(1) insert, test and clear (Briggs and Torczon 1993).
struct SparseSet {
  std::vector<std::uint32_t> dense, sparse;
  std::size_t size = 0;
  void resize(std::size_t n) {
    if (dense.size() < n) {
      dense.resize(n);
      sparse.resize(n);
    }
    size = 0;
  }
  bool contains(std::uint32_t v) const { return sparse[v] < size && dense[sparse[v]] == v; }
  void insert(std::uint32_t v) {
    sparse[v] = static_cast<std::uint32_t>(size);
    dense[size++] = v;
  }
};

struct Scratch {
  SparseSet current, next;
  std::vector<std::uint32_t> stack;
};

bool in_class(const Regex::Class& k, std::uint32_t cp) {
  const auto it =
      std::upper_bound(k.ranges.begin(), k.ranges.end(), cp,
                       [](std::uint32_t v, const std::pair<std::uint32_t, std::uint32_t>& r) {
                         return v < r.first;
                       });
  const bool inside = it != k.ranges.begin() && cp <= std::prev(it)->second;
  return inside != k.negated;
}

}  // namespace

bool Regex::search(std::string_view text) const {
  thread_local Scratch scratch;
  const std::size_t n = program_.size();
  scratch.current.resize(n);
  scratch.next.resize(n);
  auto& stack = scratch.stack;
  // Adds pc and everything reachable from it without reading a character; true on a match.
  auto add_thread = [&](SparseSet& set, std::uint32_t start, std::size_t pos) {
    stack.clear();
    stack.push_back(start);
    while (!stack.empty()) {
      const std::uint32_t pc = stack.back();
      stack.pop_back();
      if (set.contains(pc)) continue;
      set.insert(pc);
      const Inst& in = program_[pc];
      switch (in.op) {
        case Inst::kJmp:
          stack.push_back(in.x);
          break;
        case Inst::kSplit:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Inst::kBegin:
          if (pos == 0) stack.push_back(pc + 1);
          break;
        case Inst::kEnd:
          if (pos == text.size()) stack.push_back(pc + 1);
          break;
        case Inst::kMatch:
          return true;
        default:
          break;
      }
    }
    return false;
  };
  SparseSet* current = &scratch.current;
  SparseSet* next = &scratch.next;
  current->size = 0;
  for (std::size_t i = 0;;) {
    if (add_thread(*current, 0, i)) return true;
    if (i == text.size()) return false;
    std::size_t len = 1;
    const std::uint32_t cp = decode(text, i, len);
    next->size = 0;
    for (std::size_t k = 0; k < current->size; ++k) {
      const std::uint32_t pc = current->dense[k];
      const Inst& in = program_[pc];
      bool step = false;
      switch (in.op) {
        case Inst::kChar:
          step = cp == in.x;
          break;
        case Inst::kAny:
          step = cp != '\n';
          break;
        case Inst::kClass:
          step = in_class(classes_[in.x], cp);
          break;
        default:
          break;
      }
      if (step && add_thread(*next, pc + 1, i + len)) return true;
    }
    std::swap(current, next);
    i += len;
  }
}

}  // namespace assay::data
