// A small regular-expression engine for the `regex` rule. It simulates a Thompson NFA, so a
// search takes time linear in the text (no backtracking: a hostile pattern or value cannot
// make it slow) and never recurses over the text (no stack exhaustion). std::regex has neither
// property. Syntax: literals, '.', classes [a-z0-9_] and [^...], \d \w \s \D \W \S, escapes of
// metacharacters, groups ( ) and (?: ), alternation |, quantifiers * + ? {n} {n,} {n,m} (a
// trailing '?' is accepted), anchors ^ and $ (start and end of the value). Code points, not
// bytes, are matched. Backreferences and lookaround are rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace assay::data {

/// A compiled pattern. Search semantics: true when the pattern matches anywhere in the text.
class Regex {
 public:
  /// Compiles `pattern`; errors give the 1-based character offset in Error::where.column.
  static Result<Regex> compile(std::string_view pattern);

  /// True when the pattern matches a substring of `text` (use ^...$ for a whole-value match).
  [[nodiscard]] bool search(std::string_view text) const;

  /// The pattern as given.
  [[nodiscard]] const std::string& pattern() const { return pattern_; }

  struct Inst {
    enum Op : std::uint8_t { kChar, kAny, kClass, kSplit, kJmp, kBegin, kEnd, kMatch };
    Op op = kMatch;
    std::uint32_t x = 0;  // code point, class index or jump target
    std::uint32_t y = 0;  // second target of a split
  };
  struct Class {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;  // inclusive, sorted, merged
    bool negated = false;
  };

 private:
  std::string pattern_;
  std::vector<Inst> program_;
  std::vector<Class> classes_;
  friend class RegexCompiler;
};

}  // namespace assay::data
