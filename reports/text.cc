#include "reports/text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>

namespace assay::report_text {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Decodes the code point starting at text[i]. Returns its length in bytes, or 0 when the bytes
// there are not valid UTF-8 (bad lead or continuation byte, truncation, overlong form,
// surrogate, beyond U+10FFFF).
std::size_t decode(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  std::size_t length = 0;
  std::uint32_t smallest = 0;
  if ((lead & 0xE0u) == 0xC0u) {
    length = 2, cp = lead & 0x1Fu, smallest = 0x80;
  } else if ((lead & 0xF0u) == 0xE0u) {
    length = 3, cp = lead & 0x0Fu, smallest = 0x800;
  } else if ((lead & 0xF8u) == 0xF0u) {
    length = 4, cp = lead & 0x07u, smallest = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// Calls fn(code point, its bytes) for each character; an invalid byte becomes U+FFFD.
template <class Fn>
void for_each_char(std::string_view text, Fn fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = decode(text, i, cp);
    if (length == 0) {
      fn(0xFFFDu, kReplacement);
      ++i;
    } else {
      fn(cp, text.substr(i, length));
      i += length;
    }
  }
}

// The Char production of XML 1.0 (section 2.2).
bool allowed_in_xml(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// C0 controls, DEL and C1 controls: invisible, and ESC or CSI could drive a terminal.
bool is_control(std::uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_char(text, [&](std::uint32_t, std::string_view bytes) { out += bytes; });
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_char(text, [&](std::uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&apos;";
        return;
      // Parsers normalise raw tabs and line breaks in attribute values to spaces and drop raw
      // carriage returns; character references keep them.
      case '\t':
        out += "&#9;";
        return;
      case '\r':
        out += "&#13;";
        return;
      default:
        if (allowed_in_xml(cp)) out += bytes;
    }
  });
  return out;
}

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_char(text, [&](std::uint32_t cp, std::string_view bytes) {
    if (cp == '\n' || cp == '\r' || cp == '\t')
      out += ' ';
    else if (!is_control(cp))
      out += bytes;
  });
  return out;
}

std::string markdown_escape(std::string_view text) {
  // '|' splits table cells, '$' starts math and '@' mentions people on GitHub; the others are
  // emphasis, code, links, raw HTML, entities and headings. A backslash makes each literal.
  constexpr std::string_view kActive = "\\`*_[]<>|~&#$@!";
  std::string out;
  for (char c : single_line(text)) {
    if (kActive.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string format_number(double value, int significant) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0.0) value = 0.0;  // print -0 as 0
  char buffer[64];
  const auto r =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, significant);
  return std::string(buffer, r.ptr);
}

std::string format_quantity(double value, std::string_view unit) {
  std::string out = format_number(value, 6);
  if (!unit.empty()) {
    out += ' ';
    out += unit;
  }
  return out;
}

std::string parameter_string(const CaseResult& c) {
  std::string out;
  for (const auto& p : c.parameters) {
    if (!out.empty()) out += ' ';
    out += p.name + "=" + format_quantity(p.value, p.unit);
  }
  return out;
}

std::string case_label(const CaseResult& c) {
  const std::string parameters = parameter_string(c);
  return parameters.empty() ? c.case_id : c.case_id + " " + parameters;
}

std::string_view status_word(const RunSummary& s) {
  switch (exit_code_for(s)) {
    case kExitOk:
      return "PASSED";
    case kExitFailed:
      return "FAILED";
    case kExitNothingRun:
      return "NOTHING RUN";
    default:
      return "ERROR";
  }
}

std::string counts_text(const RunSummary& s) {
  auto count = [](std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  std::string out = count(s.total, "case", "cases") + ": " + std::to_string(s.passed) +
                    " passed, " + std::to_string(s.failed) + " failed, " +
                    count(s.errors, "error", "errors") + ", " + std::to_string(s.skipped) +
                    " skipped";
  if (s.not_run > 0) out += ", " + std::to_string(s.not_run) + " not run";
  return out;
}

std::string model_text(const ModelIdentity& m) {
  std::string out = m.name.empty() ? m.spec : m.name;
  if (out.empty()) out = "unnamed model";
  if (!m.version.empty()) out += " " + m.version;
  if (!m.adapter.empty()) out += " (" + m.adapter + ")";
  return out;
}

std::string format_fixed(double value, int decimals) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0.0) value = 0.0;  // print -0 as 0
  char buffer[512];  // fixed notation of the largest double needs 309 digits and the decimals
  const auto r =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return std::string(buffer, r.ptr);
}

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0.0;
  return format_fixed(seconds, 3);
}

std::vector<ScenarioCases> group_by_scenario(const std::vector<CaseResult>& cases) {
  std::vector<ScenarioCases> groups;
  std::map<std::string_view, std::size_t> where;
  for (const auto& c : cases) {
    const auto [it, added] = where.try_emplace(c.scenario_id, groups.size());
    if (added) groups.push_back({c.scenario_id, {}, {}, 0.0});
    ScenarioCases& g = groups[it->second];
    g.cases.push_back(&c);
    ++g.counts.total;
    switch (c.verdict) {
      case Verdict::kPass:
        ++g.counts.passed;
        break;
      case Verdict::kFail:
        ++g.counts.failed;
        break;
      case Verdict::kError:
        ++g.counts.errors;
        break;
      case Verdict::kSkipped:
        ++g.counts.skipped;
        break;
    }
    if (std::isfinite(c.wall_seconds) && c.wall_seconds > 0) g.wall_seconds += c.wall_seconds;
  }
  return groups;
}

namespace {

std::string points_of(double points, double max_points) {
  return format_fixed(points, 3) + " of " + format_fixed(max_points, 3);
}

std::string score_line(const ProtocolScore& p) {
  std::string tests;
  for (const auto& t : p.tests) {
    tests += (tests.empty() ? "" : ", ") + t.test + " " +
             (t.refused.empty() ? points_of(t.points, t.max_points) : std::string("refused"));
  }
  std::string total;
  if (p.total) {
    total = "total " + points_of(p.total->points, p.total->max_points);
    if (!p.total->band.empty()) total += ", " + p.total->band;
    if (!p.total->missing.empty()) {
      total += " (counted 0:";
      for (std::size_t i = 0; i < p.total->missing.size(); ++i)
        total += (i ? ", " : " ") + p.total->missing[i];
      total += ")";
    }
  } else {
    total = tests.empty() ? "no total: " + p.no_total : "no total";
  }
  return single_line(p.protocol + ": " + tests + (tests.empty() ? "" : "; ") + total);
}

}  // namespace

std::vector<std::string> score_lines(const RunResults& results) {
  std::vector<std::string> out;
  for (const auto& p : results.scores) out.push_back(score_line(p));
  return out;
}

}  // namespace assay::report_text
