// The plugin loader refuses libraries that break the ABI (docs/model-plugins.md, "Load errors"):
// each library in tests/plugins/ has one defect, and loading it must fail with the documented
// message, before any function of the table is called.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "models/model.h"
#include "models/plugin_abi.h"
#include "models/plugin_model.h"

namespace assay::models {
namespace {

std::string broken(const std::string& defect) {
  return std::string(ASSAY_BROKEN_PLUGIN_DIR) + "/libassay_broken_plugin_" + defect + ".so";
}

// The message of loading the library through every public entry point (the library itself,
// the model factory and the identity used by reports); all three must give the same error.
std::string load_error(const std::string& path) {
  auto library = PluginLibrary::open(path);
  EXPECT_FALSE(library.ok()) << path << " was accepted";
  if (library.ok()) return "";
  auto spec = parse_model_spec("plugin:" + path);
  EXPECT_TRUE(spec.ok());
  if (spec.ok()) {
    auto model = make_model(*spec);
    EXPECT_FALSE(model.ok());
    if (!model.ok()) {
      EXPECT_EQ(model.error().message, library.error().message);
    }
    auto id = model_identity(*spec);
    EXPECT_FALSE(id.ok());
    if (!id.ok()) {
      EXPECT_EQ(id.error().message, library.error().message);
    }
  }
  return library.error().message;
}

TEST(PluginAbi, WrongVersionIsRefused) {
  const std::string path = broken("abi_version");
  EXPECT_EQ(load_error(path), "plugin " + path + ": built for plugin ABI " +
                                  std::to_string(ASSAY_PLUGIN_ABI_VERSION + 1) +
                                  ", this assay speaks " +
                                  std::to_string(ASSAY_PLUGIN_ABI_MIN_VERSION) + " to " +
                                  std::to_string(ASSAY_PLUGIN_ABI_VERSION));
}

TEST(PluginAbi, TableSmallerThanTheHarnessExpectsIsRefused) {
  const std::string path = broken("small_table");
  // The plugin reports the size of a table that ends before `step`.
  EXPECT_EQ(load_error(path), "plugin " + path + ": function table is " +
                                  std::to_string(offsetof(assay_plugin, step)) +
                                  " bytes, expected " + std::to_string(sizeof(assay_plugin)));
}

TEST(PluginAbi, MissingEntrySymbolIsRefused) {
  const std::string path = broken("no_entry");
  EXPECT_EQ(load_error(path), "plugin " + path + ": does not export assay_plugin_entry");
}

TEST(PluginAbi, EntryReturningNullIsRefused) {
  const std::string path = broken("null_table");
  EXPECT_EQ(load_error(path), "plugin " + path + ": assay_plugin_entry returned NULL");
}

TEST(PluginAbi, NullFunctionPointerIsRefused) {
  const std::string path = broken("null_step");
  EXPECT_EQ(load_error(path), "plugin " + path + ": function table entry \"step\" is NULL");
}

TEST(PluginAbi, MissingFileIsRefusedWithTheLoaderReason) {
  const std::string path = broken("does_not_exist");
  const std::string message = load_error(path);
  EXPECT_EQ(message.rfind("plugin " + path + ": cannot load: ", 0), 0u) << message;
}

// The same source without a defect loads and steps, so the checks above fail for the defect
// and not for something else in the test libraries.
TEST(PluginAbi, TheSameSourceWithoutADefectLoads) {
  auto library = PluginLibrary::open(broken("none"));
  ASSERT_TRUE(library.ok()) << library.error().format();
  EXPECT_EQ((*library)->table().abi_version, ASSAY_PLUGIN_ABI_VERSION);
  EXPECT_STREQ((*library)->table().name, "broken");
  auto model = PluginModel::create(std::move(library).value(), {});
  ASSERT_TRUE(model.ok()) << model.error().format();
  (*model)->reset({1, 0.01, 10.0});
  const sim::ActuatorCommand c = (*model)->step(sim::Observation{});
  EXPECT_EQ(c.accel, 0.0);
  EXPECT_EQ(c.steer, 0.0);
}

}  // namespace
}  // namespace assay::models
