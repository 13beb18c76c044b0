// The model-under-test interface: observation → actuator command, one instance per worker
// thread, reset before every case. Built-in models are chosen by a spec "NAME[:k=v,...]".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/results.h"
#include "core/status.h"
#include "sim/vehicle/observation.h"
#include "sim/vehicle/vehicle_state.h"

namespace assay::models {

/// What a model learns about a case before its first step.
struct CaseContext {
  std::uint64_t seed = 0;      // per-case seed, for models with their own randomness
  double dt = 0.01;            // step [s]
  double initial_speed = 0.0;  // ego speed at t = 0 [m/s]
};

/// A model under test. Stateful: reset() starts a case; step() is called once per time step.
class Model {
 public:
  virtual ~Model() = default;
  /// Prepares for a new case; must forget everything from the previous one.
  virtual void reset(const CaseContext& context) = 0;
  /// Maps the current observation to an actuator command.
  virtual sim::ActuatorCommand step(const sim::Observation& observation) = 0;
  /// Why the last step failed (adapters that can fail: plugins, processes); empty otherwise.
  [[nodiscard]] virtual std::string failure() const { return {}; }
};

/// A parsed model spec: name and key=value parameters in the order given.
struct ModelSpec {
  std::string text;  // as given
  std::string name;
  std::vector<std::pair<std::string, std::string>> parameters;
  std::string file;               // adapters that load a file ("native:PATH"): its path
  std::vector<std::string> argv;  // the process adapter: the command, never through a shell
};

/// Parses "NAME[:k=v,...]"; errors name the offending part.
Result<ModelSpec> parse_model_spec(std::string_view text);

/// Appends the "k=v,k=v" list of a spec to spec.parameters (the one parser of it for built-ins and
/// every adapter). Built-in parameters are numbers, so `allow_empty_value` is false for them;
/// adapters pass values on as strings and may accept "k=".
Status parse_spec_parameters(std::string_view list, bool allow_empty_value, ModelSpec& spec);

/// A parameter of a built-in model: name, default, allowed range, unit and meaning.
struct ParameterInfo {
  std::string name;
  double default_value = 0.0;
  double min = 0.0;
  double max = 0.0;
  std::string unit;
  std::string help;
};

/// A built-in model: its name, version, description and parameters.
struct BuiltinInfo {
  std::string name;
  std::string version;
  std::string summary;
  std::vector<ParameterInfo> parameters;
};

/// All built-in models, sorted by name.
const std::vector<BuiltinInfo>& builtin_models();

/// Effective numeric parameters of a spec (defaults filled in), validated against the model's
/// parameter list: unknown names, non-numbers and out-of-range values are errors.
Result<std::vector<std::pair<std::string, double>>> resolve_parameters(const ModelSpec& spec);

/// Identity recorded in every report (adapter, name, version, spec, effective parameters).
Result<ModelIdentity> model_identity(const ModelSpec& spec);

/// Makes a fresh instance of a built-in model (one per worker thread).
Result<std::unique_ptr<Model>> make_model(const ModelSpec& spec);

/// make_model, or, when that fails (a model process that no longer starts), a model whose every
/// step fails with the reason: a worker then fails its cases instead of ending the run.
std::unique_ptr<Model> make_model_or_failure(const ModelSpec& spec);

/// Files the model is loaded from, with their SHA-256, for the run manifest (role "model").
Result<std::vector<InputFile>> model_inputs(const ModelSpec& spec);

}  // namespace assay::models
