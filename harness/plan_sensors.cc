#include "harness/plan_sensors.h"

namespace assay::harness {
namespace {

// SI value of a Number for the case (a literal, or the case's value of its parameter).
double resolve(const CasePlan& plan, const scenario::Number& n) {
  if (!n.is_param()) return n.si;
  const auto& params = plan.scenario->parameters;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == n.param) return plan.values_si[i];
  }
  return n.si;  // the parser guarantees that references exist
}

}  // namespace

Result<sim::SensorSpec> build_sensors(const CasePlan& plan) {
  const scenario::Sensors& s = plan.scenario->sensors;
  sim::SensorSpec out;
  if (!s.present) return out;
  out.enabled = true;
  auto& o = out.object;
  if (s.range) o.range = resolve(plan, *s.range);
  if (s.fov) o.fov = resolve(plan, *s.fov);
  o.noise = {resolve(plan, s.noise_distance), resolve(plan, s.noise_relative_speed),
             resolve(plan, s.noise_lateral_offset)};
  o.bias = {resolve(plan, s.bias_distance), resolve(plan, s.bias_relative_speed),
            resolve(plan, s.bias_lateral_offset)};
  o.dropout = resolve(plan, s.dropout);
  o.dropout_burst = resolve(plan, s.dropout_burst);
  o.latency = resolve(plan, s.latency);
  o.false_positive = resolve(plan, s.false_positive);
  o.false_positive_min = resolve(plan, s.false_positive_min);
  o.false_positive_max = resolve(plan, s.false_positive_max);
  o.false_positive_lateral = resolve(plan, s.false_positive_lateral);
  if (o.false_positive_max < o.false_positive_min) {
    const std::string pointer = s.pointer + "/object/false_positives/max_distance";
    const std::string message = "\"max_distance\" must be at least \"min_distance\" in case " +
                                case_id(*plan.scenario, plan.index);
    if (plan.scenario->doc) return plan.scenario->doc->error_at(pointer, message);
    return make_error(message);
  }
  out.ego = {resolve(plan, s.ego_speed_noise), resolve(plan, s.ego_speed_bias),
             resolve(plan, s.ego_accel_noise), resolve(plan, s.ego_accel_bias)};
  return out;
}

}  // namespace assay::harness
