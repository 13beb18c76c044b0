#include "models/native_adapter.h"

#include "core/sha256.h"
#include "models/native_model.h"

namespace assay::models {

Result<ModelSpec> parse_native_spec(std::string_view text) {
  ModelSpec spec;
  spec.text = std::string(text);
  spec.name = "native";
  spec.file = std::string(text.substr(std::string_view("native:").size()));
  if (spec.file.empty()) {
    return make_error("model spec \"" + spec.text + "\": expected native:PATH to a model file");
  }
  return spec;
}

Result<ModelIdentity> native_identity(const ModelSpec& spec) {
  auto file = load_native_model(spec.file);
  if (!file) return file.error();
  auto digest = sha256_file(spec.file);
  if (!digest) return digest.error();
  ModelIdentity id;
  id.adapter = "native";
  id.name = file->name;
  id.version = file->version;
  id.spec = spec.text;
  // Sorted by key, like every parameter list in a report.
  id.parameters = {{"file", spec.file}, {"sha256", *digest}};
  return id;
}

Result<std::unique_ptr<Model>> make_native_model(const ModelSpec& spec) {
  auto file = load_native_model(spec.file);
  if (!file) return file.error();
  auto shared = std::make_shared<const NativeModelFile>(std::move(file).value());
  return std::unique_ptr<Model>(std::make_unique<NativeModel>(std::move(shared)));
}

Result<std::vector<InputFile>> model_file_inputs(const ModelSpec& spec) {
  auto digest = sha256_file(spec.file);
  if (!digest) return digest.error();
  return std::vector<InputFile>{{"model", spec.file, *digest}};
}

}  // namespace assay::models
