// Radio scenario files: the radio sections parse into RadioScenario; every bad input gives one
// located error (file:line:col, JSON pointer, message) — tests as data, like scenario_parse_test.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "core/json_source.h"
#include "harness/scenario.h"
#include "harness/scenario_radio.h"

namespace assay::scenario {
namespace {

std::string source_dir() {
  const char* env = std::getenv("ASSAY_SOURCE_DIR");
  return env ? env : ASSAY_SOURCE_DIR;
}

Result<Scenario> parse_text(const std::string& text, const std::string& file = "test.json") {
  auto doc = parse_json(text, file);
  if (!doc) return doc.error();
  return parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
}

// Line 1 of every row; the row's own text starts on line 2.
constexpr std::string_view kHead =
    R"({"format": "assay.scenario/1", "id": "r", "title": "r", "simulator": {"family": "radio", "duration": 10},)";
// A minimal valid link, for rows that test other sections.
#define LINK R"("link": {"carrier": "2.2 GHz", "symbol_rate": "1 MBd", "tx_power": "30 dBm"}, )"

TEST(RadioScenario, FullExampleParsesToSi) {
  const std::string text = std::string(kHead) + "\n" + R"(
    "parameters": {"elev": {"unit": "deg", "set": [30, 60]}, "rain": {"unit": "dB", "set": [0, 3]}},
    "link": {"carrier": "20 GHz", "symbol_rate": "50 MBd", "tx_power": "33 dBm", "tx_gain": "20 dBi",
             "rx_gain": 46, "noise_figure": "2 dB", "extra_loss": "$rain", "interference": "-120 dBm"},
    "geometry": {"type": "leo_pass", "altitude": "550 km", "max_elevation": "$elev"},
    "path_loss": {"model": "tr38901", "scenario": "umi", "condition": "nlos", "bs_height": "10 m"},
    "shadowing": {"sigma": "4 dB", "correlation": "0.01 km"},
    "fading": {"type": "rician", "k_factor": "6 dB", "doppler": "0.1 kHz", "oscillators": 16},
    "blockages": [{"start": "1 s", "end": "1500 ms", "loss": "30 dB"}],
    "feedback": {"delay": "20 ms", "snr_noise": "0.3 dB"},
    "modcods": "dvb-s2",
    "oracles": [{"type": "throughput_vs_genie", "min": "80 %"},
                {"type": "link_margin", "id": "margin", "min": "1 dB", "max": "5 %"},
                {"type": "energy_per_bit", "max": 1e-6}]})";
  auto r = parse_text(text);
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_EQ(r->simulator.family, "radio");
  ASSERT_TRUE(r->radio);
  const RadioScenario& x = *r->radio;
  EXPECT_EQ(x.carrier.si, 20e9);
  EXPECT_EQ(x.symbol_rate.si, 50e6);
  EXPECT_EQ(x.tx_power.si, 33.0);
  EXPECT_EQ(x.rx_gain.si, 46.0);
  EXPECT_EQ(x.extra_loss.param, "rain");
  ASSERT_TRUE(x.interference);
  EXPECT_EQ(x.interference->si, -120.0);
  EXPECT_EQ(x.geometry.type, "leo_pass");
  EXPECT_EQ(x.geometry.altitude.si, 550e3);
  EXPECT_EQ(x.geometry.max_elevation.param, "elev");
  EXPECT_EQ(x.path_loss.scenario, "umi");
  EXPECT_EQ(x.path_loss.condition, "nlos");
  EXPECT_EQ(x.path_loss.bs_height.si, 10.0);
  EXPECT_EQ(x.path_loss.ut_height.si, 1.5);  // default
  EXPECT_DOUBLE_EQ(x.shadow_correlation.si, 10.0);
  EXPECT_EQ(x.fading.k_factor.si, 6.0);
  ASSERT_TRUE(x.fading.doppler);
  EXPECT_DOUBLE_EQ(x.fading.doppler->si, 100.0);
  EXPECT_EQ(x.fading.oscillators, 16);
  ASSERT_EQ(x.blockages.size(), 1u);
  EXPECT_DOUBLE_EQ(x.blockages[0].end.si, 1.5);
  EXPECT_DOUBLE_EQ(x.feedback_delay.si, 0.02);
  ASSERT_EQ(x.oracles.size(), 3u);
  EXPECT_DOUBLE_EQ(x.oracles[0].min->si, 0.8);
  EXPECT_EQ(x.oracles[1].id, "margin");
  EXPECT_DOUBLE_EQ(x.oracles[1].max->si, 0.05);
  EXPECT_EQ(r->case_count(), 4u);
  EXPECT_TRUE(r->oracles.empty());  // radio oracles live in the radio section only
}

TEST(RadioScenario, DefaultsWhenSectionsAreOmitted) {
  auto r = parse_text(std::string(kHead) + "\n" LINK
                                           R"("geometry": {"type": "static", "distance": 100}})");
  ASSERT_TRUE(r.ok()) << r.error().format();
  const RadioScenario& x = *r->radio;
  EXPECT_EQ(x.path_loss.model, "free_space");
  EXPECT_EQ(x.fading.type, "none");
  EXPECT_EQ(x.shadow_sigma.si, 0.0);
  EXPECT_EQ(x.noise_figure.si, 5.0);
  EXPECT_EQ(x.feedback_delay.si, r->simulator.dt);  // one step
  EXPECT_EQ(x.feedback_snr_noise.si, 0.5);
  EXPECT_FALSE(x.interference);
}

TEST(RadioScenario, VehicleFilesStayVehicle) {
  auto r = parse_text(R"({"format": "assay.scenario/1", "id": "v", "title": "v",
    "simulator": {"duration": 1}, "ego": {"vehicle": "bmw-320i", "speed": 1}})");
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_EQ(r->simulator.family, "vehicle");
  EXPECT_FALSE(r->radio);
}

TEST(RadioScenario, DocsExampleParses) {
  std::ifstream in(source_dir() + "/docs/scenario-format.md");
  const std::string md((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = md.find("\"id\": \"radio-example\"");
  ASSERT_NE(at, std::string::npos);
  const std::size_t start = md.rfind("```json\n", at) + 8;
  const std::size_t end = md.find("```", at);
  auto r = parse_text(md.substr(start, end - start), "docs/scenario-format.md");
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_EQ(r->case_count(), 3u);
}

TEST(RadioScenario, BundledFilesParse) {
  for (const char* name : {"leo-s-band", "leo-ka-band", "urban-drive", "indoor-office",
                           "stress-deep-fades", "stress-blockage", "stress-feedback-delay"}) {
    auto r = load_scenario(source_dir() + "/scenarios/radio/" + name + ".json");
    ASSERT_TRUE(r.ok()) << r.error().format();
    EXPECT_TRUE(r->radio) << name;
    EXPECT_FALSE(r->radio->oracles.empty()) << name;
  }
}

// Power levels in dBW are kept in dBm: P[dBm] = P[dBW] + 10·log10(1000 mW / 1 W), i.e. + 30.
TEST(RadioScenario, PowerLevelsInDbwAreConvertedToDbm) {
  const std::string text = std::string(kHead) + R"(
    "parameters": {"p": {"unit": "dBW", "set": [-20, 3.5]}},
    "link": {"carrier": "2.2 GHz", "symbol_rate": "1 MBd", "tx_power": "3 dBW",
             "interference": "-150 dBW"},
    "geometry": {"type": "static", "distance": "1 km"}})";
  auto r = parse_text(text);
  ASSERT_TRUE(r.ok()) << r.error().format();
  const double mw_per_w = 10.0 * std::log10(1000.0);
  EXPECT_DOUBLE_EQ(r->radio->tx_power.si, 3.0 + mw_per_w);
  ASSERT_TRUE(r->radio->interference);
  EXPECT_DOUBLE_EQ(r->radio->interference->si, -150.0 + mw_per_w);
  ASSERT_EQ(r->parameters.size(), 1u);
  const ParameterDef& p = r->parameters[0];
  EXPECT_EQ(p.unit, "dBW");
  EXPECT_EQ(p.dimension, units::Dimension::kPowerLevel);
  EXPECT_DOUBLE_EQ(p.si(-20.0), -20.0 + mw_per_w);
  EXPECT_DOUBLE_EQ(p.si(3.5), 3.5 + mw_per_w);
}

struct BadRadio {
  const char* name;
  const char* text;  // appended to kHead and a newline
  int line;
  int column;
  const char* pointer;
  const char* fragment;
};

// clang-format off
const BadRadio kBadRadio[] = {
  {"missing link", R"("geometry": {"type": "static", "distance": 1}})", 1, 1, "", "missing required key \"link\" in the scenario"},
  {"ego in radio", LINK R"("ego": {"vehicle": "bmw-320i", "speed": 1}})", 2, 79, "/ego", "\"ego\" is a vehicle section"},
  {"targets in radio", LINK R"("targets": []})", 2, 79, "/targets", "\"targets\" is a vehicle section"},
  {"carrier without unit", R"("link": {"carrier": "2.2", "symbol_rate": 1, "tx_power": 1}})", 2, 21, "/link/carrier", "has no unit"},
  {"carrier in wrong unit", R"("link": {"carrier": "2.2 dB", "symbol_rate": 1, "tx_power": 1}})", 2, 21, "/link/carrier", "\"dB\" is a unit of decibel ratio"},
  {"carrier above 100 GHz", R"("link": {"carrier": "200 GHz", "symbol_rate": 1, "tx_power": 1}})", 2, 21, "/link/carrier", "must be greater than 0 Hz and at most 1e+11 Hz"},
  {"power in dB", R"("link": {"carrier": 1e9, "symbol_rate": 1, "tx_power": "30 dB"}})", 2, 56, "/link/tx_power", "expects a power level"},
  {"power above 100 dBm in dBW", R"("link": {"carrier": 1e9, "symbol_rate": 1, "tx_power": "80 dBW"}})", 2, 56, "/link/tx_power", "must be from -100 dBm to 100 dBm; got \"80 dBW\" (110 dBm)"},
  {"dBW in a decibel field", R"("link": {"carrier": 1e9, "symbol_rate": 1, "tx_power": 1, "tx_gain": "3 dBW"}})", 2, 70, "/link/tx_gain", "\"dBW\" is a unit of power level"},
  {"dBW parameter out of range", R"("parameters": {"p": {"unit": "dBW", "set": [0, 80]}}, "link": {"carrier": 1e9, "symbol_rate": 1, "tx_power": "$p"}})", 2, 110, "/link/tx_power", "parameter \"p\" takes the value 80 dBW (110 dBm)"},
  {"missing symbol rate", R"("link": {"carrier": 1e9, "tx_power": 1}})", 2, 9, "/link", "missing required key \"symbol_rate\" in \"link\""},
  {"unknown link key", R"("link": {"carrier": 1e9, "symbol_rate": 1, "tx_power": 1, "tx_pwr": 1}})", 2, 59, "/link/tx_pwr", "unknown key \"tx_pwr\" in \"link\""},
  {"missing geometry", LINK R"("fading": {"type": "none"}})", 1, 1, "", "missing required key \"geometry\""},
  {"unknown geometry", LINK R"("geometry": {"type": "orbit"}})", 2, 100, "/geometry/type", "unknown geometry type \"orbit\""},
  {"static without distance", LINK R"("geometry": {"type": "static"}})", 2, 91, "/geometry", "missing required key \"distance\" in geometry \"static\""},
  {"static key on linear", LINK R"("geometry": {"type": "linear", "distance": 5}})", 2, 110, "/geometry/distance", "unknown key \"distance\" in geometry \"linear\""},
  {"altitude too low", LINK R"("geometry": {"type": "leo_pass", "altitude": "100 km"}})", 2, 124, "/geometry/altitude", "must be from 160000 m to 2e+06 m"},
  {"waypoint not a pair", LINK R"("geometry": {"type": "route", "waypoints": [[1, 2], [3]], "speed": 1}})", 2, 131, "/geometry/waypoints/1", "expects a waypoint [x, y]"},
  {"unknown path loss model", LINK R"("geometry": {"type": "static", "distance": 1}, "path_loss": {"model": "cost231"}})", 2, 149, "/path_loss/model", "unknown path loss model \"cost231\""},
  {"unknown tr38901 scenario", LINK R"("geometry": {"type": "static", "distance": 1}, "path_loss": {"model": "tr38901", "scenario": "uma-nlos"}})", 2, 172, "/path_loss/scenario", "unknown TR 38.901 scenario \"uma-nlos\""},
  {"hata key on free space", LINK R"("geometry": {"type": "static", "distance": 1}, "path_loss": {"model": "free_space", "bs_height": 30}})", 2, 163, "/path_loss/bs_height", "unknown key \"bs_height\" in path loss \"free_space\""},
  {"shadowing sigma too large", LINK R"("geometry": {"type": "static", "distance": 1}, "shadowing": {"sigma": "40 dB"}})", 2, 149, "/shadowing/sigma", "must be from 0 dB to 30 dB"},
  {"rician without K", LINK R"("geometry": {"type": "static", "distance": 1}, "fading": {"type": "rician"}})", 2, 136, "/fading", "missing required key \"k_factor\" in fading \"rician\""},
  {"nakagami m too small", LINK R"("geometry": {"type": "static", "distance": 1}, "fading": {"type": "nakagami", "m": 0.2}})", 2, 162, "/fading/m", "must be from 0.5 to 100"},
  {"too few oscillators", LINK R"("geometry": {"type": "static", "distance": 1}, "fading": {"type": "rayleigh", "oscillators": 2}})", 2, 172, "/fading/oscillators", "must be from 4 to 1024"},
  {"blockage ends before it starts", LINK R"("geometry": {"type": "static", "distance": 1}, "blockages": [{"start": 5, "end": 4, "loss": 10}]})", 2, 160, "/blockages/0/end", "\"end\" must be after \"start\""},
  {"negative feedback delay", LINK R"("geometry": {"type": "static", "distance": 1}, "feedback": {"delay": "-1 ms"}})", 2, 148, "/feedback/delay", "must be from 0 s to 60 s"},
  {"unknown modcod table", LINK R"("geometry": {"type": "static", "distance": 1}, "modcods": "dvb-s2x"})", 2, 137, "/modcods", "unknown MODCOD table \"dvb-s2x\""},
  {"vehicle oracle in radio", LINK R"("geometry": {"type": "static", "distance": 1}, "oracles": [{"type": "collision"}]})", 2, 147, "/oracles/0/type", "unknown radio oracle type \"collision\""},
  {"bler without max", LINK R"("geometry": {"type": "static", "distance": 1}, "oracles": [{"type": "bler"}]})", 2, 138, "/oracles/0", "missing required key \"max\" in radio oracle \"bler\""},
  {"bler as a percentage number", LINK R"("geometry": {"type": "static", "distance": 1}, "oracles": [{"type": "bler", "max": 5}]})", 2, 162, "/oracles/0/max", "a plain number is a fraction"},
  {"duplicate radio oracle", LINK R"("geometry": {"type": "static", "distance": 1}, "oracles": [{"type": "bler", "max": 0.1}, {"type": "bler", "max": 0.2}]})", 2, 168, "/oracles/1", "duplicate oracle id \"bler\""},
  {"parameter of the wrong dimension", R"("parameters": {"p": {"unit": "m", "set": [1]}}, "link": {"carrier": "$p", "symbol_rate": 1, "tx_power": 1}})", 2, 69, "/link/carrier", "expects a frequency, but parameter \"p\" is a length"},
};
// clang-format on

class BadRadioInputs : public ::testing::TestWithParam<BadRadio> {};

TEST_P(BadRadioInputs, GiveALocatedPreciseError) {
  const BadRadio& row = GetParam();
  const std::string text = std::string(kHead) + "\n" + row.text;
  auto r = parse_text(text, "bad.json");
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  const Error& e = r.error();
  EXPECT_EQ(e.where.file, "bad.json");
  EXPECT_EQ(e.where.line, row.line) << e.format();
  EXPECT_EQ(e.where.column, row.column) << e.format();
  EXPECT_EQ(e.where.pointer, row.pointer) << e.format();
  EXPECT_NE(e.message.find(row.fragment), std::string::npos)
      << "expected the message to contain: " << row.fragment << "\n got: " << e.format();
}

std::string row_name(const ::testing::TestParamInfo<BadRadio>& info) {
  std::string n = info.param.name;
  for (char& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Table, BadRadioInputs, ::testing::ValuesIn(kBadRadio), row_name);

TEST(BadRadioInputs, FamilyAndSectionsAreChecked) {
  auto family = parse_text(R"({"format": "assay.scenario/1", "id": "r", "title": "r",
  "simulator": {"family": "radar", "duration": 1}})");
  ASSERT_FALSE(family.ok());
  EXPECT_EQ(family.error().where.line, 2);
  EXPECT_EQ(family.error().where.column, 27);
  EXPECT_EQ(family.error().where.pointer, "/simulator/family");
  EXPECT_NE(family.error().message.find("unknown simulator family \"radar\""), std::string::npos);

  // A radio section in a vehicle file names the family it needs.
  auto radio_in_vehicle = parse_text(R"({"format": "assay.scenario/1", "id": "v", "title": "v",
  "simulator": {"duration": 1}, "link": {}, "ego": {"vehicle": "bmw-320i", "speed": 1}})");
  ASSERT_FALSE(radio_in_vehicle.ok());
  EXPECT_EQ(radio_in_vehicle.error().where.pointer, "/link");
  EXPECT_EQ(radio_in_vehicle.error().where.line, 2);
  EXPECT_EQ(radio_in_vehicle.error().where.column, 33);
  EXPECT_NE(radio_in_vehicle.error().message.find("needs \"simulator\": {\"family\": \"radio\"}"),
            std::string::npos);

  auto vehicle_model = parse_text(R"({"format": "assay.scenario/1", "id": "r", "title": "r",
  "simulator": {"family": "radio", "vehicle_model": "bullet", "duration": 1}})");
  ASSERT_FALSE(vehicle_model.ok());
  EXPECT_EQ(vehicle_model.error().where.pointer, "/simulator/vehicle_model");
}

}  // namespace
}  // namespace assay::scenario
