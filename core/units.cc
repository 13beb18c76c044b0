#include "core/units.h"

#include <array>

namespace assay::units {
namespace {

struct Entry {
  std::string_view symbol;
  UnitInfo info;
};

constexpr std::array kUnits = {
    Entry{"m", {Dimension::kLength, 1.0}},
    Entry{"km", {Dimension::kLength, 1000.0}},
    Entry{"cm", {Dimension::kLength, 0.01}},
    Entry{"mm", {Dimension::kLength, 0.001}},
    Entry{"s", {Dimension::kTime, 1.0}},
    Entry{"ms", {Dimension::kTime, 0.001}},
    Entry{"m/s", {Dimension::kSpeed, 1.0}},
    Entry{"km/h", {Dimension::kSpeed, 1.0 / 3.6}},
    Entry{"mph", {Dimension::kSpeed, 0.44704}},
    Entry{"m/s^2", {Dimension::kAcceleration, 1.0}},
    Entry{"m/s2", {Dimension::kAcceleration, 1.0}},
    Entry{"g", {Dimension::kAcceleration, kStandardGravity}},
    Entry{"m/s^3", {Dimension::kJerk, 1.0}},
    Entry{"m/s3", {Dimension::kJerk, 1.0}},
    Entry{"rad", {Dimension::kAngle, 1.0}},
    Entry{"deg", {Dimension::kAngle, kPi / 180.0}},
    Entry{"rad/s", {Dimension::kAngularRate, 1.0}},
    Entry{"deg/s", {Dimension::kAngularRate, kPi / 180.0}},
    Entry{"%", {Dimension::kRatio, 0.01}},
    Entry{"dB", {Dimension::kDecibel, 1.0}},
    Entry{"dBi", {Dimension::kDecibel, 1.0}},
    Entry{"dBm", {Dimension::kPowerLevel, 1.0}},
    // 1 W = 1000 mW, so P[dBm] = P[dBW] + 10·log10(1000) = P[dBW] + 30.
    Entry{"dBW", {Dimension::kPowerLevel, 1.0, 30.0}},
    Entry{"Hz", {Dimension::kFrequency, 1.0}},
    Entry{"kHz", {Dimension::kFrequency, 1e3}},
    Entry{"MHz", {Dimension::kFrequency, 1e6}},
    Entry{"GHz", {Dimension::kFrequency, 1e9}},
    Entry{"Bd", {Dimension::kFrequency, 1.0}},
    Entry{"kBd", {Dimension::kFrequency, 1e3}},
    Entry{"MBd", {Dimension::kFrequency, 1e6}},
};

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::kNone:
      return "number";
    case Dimension::kLength:
      return "length";
    case Dimension::kTime:
      return "time";
    case Dimension::kSpeed:
      return "speed";
    case Dimension::kAcceleration:
      return "acceleration";
    case Dimension::kJerk:
      return "jerk";
    case Dimension::kAngle:
      return "angle";
    case Dimension::kAngularRate:
      return "angular rate";
    case Dimension::kRatio:
      return "ratio";
    case Dimension::kDecibel:
      return "decibel ratio";
    case Dimension::kPowerLevel:
      return "power level";
    case Dimension::kFrequency:
      return "frequency";
  }
  return "number";
}

std::string_view si_unit(Dimension d) {
  switch (d) {
    case Dimension::kNone:
      return "";
    case Dimension::kLength:
      return "m";
    case Dimension::kTime:
      return "s";
    case Dimension::kSpeed:
      return "m/s";
    case Dimension::kAcceleration:
      return "m/s^2";
    case Dimension::kJerk:
      return "m/s^3";
    case Dimension::kAngle:
      return "rad";
    case Dimension::kAngularRate:
      return "rad/s";
    case Dimension::kRatio:
      return "1";
    case Dimension::kDecibel:
      return "dB";
    case Dimension::kPowerLevel:
      return "dBm";
    case Dimension::kFrequency:
      return "Hz";
  }
  return "";
}

std::optional<UnitInfo> find_unit(std::string_view symbol) {
  for (const auto& e : kUnits) {
    if (e.symbol == symbol) return e.info;
  }
  return std::nullopt;
}

std::string accepted_units(Dimension d) {
  std::string out;
  for (const auto& e : kUnits) {
    if (e.info.dimension != d) continue;
    if (!out.empty()) out += ", ";
    out += e.symbol;
  }
  return out;
}

}  // namespace assay::units
