// Normalisers for golden-file tests and determinism checks: they replace what legitimately
// differs between two runs of the same inputs (wall clock, run id, job count, the build and the
// command line) by a fixed token, so the rest can be compared byte for byte.
#include <nlohmann/json.hpp>

#include "reports/reports.h"

namespace assay {

namespace {

using nlohmann::json;

void replace_members(json& object, std::initializer_list<const char*> keys) {
  if (!object.is_object()) return;
  for (const char* key : keys) {
    if (object.contains(key)) object[key] = kNormalisedToken;
  }
}

// Replaces the value of every attribute that starts with `prefix` (which ends in the opening
// quote) up to its closing quote.
std::string replace_attribute_values(std::string text, std::string_view prefix) {
  std::size_t at = 0;
  while ((at = text.find(prefix, at)) != std::string::npos) {
    const std::size_t begin = at + prefix.size();
    const std::size_t end = text.find('"', begin);
    if (end == std::string::npos) break;
    text.replace(begin, end - begin, kNormalisedToken);
    at = begin + kNormalisedToken.size();
  }
  return text;
}

}  // namespace

std::string normalise_results_json(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  // Text that is not a results document is returned as it is, so a comparison shows it.
  if (doc.is_discarded() || !doc.is_object()) return std::string(text);
  if (auto manifest = doc.find("manifest"); manifest != doc.end() && manifest->is_object()) {
    replace_members(
        *manifest, {"started_at", "finished_at", "wall_seconds", "run_id", "jobs", "command_line"});
    if (auto tool = manifest->find("tool"); tool != manifest->end())
      replace_members(*tool, {"version", "git_commit", "compiler", "build_type", "build_flags"});
  }
  if (auto cases = doc.find("cases"); cases != doc.end() && cases->is_array()) {
    for (auto& c : *cases) replace_members(c, {"wall_seconds"});
  }
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string normalise_junit_xml(std::string_view text) {
  std::string out(text);
  for (std::string_view prefix :
       {" time=\"", " timestamp=\"", "<property name=\"assay.run_id\" value=\"",
        "<property name=\"assay.version\" value=\"",
        "<property name=\"assay.git_commit\" value=\""})
    out = replace_attribute_values(std::move(out), prefix);
  return out;
}

}  // namespace assay
