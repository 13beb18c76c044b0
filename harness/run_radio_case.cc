#include "harness/run_radio_case.h"

#include <algorithm>
#include <exception>

#include "harness/plan_radio.h"
#include "harness/scenario_radio.h"
#include "models/radio/radio_model.h"
#include "oracles/radio_oracles.h"

namespace assay::harness {
namespace {

std::string family_of(const SelectedCase& c) {
  return c.loaded->scenario.radio ? "radio" : "vehicle";
}

// "a usage error": a model of one family cannot drive scenarios of the other.
Error mismatch(const std::string& model, const std::string& family, const SelectedCase& c) {
  const std::string other = family == "radio" ? "vehicle" : "radio";
  return make_error("model \"" + model + "\" is a " + other + " model, but the selection has " +
                    family + " scenarios (e.g. " + c.loaded->scenario.id + " in " + c.loaded->path +
                    "); run the families separately with --filter (ids or tags), or leave --model "
                    "unset (auto: aeb-ttc for vehicle, threshold-acm for radio)");
}

}  // namespace

Result<FamilyModels> choose_models(const std::string& model,
                                   const std::vector<SelectedCase>& cases) {
  FamilyModels m;
  const SelectedCase* first_vehicle = nullptr;
  const SelectedCase* first_radio = nullptr;
  for (const auto& c : cases) {
    const bool radio = c.loaded->scenario.radio != nullptr;
    (radio ? m.radio_cases : m.vehicle_cases) = true;
    if (radio && !first_radio) first_radio = &c;
    if (!radio && !first_vehicle) first_vehicle = &c;
  }
  if (model == kAutoModel) return m;
  if (models::radio::is_radio_model(model)) {
    if (first_vehicle) return mismatch(model, family_of(*first_vehicle), *first_vehicle);
    if (auto probe = models::radio::make_radio_model(model); !probe) return probe.error();
    m.radio = model;
    return m;
  }
  if (first_radio) return mismatch(model, family_of(*first_radio), *first_radio);
  m.vehicle = model;
  return m;
}

Result<ModelIdentity> radio_model_identity(const std::string& spec) {
  auto model = models::radio::make_radio_model(spec);
  if (!model) return model.error();
  ModelIdentity id;
  id.adapter = "builtin";
  id.name = spec.substr(0, spec.find(':'));
  id.version = "1";
  id.spec = spec;
  // The model's own spec lists every effective parameter: "NAME:k=v,k=v".
  const std::string full = (*model)->spec();
  const std::size_t colon = full.find(':');
  for (std::size_t at = colon; at != std::string::npos && at < full.size();) {
    const std::size_t end = full.find(',', at + 1);
    const std::string item = full.substr(at + 1, end == std::string::npos ? end : end - at - 1);
    const std::size_t eq = item.find('=');
    if (eq != std::string::npos)
      id.parameters.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    at = end;
  }
  std::sort(id.parameters.begin(), id.parameters.end());
  return id;
}

Result<ModelIdentity> run_model_identity(const FamilyModels& models) {
  if (models.radio_cases && !models.vehicle_cases) return radio_model_identity(models.radio);
  auto spec = models::parse_model_spec(models.vehicle);
  if (!spec) return spec.error();
  return models::model_identity(*spec);
}

std::string describe_models(const FamilyModels& models, const std::string& requested) {
  if (requested != kAutoModel) return requested;
  if (models.vehicle_cases && models.radio_cases) {
    return "auto (" + models.vehicle + " for vehicle, " + models.radio + " for radio scenarios)";
  }
  return (models.radio_cases ? models.radio : models.vehicle) + " (auto)";
}

void record_family_models(const FamilyModels& models, const std::string& requested,
                          RunManifest& manifest) {
  if (requested != kAutoModel || !(models.vehicle_cases && models.radio_cases)) return;
  manifest.settings.emplace_back("model", "auto: " + models.vehicle + " for vehicle, " +
                                              models.radio + " for radio scenarios");
  std::sort(manifest.settings.begin(), manifest.settings.end());
}

Trace run_radio_case(const CasePlan& plan, const CaseRunContext& context, CaseResult& r) {
  Trace trace;
  try {
    auto world = build_radio_world(plan);
    if (!world) {
      r.verdict = Verdict::kError;
      r.reason = world.error().format();
      return trace;
    }
    auto model = models::radio::make_radio_model(context.radio_model_spec);
    if (!model) {
      r.verdict = Verdict::kError;
      r.reason = model.error().format();
      return trace;
    }
    trace = run_radio_link(*world, build_radio_feedback(plan), **model, plan.seed);
    r.end_reason = "duration";
    r.steps = trace.size();
    r.sim_time = trace.size() == 0 ? 0.0 : trace.time().back() + world->dt;
    r.metrics = oracles::radio_metrics(trace);
    const auto configs = build_radio_oracles(plan);
    r.verdict = configs.empty() ? Verdict::kSkipped : Verdict::kPass;
    if (configs.empty()) r.reason = "scenario has no oracles";
    for (const auto& config : configs) {
      OracleResult o = oracles::evaluate_radio(config, trace);
      r.verdict = combine(r.verdict, o.verdict);
      if (r.reason.empty() && (o.verdict == Verdict::kFail || o.verdict == Verdict::kError)) {
        r.reason = o.id + ": " + o.message;
      }
      r.oracles.push_back(std::move(o));
    }
  } catch (const std::exception& e) {
    r.verdict = Verdict::kError;
    r.reason = std::string("harness error: ") + e.what();
  }
  return trace;
}

Status check_case(const CasePlan& plan) {
  if (plan.scenario->radio) {
    auto world = build_radio_world(plan);
    if (!world) return world.error();
    return {};
  }
  auto world = build_world(plan);
  if (!world) return world.error();
  return {};
}

}  // namespace assay::harness
