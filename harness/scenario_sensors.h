// Internal to the scenario parser: the "sensors" section is read in scenario_sensors.cc with two
// located readers that scenario.cc exposes here, so the section lives in its own file while
// the reading helpers stay where they are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_source.h"
#include "core/status.h"
#include "core/units.h"
#include "harness/scenario.h"

namespace assay::scenario::detail {

/// Allowed SI values of a numeric field: [lo, hi], with lo excluded when lo_open.
struct FieldRange {
  units::Dimension dimension = units::Dimension::kNone;
  std::optional<double> lo, hi;
  bool lo_open = false;
};

/// Checks that the value at pointer is an object whose keys are all in `allowed`; `what` names
/// it in messages ("\"sensors\"").
Status check_object(const JsonDocument& doc, const std::string& pointer,
                    const std::vector<std::string_view>& allowed, const std::string& what);

/// Reads member `key` of the object at pointer as a number (SI number, "<number> <unit>" or
/// "$param" of s's parameters, whose values must all lie in the range), located on error.
/// The member must exist.
Status read_field(const JsonDocument& doc, const std::string& pointer, std::string_view key,
                  const FieldRange& range, Scenario& s, Number& out);

/// Reads the optional top-level "sensors" section into s.sensors (scenario_sensors.cc).
Status read_sensors(const JsonDocument& doc, Scenario& s);

}  // namespace assay::scenario::detail
