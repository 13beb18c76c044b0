// libFuzzer target: arbitrary bytes through the JSON reader and the native model parser; a
// model that parses is evaluated once. Any input must give a model or a located error, never a
// crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json_source.h"
#include "models/native_inference.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = assay::parse_json(text, "fuzz.json");
  if (!doc) return 0;
  auto file = assay::models::parse_native_model(*doc);
  if (!file) {
    static_cast<void>(file.error().format());
    return 0;
  }
  assay::models::NativeEvaluator e(file->net);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(file->net.inputs, 1.0);
  Eigen::VectorXd y(file->net.outputs);
  e.predict(x, y);
  return 0;
}
