// The `plugin` adapter: a model under test in a shared library loaded with dlopen, speaking the
// C ABI of models/plugin_abi.h. Selected with --model plugin:PATH[:key=value,...].
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/model.h"
#include "models/plugin_abi.h"

namespace assay::models {

/// A loaded library: its handle and validated function table; closed when the last user goes.
class PluginLibrary {
 public:
  /// dlopens path and checks the entry point, ABI version and table.
  static Result<std::shared_ptr<PluginLibrary>> open(const std::string& path);
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  [[nodiscard]] const assay_plugin& table() const { return *table_; }

 private:
  PluginLibrary(void* handle, const assay_plugin* table) : handle_(handle), table_(table) {}
  void* handle_;
  const assay_plugin* table_;
};

/// One plugin instance (one per worker thread).
class PluginModel final : public Model {
 public:
  /// Creates an instance with the given parameters; the plugin may reject them.
  static Result<std::unique_ptr<PluginModel>> create(
      std::shared_ptr<PluginLibrary> library,
      const std::vector<std::pair<std::string, std::string>>& parameters);
  ~PluginModel() override;
  PluginModel(const PluginModel&) = delete;
  PluginModel& operator=(const PluginModel&) = delete;

  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;
  std::string failure() const override { return failure_; }

 private:
  PluginModel(std::shared_ptr<PluginLibrary> library, void* instance)
      : library_(std::move(library)), instance_(instance) {}
  std::shared_ptr<PluginLibrary> library_;
  void* instance_;
  std::vector<assay_object> objects_;  // reused: no allocation per step once large enough
  std::string failure_;
};

/// Parses "plugin:PATH[:k=v,...]": parameters follow the last ':' when it is followed by k=v.
Result<ModelSpec> parse_plugin_spec(std::string_view text);

/// Identity: name and version from the plugin, parameters as given, file path and SHA-256.
Result<ModelIdentity> plugin_identity(const ModelSpec& spec);

/// Loads the library and creates an instance.
Result<std::unique_ptr<Model>> make_plugin_model(const ModelSpec& spec);

}  // namespace assay::models
