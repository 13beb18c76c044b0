#include "models/plugin_model.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <limits>

#include "core/sha256.h"

namespace assay::models {
namespace {

constexpr std::size_t kErrorSize = 512;

// A message buffer the plugin writes into; always NUL-terminated afterwards.
struct ErrorBuffer {
  std::array<char, kErrorSize> text{};
  std::string str() {
    text.back() = '\0';
    return text[0] ? std::string(text.data()) : std::string("no message");
  }
};

// Name of the first NULL pointer of the table, in declaration order; nullptr if there is none.
const char* first_null_entry(const assay_plugin& t) {
  if (!t.name) return "name";
  if (!t.version) return "version";
  if (!t.create) return "create";
  if (!t.destroy) return "destroy";
  if (!t.reset) return "reset";
  if (!t.step) return "step";
  return nullptr;
}

}  // namespace

Result<std::shared_ptr<PluginLibrary>> PluginLibrary::open(const std::string& path) {
  // dlopen searches the library path for names without '/'; a plugin is always a file.
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    return make_error("plugin " + path + ": cannot load: " + (why ? why : "unknown error"));
  }
  auto entry = reinterpret_cast<assay_plugin_entry_fn>(dlsym(handle, ASSAY_PLUGIN_ENTRY));
  const assay_plugin* table = entry ? entry() : nullptr;
  std::string problem;
  if (!entry) {
    problem = "does not export " + std::string(ASSAY_PLUGIN_ENTRY);
  } else if (!table) {
    problem = std::string(ASSAY_PLUGIN_ENTRY) + " returned NULL";
  } else if (table->abi_version < ASSAY_PLUGIN_ABI_MIN_VERSION ||
             table->abi_version > ASSAY_PLUGIN_ABI_VERSION) {
    problem = "built for plugin ABI " + std::to_string(table->abi_version) +
              ", this assay speaks " + std::to_string(ASSAY_PLUGIN_ABI_MIN_VERSION) + " to " +
              std::to_string(ASSAY_PLUGIN_ABI_VERSION);
  } else if (table->struct_size < sizeof(assay_plugin)) {
    problem = "function table is " + std::to_string(table->struct_size) + " bytes, expected " +
              std::to_string(sizeof(assay_plugin));
  } else if (const char* missing = first_null_entry(*table)) {
    problem = "function table entry \"" + std::string(missing) + "\" is NULL";
  }
  if (!problem.empty()) {
    dlclose(handle);
    return make_error("plugin " + path + ": " + problem);
  }
  return std::shared_ptr<PluginLibrary>(new PluginLibrary(handle, table));
}

PluginLibrary::~PluginLibrary() {
  dlclose(handle_);
}

Result<std::unique_ptr<PluginModel>> PluginModel::create(
    std::shared_ptr<PluginLibrary> library,
    const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::vector<assay_parameter> list;
  for (const auto& [k, v] : parameters) list.push_back({k.c_str(), v.c_str()});
  ErrorBuffer error;
  void* instance =
      library->table().create(list.data(), list.size(), error.text.data(), error.text.size());
  if (!instance) {
    return make_error("plugin " + std::string(library->table().name) + ": " + error.str());
  }
  return std::unique_ptr<PluginModel>(new PluginModel(std::move(library), instance));
}

PluginModel::~PluginModel() {
  library_->table().destroy(instance_);
}

void PluginModel::reset(const CaseContext& context) {
  failure_.clear();
  ErrorBuffer error;
  if (library_->table().reset(instance_, context.seed, context.dt, context.initial_speed,
                              error.text.data(), error.text.size()) != 0) {
    failure_ = "plugin reset failed: " + error.str();
  }
}

sim::ActuatorCommand PluginModel::step(const sim::Observation& obs) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  // A failed reset makes every step fail, so the case ends as a model failure at once.
  if (!failure_.empty()) return {kNaN, kNaN};
  objects_.resize(obs.objects.size());
  for (std::size_t i = 0; i < obs.objects.size(); ++i) {
    const auto& o = obs.objects[i];
    objects_[i] = {o.id,    o.distance, o.relative_speed, o.lateral_offset,
                   o.width, o.length,   o.speed};
  }
  const assay_observation in{obs.t,           obs.dt,
                             obs.ego_speed,   obs.ego_accel,
                             obs.ego_yaw,     obs.ego_yaw_rate,
                             obs.ego_steer,   obs.ego_lateral_offset,
                             obs.ego_width,   obs.ego_length,
                             obs.ego_lane,    static_cast<std::uint32_t>(objects_.size()),
                             objects_.data(), obs.road_curvature};
  assay_command out{kNaN, kNaN};
  ErrorBuffer error;
  if (library_->table().step(instance_, &in, &out, error.text.data(), error.text.size()) != 0) {
    failure_ = "plugin step failed: " + error.str();
    return {kNaN, kNaN};
  }
  return {out.accel, out.steer};
}

Result<ModelSpec> parse_plugin_spec(std::string_view text) {
  ModelSpec spec;
  spec.text = std::string(text);
  spec.name = "plugin";
  std::string_view rest = text.substr(std::string_view("plugin:").size());
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find('=', colon) != std::string_view::npos) {
    std::string_view params = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (auto s = parse_spec_parameters(params, true, spec); !s.ok()) return s.error();
  }
  spec.file = std::string(rest);
  if (spec.file.empty()) {
    return make_error("model spec \"" + spec.text +
                      "\": expected plugin:PATH[:key=value,...] with PATH a shared library");
  }
  return spec;
}

Result<ModelIdentity> plugin_identity(const ModelSpec& spec) {
  auto library = PluginLibrary::open(spec.file);
  if (!library) return library.error();
  auto digest = sha256_file(spec.file);
  if (!digest) return digest.error();
  ModelIdentity id;
  id.adapter = "plugin";
  id.name = (*library)->table().name;
  id.version = (*library)->table().version;
  id.spec = spec.text;
  id.parameters = spec.parameters;
  id.parameters.emplace_back("file", spec.file);
  id.parameters.emplace_back("sha256", *digest);
  std::stable_sort(id.parameters.begin(), id.parameters.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return id;
}

Result<std::unique_ptr<Model>> make_plugin_model(const ModelSpec& spec) {
  auto library = PluginLibrary::open(spec.file);
  if (!library) return library.error();
  auto model = PluginModel::create(std::move(library).value(), spec.parameters);
  if (!model) return model.error();
  return std::unique_ptr<Model>(std::move(model).value());
}

}  // namespace assay::models
