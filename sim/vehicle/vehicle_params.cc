#include "sim/vehicle/vehicle_params.h"

#include <algorithm>
#include <array>
#include <utility>

namespace assay::sim {
namespace {

// CommonRoad 2020a PAC2002 lateral coefficients at Fz = Fz0 and zero camber, identical for
// vehicles 1-3: C = p_cy1, D = p_dy1, E = p_ey1 (rounded), B = -p_ky1 / (C·D) = 21.92 /
// (1.3507·1.0489).
constexpr PacejkaCoefficients kCommonRoadLateral{
    .b = 15.47, .c = 1.3507, .d = 1.0489, .e = -0.0075};

// Not in CommonRoad (which bounds |a| by a_max = 11.5 m/s² in both directions): a passenger car
// on a dry road cannot brake harder than µ·g = 1.0489 · 9.81 ≈ 10.3 m/s²; rounded to 10.
constexpr double kBrakeMax = 10.0;

// Assumptions, not CommonRoad values (CommonRoad commands acceleration and steering rate
// directly, without actuator lag): brake/drive and steering actuators reach 63 % of a step
// command after these times.
constexpr double kTauAccel = 0.2;
constexpr double kTauSteer = 0.1;

VehicleParams common_road(std::string name, std::string source) {
  VehicleParams p;
  p.name = std::move(name);
  p.source = std::move(source);
  p.mu = 1.0489;
  p.c_sf = 20.898;
  p.c_sr = 20.898;
  p.tyre_front = kCommonRoadLateral;
  p.tyre_rear = kCommonRoadLateral;
  p.steer_rate_max = 0.4;
  p.a_max = 11.5;
  p.brake_max = kBrakeMax;
  p.tau_accel = kTauAccel;
  p.tau_steer = kTauSteer;
  return p;
}

VehicleParams ford_escort() {
  VehicleParams p = common_road(
      "ford-escort",
      "CommonRoad vehicle models 2020a, parameters_vehicle1 (Ford Escort 1989); brake_max = µ·g "
      "(derived), tau_accel/tau_steer assumed");
  p.length = 4.298;
  p.width = 1.674;
  p.mass = 1225.9;
  p.lf = 0.8839;
  p.lr = 1.5088;
  p.iz = 1538.9;
  p.h_cg = 0.5578;
  p.steer_max = 0.910;
  p.v_switch = 4.755;
  p.v_max = 45.8;
  return p;
}

VehicleParams bmw_320i() {
  VehicleParams p = common_road(
      "bmw-320i",
      "CommonRoad vehicle models 2020a, parameters_vehicle2 (BMW 320i 1981); brake_max = µ·g "
      "(derived), tau_accel/tau_steer assumed");
  p.length = 4.508;
  p.width = 1.610;
  p.mass = 1093.3;
  p.lf = 1.1562;
  p.lr = 1.4227;
  p.iz = 1791.6;
  p.h_cg = 0.5749;
  p.steer_max = 1.066;
  p.v_switch = 7.319;
  p.v_max = 50.8;
  return p;
}

VehicleParams vw_vanagon() {
  VehicleParams p = common_road(
      "vw-vanagon",
      "CommonRoad vehicle models 2020a, parameters_vehicle3 (VW Vanagon 1984; v_switch from the "
      "code, the documentation table says 4.824); brake_max = µ·g (derived), tau_accel/tau_steer "
      "assumed");
  p.length = 4.569;
  p.width = 1.844;
  p.mass = 1478.9;
  p.lf = 1.1508;
  p.lr = 1.3211;
  p.iz = 2473.1;
  p.h_cg = 0.7478;
  p.steer_max = 1.023;
  p.v_switch = 7.824;
  p.v_max = 41.7;
  return p;
}

// Built once on first use; sorted by name.
const std::array<VehicleParams, 3>& builtins() {
  static const std::array<VehicleParams, 3> sets = {bmw_320i(), ford_escort(), vw_vanagon()};
  return sets;
}

}  // namespace

const VehicleParams* find_vehicle(std::string_view name) {
  const auto& sets = builtins();
  const auto it = std::find_if(sets.begin(), sets.end(),
                               [name](const VehicleParams& p) { return p.name == name; });
  return it == sets.end() ? nullptr : &*it;
}

std::vector<std::string> vehicle_names() {
  std::vector<std::string> names;
  for (const auto& p : builtins()) names.push_back(p.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace assay::sim
