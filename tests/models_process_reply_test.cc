// Step replies of the process protocol (docs/model-protocol.md): decode_step_reply against
// values written out by hand, its documented error messages, and — since flat replies take a
// fast path that builds no JSON tree — a differential property against nlohmann::json on
// generated replies, compared bit for bit. Also the minimal C responder of the benchmark as a
// conforming model.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/process_model.h"

namespace assay::models {
namespace {

using nlohmann::json;

struct GoodReply {
  const char* line;
  double accel;
  double steer;
};

// Values as written in the line (the reference is the decimal text itself).
const GoodReply kGood[] = {
    {R"({"accel":0})", 0.0, 0.0},
    {R"({"accel": -8.0, "steer": 0.0})", -8.0, 0.0},
    {R"({"steer":0.25,"accel":-3.5})", -3.5, 0.25},
    {R"(  {"accel" : 1e-3 , "steer":-2E+1}  )", 1e-3, -20.0},
    {R"({"accel":0.1,"debug":7,"steer":-0.1})", 0.1, -0.1},
    {R"({"accel":12345678901234567})", 12345678901234568.0, 0.0},
    {R"({"accel":-0.0})", -0.0, 0.0},
    {"{\"accel\":2.5}\r", 2.5, 0.0},
    // Through the full parser (string and nested values, an escaped key): same meaning.
    {R"({"accel":-1,"note":"brake","x":{"y":[1]}})", -1.0, 0.0},
    {R"({"acc\u0065l":4})", 4.0, 0.0},
};

TEST(ProcessReply, DecodesTheCommand) {
  for (const GoodReply& g : kGood) {
    auto c = decode_step_reply(g.line);
    ASSERT_TRUE(c.ok()) << g.line << ": " << c.error().message;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(c->accel), std::bit_cast<std::uint64_t>(g.accel))
        << g.line;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(c->steer), std::bit_cast<std::uint64_t>(g.steer))
        << g.line;
  }
  // "-0" is an integer in JSON; nlohmann reads it as integer 0, so +0 (not −0).
  auto zero = decode_step_reply(R"({"accel":-0})");
  ASSERT_TRUE(zero.ok());
  EXPECT_FALSE(std::signbit(zero->accel));
}

struct BadReply {
  const char* line;
  const char* message;  // the whole message
};

const BadReply kBad[] = {
    {"garbage", "malformed reply (not a JSON object): garbage"},
    {"[1]", "malformed reply (not a JSON object): [1]"},
    {R"({"accel":NaN})", "non-finite action (NaN or Infinity) in reply: {\"accel\":NaN}"},
    {R"({"accel":-Infinity})",
     "non-finite action (NaN or Infinity) in reply: {\"accel\":-Infinity}"},
    {R"({"steer":0})", "reply has no \"accel\": {\"steer\":0}"},
    {R"({"accel":null})", "non-finite accel (null): {\"accel\":null}"},
    {R"({"accel":"1"})", "\"accel\" is not a number: {\"accel\":\"1\"}"},
    {R"({"accel":1,"steer":true})", "\"steer\" is not a number: {\"accel\":1,\"steer\":true}"},
    // nlohmann::json refuses a number that overflows a double as a parse error.
    {R"({"accel":1e999})", "malformed reply (not a JSON object): {\"accel\":1e999}"},
    {R"({"accel":01})", "malformed reply (not a JSON object): {\"accel\":01}"},
    {R"({"accel":1,})", "malformed reply (not a JSON object): {\"accel\":1,}"},
    {R"({"accel":1} x)", "malformed reply (not a JSON object): {\"accel\":1} x"},
    {R"({"accel":.5})", "malformed reply (not a JSON object): {\"accel\":.5}"},
    // Not UTF-8 (found by process_reply_fuzz: the fast path once accepted it).
    {"{\"accel\":1,\"n\xb2\":2}", "malformed reply (not a JSON object): {\"accel\":1,\"n\xb2\":2}"},
};

TEST(ProcessReply, ErrorsSayWhatIsWrong) {
  for (const BadReply& b : kBad) {
    auto c = decode_step_reply(b.line);
    ASSERT_FALSE(c.ok()) << b.line << " was accepted";
    EXPECT_EQ(c.error().message, b.message);
  }
}

// The reference: nlohmann::json alone, as the adapter decoded every reply before the fast path.
std::optional<std::pair<double, double>> reference(const std::string& line) {
  const json reply = json::parse(line, nullptr, false);
  if (reply.is_discarded() || !reply.is_object() || !reply.contains("accel")) return std::nullopt;
  const json& a = reply["accel"];
  if (!a.is_number()) return std::nullopt;
  double steer = 0.0;
  if (reply.contains("steer")) {
    if (!reply["steer"].is_number()) return std::nullopt;
    steer = reply["steer"].get<double>();
  }
  const double accel = a.get<double>();
  if (!std::isfinite(accel) || !std::isfinite(steer)) return std::nullopt;
  return std::pair{accel, steer};
}

// A JSON number for v in one of several spellings models produce.
std::string spell(double v, int style, std::int64_t integer) {
  char buf[64];
  switch (style) {
    case 0: {
      const auto r = std::to_chars(buf, buf + sizeof buf, v);
      return std::string(buf, r.ptr);
    }
    case 1:
      std::snprintf(buf, sizeof buf, "%.17g", v);
      return buf;
    case 2:
      std::snprintf(buf, sizeof buf, "%.6e", v);
      return buf;
    case 3:
      std::snprintf(buf, sizeof buf, "%.3f", v);
      return buf;
    default:
      return std::to_string(integer);
  }
}

RC_GTEST_PROP(ProcessReply, FastPathDecodesLikeTheFullParser, ()) {
  const int fields = *rc::gen::inRange(0, 4);
  std::string line = "{";
  const char* spaces[] = {"", " ", "  ", "\t"};
  for (int i = 0; i < fields; ++i) {
    const int which = *rc::gen::inRange(0, 4);
    const char* key = which == 0 ? "accel" : which == 1 ? "steer" : which == 2 ? "x" : "accel2";
    const double v = *rc::gen::element(0.0, -0.0, 1.0, -8.0, 1e-300, 6.02e23, 0.1, -2.5e-7) *
                     *rc::gen::inRange(-1000, 1000);
    const std::string number =
        spell(v, *rc::gen::inRange(0, 5), *rc::gen::inRange<std::int64_t>(-5000000, 5000000));
    if (i > 0) line += ",";
    line += spaces[*rc::gen::inRange(0, 4)];
    line += "\"" + std::string(key) + "\"" + spaces[*rc::gen::inRange(0, 4)] + ":" +
            spaces[*rc::gen::inRange(0, 4)] + number;
  }
  line += std::string(spaces[*rc::gen::inRange(0, 4)]) + "}";
  const auto want = reference(line);
  const auto got = decode_step_reply(line);
  RC_ASSERT(got.ok() == want.has_value());
  if (want) {
    RC_ASSERT(std::bit_cast<std::uint64_t>(got->accel) ==
              std::bit_cast<std::uint64_t>(want->first));
    RC_ASSERT(std::bit_cast<std::uint64_t>(got->steer) ==
              std::bit_cast<std::uint64_t>(want->second));
  }
}

// Every input process_reply_fuzz ever failed on (fuzz/regressions/process_reply_fuzz/): decoded
// as the full parser alone decodes it.
TEST(ProcessReply, FuzzRegressionsDecodeLikeTheFullParser) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(ASSAY_SOURCE_DIR) / "fuzz" / "regressions" / "process_reply_fuzz";
  int replayed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string line((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto want = reference(line);
    const auto got = decode_step_reply(line);
    EXPECT_EQ(got.ok(), want.has_value()) << entry.path();
    if (got.ok() && want) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got->accel),
                std::bit_cast<std::uint64_t>(want->first));
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got->steer),
                std::bit_cast<std::uint64_t>(want->second));
    }
    ++replayed;
  }
  EXPECT_GE(replayed, 1);
}

// The benchmark's C responder (bench/helpers/process_responder.c) speaks the protocol: handshake,
// reset, constant steps, and a clean exit on close.
TEST(ProcessReply, MinimalCResponderIsAConformingModel) {
  ProcessConfig config;
  config.argv = {ASSAY_PROCESS_RESPONDER};
  auto model = ProcessModel::start(config);
  ASSERT_TRUE(model.ok()) << model.error().format();
  EXPECT_EQ((*model)->hello().name, "c-responder");
  for (int run = 0; run < 2; ++run) {
    (*model)->reset({1, 0.01, 20.0});
    sim::Observation obs;
    obs.dt = 0.01;
    obs.objects = {{0, 60.0, -5.0, 0.2, 1.7, 4.0, 15.0}};
    for (int i = 0; i < 1000; ++i) {
      obs.t = 0.01 * i;
      const sim::ActuatorCommand c = (*model)->step(obs);
      ASSERT_EQ(c.accel, 0.0) << (*model)->failure();
      ASSERT_EQ(c.steer, 0.0);
    }
    EXPECT_EQ((*model)->failure(), "");
  }
}

}  // namespace
}  // namespace assay::models
