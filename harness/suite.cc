#include "harness/suite.h"

#include <algorithm>
#include <array>
#include <filesystem>

#include "harness/ncap_score.h"

namespace assay::harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::array<std::string_view, 8> kKeys = {"description", "filter",    "format",  "id",
                                                   "model",       "scenarios", "scoring", "seed"};

std::string allowed_keys() {
  std::string out;
  for (auto k : kKeys) out += (out.empty() ? "\"" : ", \"") + std::string(k) + "\"";
  return out;
}

Result<std::string> string_at(const JsonDocument& doc, const std::string& pointer) {
  const json& v = doc.root().at(json::json_pointer(pointer));
  if (!v.is_string() || v.get<std::string>().empty()) {
    return doc.error_at(pointer,
                        "expected a non-empty string, got " + std::string(json_type_name(v)));
  }
  return v.get<std::string>();
}

// A path inside the suite's folder: relative, no "..", and still inside once symlinks resolve.
Result<std::string> resolve(const JsonDocument& doc, const std::string& pointer,
                            const std::string& relative) {
  const fs::path rel(relative);
  const bool escapes =
      std::any_of(rel.begin(), rel.end(), [](const fs::path& p) { return p == ".."; });
  if (rel.is_absolute() || escapes) {
    return doc.error_at(pointer,
                        "scenario paths must be relative and stay inside the suite's "
                        "folder; got \"" +
                            relative + "\"");
  }
  const fs::path root = fs::path(doc.file()).parent_path();
  const fs::path full = root / rel;
  std::error_code ec;
  const fs::path real_root = fs::weakly_canonical(root.empty() ? "." : root, ec);
  const fs::path real = fs::weakly_canonical(full, ec);
  const auto inside = real.lexically_relative(real_root);
  if (ec || inside.empty() || *inside.begin() == "..") {
    return doc.error_at(pointer, "\"" + relative + "\" resolves outside the suite's folder");
  }
  if (!fs::exists(full, ec)) return doc.error_at(pointer, "no such file or directory: " + relative);
  return full.lexically_normal().string();
}

Status read_scenarios(const JsonDocument& doc, Suite& s) {
  const json& list = doc.root()["scenarios"];
  if (!list.is_array() || list.empty()) {
    return doc.error_at("/scenarios", "expected a non-empty array of paths");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string p = pointer_append("/scenarios", i);
    auto text = string_at(doc, p);
    if (!text) return text.error();
    auto path = resolve(doc, p, *text);
    if (!path) return path.error();
    s.scenarios.push_back(*path);
  }
  return {};
}

// "scoring": one protocol name or an array of them (harness/ncap_score.h check_score_request).
Status read_scoring(const JsonDocument& doc, Suite& s) {
  const json& v = doc.root()["scoring"];
  const bool single = v.is_string();
  if (!single && (!v.is_array() || v.empty())) {
    return doc.error_at("/scoring", "expected a protocol name or a non-empty array of them");
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < (single ? 1 : v.size()); ++i) {
    const std::string p = single ? "/scoring" : pointer_append("/scoring", i);
    auto name = string_at(doc, p);
    if (!name) return name.error();
    if (auto one = check_score_request({*name}); !one) return doc.error_at(p, one.error().message);
    names.push_back(*name);
  }
  auto checked = check_score_request(names);
  if (!checked) return doc.error_at("/scoring", checked.error().message);
  s.scoring = std::move(checked).value();
  return {};
}

Status read_options(const JsonDocument& doc, Suite& s) {
  const json& root = doc.root();
  if (root.contains("model")) {
    auto m = string_at(doc, "/model");
    if (!m) return m.error();
    s.model = *m;
  }
  if (root.contains("seed")) {
    const json& v = root["seed"];
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
      return doc.error_at("/seed", "expected a non-negative integer seed");
    }
    s.seed = v.get<std::uint64_t>();
  }
  if (root.contains("filter")) {
    const json& f = root["filter"];
    if (!f.is_array()) return doc.error_at("/filter", "expected an array of globs");
    for (std::size_t i = 0; i < f.size(); ++i) {
      auto g = string_at(doc, pointer_append("/filter", i));
      if (!g) return g.error();
      s.filters.push_back(*g);
    }
  }
  if (root.contains("scoring")) return read_scoring(doc, s);
  return {};
}

}  // namespace

bool is_suite(const JsonDocument& doc) {
  const json& root = doc.root();
  return root.is_object() && root.contains("format") && root["format"] == kSuiteFormat;
}

Result<Suite> parse_suite(const JsonDocument& doc) {
  const json& root = doc.root();
  if (!root.is_object()) return doc.error_at("", "a suite file is a JSON object");
  for (const auto& [key, value] : root.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      return doc.error_at_key(
          pointer_append("", key),
          "unknown key \"" + key + "\" in a suite; allowed keys: " + allowed_keys());
    }
  }
  Suite s;
  s.path = doc.file();
  if (root.contains("id")) {
    auto id = string_at(doc, "/id");
    if (!id) return id.error();
    s.id = *id;
  }
  if (root.contains("description")) {
    auto d = string_at(doc, "/description");
    if (!d) return d.error();
    s.title = *d;
  }
  if (!root.contains("scenarios")) return doc.error_at("", "a suite needs \"scenarios\"");
  if (auto st = read_scenarios(doc, s); !st) return st.error();
  if (auto st = read_options(doc, s); !st) return st.error();
  return s;
}

}  // namespace assay::harness
