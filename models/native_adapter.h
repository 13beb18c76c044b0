// Spec handling for the `native` adapter: "native:PATH" selects an "assay.model/1" file.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/results.h"
#include "core/status.h"
#include "models/model.h"

namespace assay::models {

/// Parses "native:PATH"; the whole text after the prefix is the path.
Result<ModelSpec> parse_native_spec(std::string_view text);

/// Identity of a native model: name and version from the file, its path and SHA-256.
Result<ModelIdentity> native_identity(const ModelSpec& spec);

/// Loads the file and makes an instance.
Result<std::unique_ptr<Model>> make_native_model(const ModelSpec& spec);

/// The model file of a file-based adapter (native, plugin) as a manifest input (role "model").
Result<std::vector<InputFile>> model_file_inputs(const ModelSpec& spec);

}  // namespace assay::models
