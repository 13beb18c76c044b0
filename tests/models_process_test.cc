// The process adapter with real Python processes (tests/data/process/misbehave.py): the protocol,
// agreement with the built-in aeb-ttc, and every way a model can misbehave — crash, hang, garbage,
// NaN, a wrong handshake — each a failure with its reason, a restart for the next case, and no
// process left behind.
#include <gtest/gtest.h>

#include <signal.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "models/builtin.h"
#include "models/process_model.h"

namespace assay::models {
namespace {

const std::string kScript = std::string(ASSAY_SOURCE_DIR) + "/tests/data/process/misbehave.py";

ProcessConfig config(const std::string& mode) {
  ProcessConfig c;
  c.argv = {"python3", kScript, mode};
  c.step_timeout = 0.5;
  c.case_timeout = 30.0;
  return c;
}

sim::Observation observation(double t, double distance, double relative_speed) {
  sim::Observation obs;
  obs.t = t;
  obs.dt = 0.01;
  obs.ego_speed = 15.0;
  obs.ego_width = 1.8;
  obs.objects = {{0, distance, relative_speed, 0.3, 1.7, 4.0, 15.0 + relative_speed}};
  return obs;
}

// A reaped child no longer exists at all: kill() reports ESRCH.
bool gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

TEST(ProcessSpec, ArgvIsAJsonArrayAndParametersFollow) {
  auto s = parse_model_spec(R"(process:["python3","my model.py","--x=1"]:ttc=2,step_timeout=0.2)");
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->name, "process");
  EXPECT_EQ(s->argv, (std::vector<std::string>{"python3", "my model.py", "--x=1"}));
  auto c = process_config(*s);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->step_timeout, 0.2);
  ASSERT_EQ(c->parameters.size(), 1u);  // timeouts are the harness's, not the model's
  EXPECT_EQ(c->parameters[0].first, "ttc");
  for (const char* bad :
       {"process:", "process:python3 model.py", R"(process:[])", R"(process:["a",1])",
        R"(process:["a"]x)", R"(process:[""])", R"(process:["a"]:oops)"}) {
    EXPECT_FALSE(parse_model_spec(bad).ok()) << bad;
  }
  auto t = parse_model_spec(R"(process:["a"]:step_timeout=-1)");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(process_config(*t).ok());
}

// Every observation field reaches the model; doubles survive the JSON round trip exactly.
TEST(ProcessModel, StepMessageCarriesTheRoadCurvature) {
  auto m = ProcessModel::start(config("echo"));
  ASSERT_TRUE(m.ok()) << m.error().format();
  (*m)->reset({1, 0.01, 15.0});
  auto obs = observation(0.0, 30.0, -2.0);
  obs.ego_lateral_offset = -0.125;
  obs.road_curvature = -1.0 / 1000.0;
  const auto c = (*m)->step(obs);
  EXPECT_EQ(c.accel, -0.125);
  EXPECT_EQ(c.steer, -1.0 / 1000.0);
}

TEST(ProcessModel, HandshakeAndAgreementWithTheBuiltin) {
  auto m = ProcessModel::start(config("good"));
  ASSERT_TRUE(m.ok()) << m.error().format();
  EXPECT_EQ((*m)->hello().name, "misbehave-good");
  EXPECT_EQ((*m)->hello().version, "1");
  // The script brakes at 8 m/s² when TTC < 2 s, like aeb-ttc with no latency.
  AebTtcModel builtin({2.0, 8.0, 0.0});
  int braked = 0;
  for (int run = 0; run < 2; ++run) {
    (*m)->reset({7, 0.01, 15.0});
    builtin.reset({7, 0.01, 15.0});
    for (int i = 0; i < 45; ++i) {  // t < 0.5 s: below the other modes' trigger
      const double t = i * 0.01;
      const auto obs = observation(t, 20.0 - 10.0 * t, -10.0);  // TTC = 2 − t
      const auto a = (*m)->step(obs);
      ASSERT_EQ(a.accel, builtin.step(obs).accel) << "t=" << t << " " << (*m)->failure();
      braked += a.accel < 0 ? 1 : 0;
    }
  }
  EXPECT_EQ(braked, 2 * 44);              // every step but t = 0 (TTC exactly 2 s)
  EXPECT_EQ((*m)->spawned().size(), 1u);  // one process, reused across cases
  const pid_t pid = (*m)->spawned()[0];
  m->reset();
  EXPECT_TRUE(gone(pid));
}

struct Misbehaviour {
  const char* mode;
  const char* reason;
};

class ProcessFailure : public ::testing::TestWithParam<Misbehaviour> {};

TEST_P(ProcessFailure, FailsTheCaseWithReasonAndStderrThenRestarts) {
  auto m = ProcessModel::start(config(GetParam().mode));
  ASSERT_TRUE(m.ok()) << m.error().format();
  for (int run = 0; run < 2; ++run) {
    (*m)->reset({});
    ASSERT_EQ((*m)->failure(), "");
    EXPECT_TRUE(std::isfinite((*m)->step(observation(0.4, 50, -1)).accel)) << (*m)->failure();
    const auto cmd = (*m)->step(observation(0.5, 50, -1));
    EXPECT_TRUE(std::isnan(cmd.accel));
    const std::string why = (*m)->failure();
    EXPECT_NE(why.find(GetParam().reason), std::string::npos) << why;
    EXPECT_NE(why.find(std::string("misbehave: going ") + GetParam().mode + " at t=0.50"),
              std::string::npos)
        << "stderr tail missing: " << why;
    EXPECT_TRUE(std::isnan((*m)->step(observation(0.51, 50, -1)).accel));  // stays failed
  }
  const auto pids = (*m)->spawned();
  EXPECT_EQ(pids.size(), 2u);  // restarted for the second case
  m->reset();
  for (pid_t pid : pids) EXPECT_TRUE(gone(pid)) << pid;
}

INSTANTIATE_TEST_SUITE_P(
    Modes, ProcessFailure,
    ::testing::Values(Misbehaviour{"crash", "the model exited with status 3"},
                      Misbehaviour{"hang", "no reply within the step timeout"},
                      Misbehaviour{"garbage",
                                   "malformed reply (not a JSON object): this is not json"},
                      Misbehaviour{"nan", "non-finite action (NaN or Infinity)"}),
    [](const auto& p) { return std::string(p.param.mode); });

TEST(ProcessModel, CaseTimeoutBoundsAllSteps) {
  auto c = config("hang");
  c.step_timeout = 10.0;
  c.case_timeout = 0.3;
  auto m = ProcessModel::start(c);
  ASSERT_TRUE(m.ok());
  (*m)->reset({});
  EXPECT_TRUE(std::isnan((*m)->step(observation(0.5, 50, -1)).accel));
  EXPECT_NE((*m)->failure().find("case timeout"), std::string::npos) << (*m)->failure();
}

TEST(ProcessModel, StartErrorsNameTheCause) {
  auto bad = ProcessModel::start(config("badhello"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("model speaks protocol 2, assay speaks 1"), std::string::npos)
      << bad.error().message;
  auto numtype = ProcessModel::start(config("numtype"));
  ASSERT_FALSE(numtype.ok());
  EXPECT_NE(numtype.error().message.find("must have \"type\": \"hello\""), std::string::npos)
      << numtype.error().message;
  auto silent_config = config("silent");
  silent_config.start_timeout = 0.3;
  auto silent = ProcessModel::start(silent_config);
  ASSERT_FALSE(silent.ok());
  EXPECT_NE(silent.error().message.find("timed out"), std::string::npos);
  ProcessConfig missing;
  missing.argv = {"/no/such/program"};
  auto none = ProcessModel::start(missing);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("cannot execute"), std::string::npos) << none.error().message;
}

TEST(ProcessModel, WorkerWhoseModelCannotStartFailsItsCases) {
  auto spec = parse_model_spec(R"(process:["/no/such/program"])");
  ASSERT_TRUE(spec.ok());
  auto m = make_model_or_failure(*spec);
  m->reset({});
  EXPECT_TRUE(std::isnan(m->step(observation(0, 10, -1)).accel));
  EXPECT_NE(m->failure().find("model unavailable"), std::string::npos) << m->failure();
  EXPECT_NE(m->failure().find("cannot execute"), std::string::npos) << m->failure();
}

TEST(ProcessModel, IdentityNamesTheCommandAndItsHash) {
  auto spec = parse_model_spec(R"(process:["python3",")" + kScript + R"(","good"]:ttc=2)");
  ASSERT_TRUE(spec.ok());
  auto id = model_identity(*spec);
  ASSERT_TRUE(id.ok()) << id.error().format();
  EXPECT_EQ(id->adapter, "process");
  EXPECT_EQ(id->name, "misbehave-good");
  ASSERT_EQ(id->parameters.size(), 3u);  // command, command_sha256, ttc
  EXPECT_EQ(id->parameters[0].second, "python3 " + kScript + " good");
  EXPECT_EQ(id->parameters[1].first, "command_sha256");
  auto inputs = model_inputs(*spec);
  ASSERT_TRUE(inputs.ok());
  ASSERT_EQ(inputs->size(), 1u);  // the script; "python3" and "good" are not files here
  EXPECT_EQ((*inputs)[0].path, kScript);
}

// The first interpreter on this list that has numpy, or "".
std::string python_with_numpy() {
  for (const char* py : {"python3", "/usr/bin/python3"}) {
    const std::string cmd = std::string(py) + " -c 'import numpy' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return py;
  }
  return "";
}

TEST(ProcessExamples, PlainPythonAndNumpyModelsBrakeLikeTheBuiltin) {
  std::vector<std::vector<std::string>> commands = {
      {"python3", std::string(ASSAY_SOURCE_DIR) + "/examples/process/aeb_model.py"}};
  const std::string numpy = python_with_numpy();
  if (!numpy.empty()) {
    commands.push_back({numpy, std::string(ASSAY_SOURCE_DIR) + "/examples/process/aeb_numpy.py"});
  }
  for (const auto& argv : commands) {
    ProcessConfig c;
    c.argv = argv;
    c.parameters = {{"ttc", "1.5"}, {"decel", "6"}};
    auto m = ProcessModel::start(c);
    ASSERT_TRUE(m.ok()) << m.error().format();
    AebTtcModel builtin({1.5, 6.0, 0.0});
    (*m)->reset({3, 0.01, 15.0});
    builtin.reset({3, 0.01, 15.0});
    for (int i = 0; i < 100; ++i) {
      const double t = i * 0.01;
      const auto obs = observation(t, 20.0 - 10.0 * std::min(t, 0.8), t < 0.8 ? -10.0 : 0.5);
      ASSERT_EQ((*m)->step(obs).accel, builtin.step(obs).accel) << argv[1] << " t=" << t;
    }
  }
  if (numpy.empty())
    GTEST_SKIP() << "numpy not installed (apt install python3-numpy): only the "
                    "plain-python example was run";
}

}  // namespace
}  // namespace assay::models
