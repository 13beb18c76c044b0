// `assay run` for radio scenarios: which model runs which family, and one radio case from plan
// to verdict (the radio counterpart of run_case's vehicle loop).
#pragma once

#include <string>
#include <vector>

#include "core/results.h"
#include "core/status.h"
#include "core/trace.h"
#include "harness/run.h"

namespace assay::harness {

/// The model each family runs. "auto" (the default) means aeb-ttc for vehicle scenarios and
/// threshold-acm for radio scenarios.
struct FamilyModels {
  std::string vehicle = "aeb-ttc";
  std::string radio = "threshold-acm";
  bool vehicle_cases = false;  // the selection has vehicle cases
  bool radio_cases = false;    // the selection has radio cases
};

inline constexpr std::string_view kAutoModel = "auto";
inline constexpr std::string_view kDefaultRadioModel = "threshold-acm";

/// Resolves --model for the selected cases; a model of one family with cases of the other is
/// a usage error that suggests --filter; an unknown radio model or parameter is an error too.
Result<FamilyModels> choose_models(const std::string& model,
                                   const std::vector<SelectedCase>& cases);

/// The manifest identity of a radio built-in ("threshold-acm:margin=2").
Result<ModelIdentity> radio_model_identity(const std::string& spec);

/// The identity recorded in the manifest: the radio model's for a radio-only selection.
Result<ModelIdentity> run_model_identity(const FamilyModels& models);

/// How the start line names the models: "threshold-acm (auto)", or both families for a mixed
/// selection under "auto".
std::string describe_models(const FamilyModels& models, const std::string& requested);

/// A mixed selection under "auto" runs two models; the manifest's settings say which.
void record_family_models(const FamilyModels& models, const std::string& requested,
                          RunManifest& manifest);

/// Runs one radio case into `r` (verdict, oracles, metrics, steps); returns the trace.
Trace run_radio_case(const CasePlan& plan, const CaseRunContext& context, CaseResult& r);

/// Builds a case's world (either family) for lint; errors are located in the scenario file.
Status check_case(const CasePlan& plan);

}  // namespace assay::harness
