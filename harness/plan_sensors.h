// The sensor models of one case: the scenario's "sensors" section resolved to SI for the case's
// parameter values (docs/scenario-format.md, "Sensors").
#pragma once

#include "core/status.h"
#include "harness/plan.h"
#include "sim/vehicle/sensors.h"

namespace assay::harness {

/// The case's sensors (disabled when the scenario has no "sensors" section); an error, located
/// in the scenario, when the case's parameters give an empty false-positive distance range.
Result<sim::SensorSpec> build_sensors(const CasePlan& plan);

}  // namespace assay::harness
