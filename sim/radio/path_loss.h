// Path-loss models (reference: ../shared/reference/radio.md §2.4-2.5): free space (Friis),
// log-distance, Okumura–Hata and COST-231 Hata (textbook forms, not ns-3's variants), and 3GPP
// TR 38.901 RMa/UMa/UMi-Street-Canyon/InH-Office LOS and NLOS with LOS probability, breakpoint
// distances, shadow-fading σ and correlation distances. All losses in dB.
#pragma once

#include <optional>
#include <string_view>

namespace assay::radio {

/// Speed of light (m/s). 3GPP texts and ns-3 use 3e8; the exact value changes results ~1e-3 dB.
inline constexpr double kSpeedOfLight = 299'792'458.0;

/// Free-space path loss 20·log10(4π·d·f/c), d in m, f in Hz.
double fspl_db(double distance_m, double freq_hz);

/// Log-distance: PL(d0) + 10·n·log10(d/d0).
double log_distance_db(double distance_m, double d0_m, double pl_d0_db, double exponent);

/// Okumura–Hata environment.
enum class HataEnv { kSmallMediumCity, kLargeCity, kSuburban, kOpen };

/// Okumura–Hata loss; f in MHz (150–1500), d in km, base and mobile heights in m. Suburban and
/// open use the small/medium-city mobile correction (radio.md §2.4).
double hata_db(HataEnv env, double freq_mhz, double distance_km, double h_base_m,
               double h_mobile_m);

/// COST-231 Hata (1500–2000 MHz); metropolitan adds C_m = 3 dB and uses the large-city a(h_m).
double cost231_db(bool metropolitan, double freq_mhz, double distance_km, double h_base_m,
                  double h_mobile_m);

/// 3GPP TR 38.901 scenarios.
enum class Tr38901Scenario { kRMa, kUMa, kUMi, kInH };

/// "rma", "uma", "umi", "inh" → scenario.
std::optional<Tr38901Scenario> parse_tr38901(std::string_view name);

/// Geometry and environment of a TR 38.901 link.
struct Tr38901Link {
  Tr38901Scenario scenario = Tr38901Scenario::kUMa;
  double freq_ghz = 3.5;
  double h_bs_m = 25.0;
  double h_ut_m = 1.5;
  double building_height_m = 5.0;  // RMa h
  double street_width_m = 20.0;    // RMa W
  double h_e_m = 1.0;              // UMa/UMi effective environment height
};

/// Default base-station height of a scenario (RMa 35, UMa 25, UMi 10, InH 3 m).
double tr38901_default_bs_height(Tr38901Scenario s);

/// Breakpoint distance: RMa 2π·h_BS·h_UT·f/c; UMa/UMi 4·h'_BS·h'_UT·f/c (h' = h − h_E).
double tr38901_breakpoint_m(const Tr38901Link& link);

/// LOS path loss at 2-D distance d2d (m).
double tr38901_los_db(const Tr38901Link& link, double d2d_m);

/// NLOS path loss: max(PL_LOS, PL'_NLOS).
double tr38901_nlos_db(const Tr38901Link& link, double d2d_m);

/// LOS probability (Table 7.4.2-1; InH mixed office).
double tr38901_los_probability(const Tr38901Link& link, double d2d_m);

/// Shadow-fading σ (dB), Table 7.4.1-1 values (RMa LOS 4 before and 6 after the breakpoint).
double tr38901_shadow_sigma_db(const Tr38901Link& link, bool los, double d2d_m);

/// Shadowing correlation distance (m), Table 7.5-6.
double tr38901_shadow_correlation_m(Tr38901Scenario s, bool los);

}  // namespace assay::radio
