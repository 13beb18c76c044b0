// Unit helpers. Inside Assay every quantity is SI (m, s, m/s, m/s², rad); these convert at the
// edges (scenario files, reports) and parse quantities such as "50 km/h" or "-6 m/s^2".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace assay::units {

inline constexpr double kStandardGravity = 9.80665;  // m/s², by definition (CGPM 1901)
inline constexpr double kPi = 3.14159265358979323846;

constexpr double kmh_to_ms(double kmh) {
  return kmh / 3.6;
}
constexpr double ms_to_kmh(double ms) {
  return ms * 3.6;
}
constexpr double g_to_ms2(double g) {
  return g * kStandardGravity;
}
constexpr double ms2_to_g(double a) {
  return a / kStandardGravity;
}
constexpr double deg_to_rad(double deg) {
  return deg * kPi / 180.0;
}
constexpr double rad_to_deg(double rad) {
  return rad * 180.0 / kPi;
}

/// What a quantity measures; a scenario field accepts units of its own dimension only.
enum class Dimension {
  kNone,
  kLength,
  kTime,
  kSpeed,
  kAcceleration,
  kJerk,
  kAngle,
  kAngularRate,
  kRatio,
  // Radio (docs/radio.md): decibel ratios and gains, power levels, frequencies and rates.
  kDecibel,     // dB, dBi: kept in dB (a logarithmic ratio has no SI factor)
  kPowerLevel,  // dBm, dBW: kept in dBm (dBW converts with an offset: 0 dBW = 30 dBm)
  kFrequency    // Hz, kHz, MHz, GHz; symbol rates Bd, kBd, MBd
};

/// Name of a dimension for messages ("speed", "length", ...).
std::string_view dimension_name(Dimension d);

/// The SI unit written in reports for a dimension ("m/s", "m", ...).
std::string_view si_unit(Dimension d);

/// A known unit: its dimension and the affine map to SI, si = value·to_si + offset. The offset
/// is zero for every unit but the logarithmic power levels (dBW = dBm − 30, so 0 dBW = 30 dBm).
struct UnitInfo {
  Dimension dimension;
  double to_si;
  double offset = 0.0;

  /// A value in this unit, converted to SI (dBm for power levels).
  [[nodiscard]] constexpr double si(double value) const { return value * to_si + offset; }
};

/// Looks up a unit symbol ("km/h", "m/s^2", "m/s2", "g", "deg", "%", ...); nullopt if unknown.
std::optional<UnitInfo> find_unit(std::string_view symbol);

/// The list of accepted unit symbols for a dimension, for error messages.
std::string accepted_units(Dimension d);

}  // namespace assay::units
