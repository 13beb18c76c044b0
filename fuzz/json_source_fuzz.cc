// libFuzzer target: arbitrary bytes through the located JSON reader that every parser uses.
// Besides not crashing, every key and value it accepted must be locatable.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_source.h"

namespace {

// Locates every value and key of an accepted document, as error messages would.
void locate_all(const assay::JsonDocument& doc, const nlohmann::json& j, const std::string& at) {
  static_cast<void>(doc.locate(at));
  static_cast<void>(doc.locate_key(at));
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      locate_all(doc, it.value(), assay::pointer_append(at, it.key()));
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) locate_all(doc, j[i], assay::pointer_append(at, i));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = assay::parse_json(text, "fuzz.json");
  if (!doc) {
    static_cast<void>(doc.error().format());
    return 0;
  }
  locate_all(*doc, doc->root(), "");
  return 0;
}
