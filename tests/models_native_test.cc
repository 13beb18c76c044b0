// Native inference against values computed by hand (every expected number is derived in the
// comment above it), the format's error messages, the observation features and the rule that
// predict() does not allocate.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>

#include "core/json_source.h"
#include "models/model.h"
#include "models/native_inference.h"
#include "models/native_model.h"

// Counts heap allocations so the test can show that predict() makes none.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace
void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace assay::models {
namespace {

Result<NativeModelFile> parse(const std::string& text) {
  auto doc = parse_json(text, "model.json");
  if (!doc) return doc.error();
  return parse_native_model(*doc);
}

// A file with the given inputs, outputs and model object (and optional extra top-level keys).
std::string file(const std::string& inputs, const std::string& outputs, const std::string& model,
                 const std::string& extra = "") {
  return R"({"format": "assay.model/1", "name": "t", "version": "1", "inputs": )" + inputs +
         R"(, "outputs": )" + outputs + extra + R"(, "model": )" + model + "}";
}

NativeEvaluator load(const std::string& text) {
  auto f = parse(text);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().format());
  return NativeEvaluator(f.ok() ? f->net : NativeNet{});
}

double predict1(NativeEvaluator& e, Eigen::VectorXd x) {
  Eigen::VectorXd y(e.net().outputs);
  e.predict(x, y);
  return y[0];
}

const std::string kTwoInputs = R"(["ego_speed", "lead_distance"])";
const std::string kAccel = R"(["accel"])";

// Tree: node 0 splits x0 <= 5 → node 1 (leaf 1) else node 2; node 2 splits x1 <= 15 → node 3
// (leaf 2) else node 4 (leaf 3).
const std::string kTree =
    R"({"feature": [0, -2, 1, -2, -2], "threshold": [5, -2, 15, -2, -2],
        "left": [1, -1, 3, -1, -1], "right": [2, -1, 4, -1, -1],
        "value": [[0], [1], [0], [2], [3]]})";

TEST(NativeMlp, HandComputedTwoLayerNetworkWithScaling) {
  // x = (10, 20); x' = ((10−0)/2, (20−10)/5) = (5, 2).
  // hidden = relu([1 −1; 0.5 0.25] x' + [0, −4]) = relu(3, −1) = (3, 0).
  // out = [2 3]·(3, 0) + 1 = 7; scaled: 7·0.5 − 1 = 2.5.
  auto e = load(file(kTwoInputs, kAccel,
                     R"({"type": "mlp", "layers": [
                          {"weights": [[1, -1], [0.5, 0.25]], "bias": [0, -4], "activation": "relu"},
                          {"weights": [[2, 3]], "bias": [1]}]})",
                     R"(, "input_scaling": {"offset": [0, 10], "scale": [2, 5]},
                          "output_scaling": {"offset": [-1], "scale": [0.5]})"));
  EXPECT_DOUBLE_EQ(predict1(e, Eigen::Vector2d(10, 20)), 2.5);
}

TEST(NativeMlp, TanhAndSigmoidActivations) {
  // x' = (5, 2) as above; pre-activation 0.1·5 = 0.5.
  const std::string scaling = R"(, "input_scaling": {"offset": [0, 10], "scale": [2, 5]})";
  auto t = load(file(kTwoInputs, kAccel,
                     R"({"type": "mlp", "layers": [{"weights": [[0.1, 0]], "bias": [0],
                          "activation": "tanh"}]})",
                     scaling));
  EXPECT_DOUBLE_EQ(predict1(t, Eigen::Vector2d(10, 20)), std::tanh(0.5));
  auto s = load(file(kTwoInputs, kAccel,
                     R"({"type": "mlp", "layers": [{"weights": [[0.1, 0]], "bias": [0],
                          "activation": "sigmoid"}]})",
                     scaling));
  EXPECT_DOUBLE_EQ(predict1(s, Eigen::Vector2d(10, 20)), 1.0 / (1.0 + std::exp(-0.5)));
}

TEST(NativeMlp, BinaryClassifierThresholdsTheSigmoidOutput) {
  // One sigmoid output is P(classes[1]): x0 − 10 > 0 ⇔ p > 0.5.
  auto e = load(file(kTwoInputs, kAccel,
                     R"({"type": "mlp", "task": "classification", "classes": [0, -6],
                         "layers": [{"weights": [[1, 0]], "bias": [-10], "activation": "sigmoid"}]})"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(11, 0)), -6.0);
  EXPECT_EQ(predict1(e, Eigen::Vector2d(10, 0)), 0.0);  // p = 0.5 exactly: not above
}

TEST(NativeLinear, MultiOutputAffineMap) {
  // [1 2; 0 −1]·(10, 20) + (0.5, 0) = (50.5, −20).
  auto f = parse(file(kTwoInputs, R"(["accel", "steer"])",
                      R"({"type": "linear", "weights": [[1, 2], [0, -1]], "bias": [0.5, 0]})"));
  ASSERT_TRUE(f.ok()) << f.error().format();
  NativeEvaluator e(f->net);
  Eigen::VectorXd y(2);
  e.predict(Eigen::Vector2d(10, 20), y);
  EXPECT_DOUBLE_EQ(y[0], 50.5);
  EXPECT_DOUBLE_EQ(y[1], -20.0);
}

TEST(NativeLogistic, BinaryUsesTheSignOfTheLogit) {
  // z = 0.1·x0 − 0.05·x1: (10, 20) → 0 (p = 0.5, class 0); (10, 10) → 0.5 (p = 0.62, class 1).
  auto e = load(file(kTwoInputs, kAccel,
                     R"({"type": "logistic", "weights": [[0.1, -0.05]], "bias": [0],
                         "classes": [0, -6]})"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(10, 20)), 0.0);
  EXPECT_EQ(predict1(e, Eigen::Vector2d(10, 10)), -6.0);
  EXPECT_DOUBLE_EQ(e.scores(Eigen::Vector2d(10, 10))[0], 1.0 / (1.0 + std::exp(-0.5)));
}

TEST(NativeLogistic, MulticlassArgmaxFirstMaximumWins) {
  // Scores (x0, x1, (x0 + x1)/2): (10, 20) → (10, 20, 15) → class 2; (20, 20) → a three-way tie
  // → the first class, as numpy.argmax.
  auto e = load(file(kTwoInputs, kAccel,
                     R"({"type": "logistic", "weights": [[1, 0], [0, 1], [0.5, 0.5]],
                         "bias": [0, 0, 0], "classes": [1, 2, 3]})"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(10, 20)), 2.0);
  EXPECT_EQ(predict1(e, Eigen::Vector2d(20, 20)), 1.0);
}

TEST(NativeTree, KnownSplitsAndTiesGoLeft) {
  auto e = load(file(kTwoInputs, kAccel, R"({"type": "decision_tree", "tree": )" + kTree + "}"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(5, 100)), 1.0);  // 5 <= 5: left
  EXPECT_EQ(predict1(e, Eigen::Vector2d(6, 15)), 2.0);   // 15 <= 15: left
  EXPECT_EQ(predict1(e, Eigen::Vector2d(6, 15.001)), 3.0);
}

TEST(NativeTree, ClassifierNormalisesCountsPerLeaf) {
  // Leaf 1 holds counts (8, 2), leaf 2 counts (1, 3): probabilities (0.8, 0.2) and (0.25, 0.75).
  auto e = load(file(kTwoInputs, kAccel, R"({"type": "decision_tree", "task": "classification",
      "classes": [0, -8], "tree": {"feature": [0, -2, -2], "threshold": [5, -2, -2],
      "left": [1, -1, -1], "right": [2, -1, -1], "value": [[9, 5], [8, 2], [1, 3]]}})"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(1, 0)), 0.0);
  EXPECT_EQ(predict1(e, Eigen::Vector2d(9, 0)), -8.0);
  EXPECT_DOUBLE_EQ(e.scores(Eigen::Vector2d(9, 0))[1], 0.75);
}

TEST(NativeForest, RegressionAveragesTrees) {
  // Tree A gives 3 at (6, 20); tree B is one leaf of 5: mean 4.
  auto e = load(file(kTwoInputs, kAccel,
                     R"({"type": "random_forest", "trees": [)" + kTree +
                         R"(, {"feature": [-2], "threshold": [-2],
      "left": [-1], "right": [-1], "value": [[5]]}]})"));
  EXPECT_DOUBLE_EQ(predict1(e, Eigen::Vector2d(6, 20)), 4.0);
}

TEST(NativeForest, ClassifierAveragesProbabilitiesNotVotes) {
  // (0.6, 0.4) and (0.3, 0.7) average to (0.45, 0.55): class 1, although the votes tie 1–1
  // (a vote count would pick class 0).
  auto e = load(file(kTwoInputs, kAccel, R"({"type": "random_forest", "task": "classification",
      "classes": [0, 1], "trees": [
      {"feature": [0], "threshold": [0], "left": [-1], "right": [-1], "value": [[6, 4]]},
      {"feature": [0], "threshold": [0], "left": [-1], "right": [-1], "value": [[3, 7]]}]})"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(0, 0)), 1.0);
  EXPECT_DOUBLE_EQ(e.scores(Eigen::Vector2d(0, 0))[1], 0.55);
}

TEST(NativeBoosting, RegressionAddsScaledTreeOutputsToInit) {
  // 1 + 0.1·(3 + 5) = 1.8 at (6, 20).
  auto e = load(file(kTwoInputs, kAccel, R"({"type": "gradient_boosting", "learning_rate": 0.1,
      "init": [1], "trees": [)" + kTree + R"(, {"feature": [-2], "threshold": [-2],
      "left": [-1], "right": [-1], "value": [[5]]}]})"));
  EXPECT_NEAR(predict1(e, Eigen::Vector2d(6, 20)), 1.8, 1e-15);
}

TEST(NativeBoosting, BinaryClassifierUsesTheLogistic) {
  // raw = −0.5 + 0.5·leaf: (6, 20) → −0.5 + 1.5 = 1 → p = σ(1) = 0.731 → class 1;
  // (1, 0) → −0.5 + 0.5 = 0 → p = 0.5 → class 0.
  auto e = load(file(kTwoInputs, kAccel,
                     R"({"type": "gradient_boosting", "task": "classification",
      "classes": [0, -9], "learning_rate": 0.5, "init": [-0.5], "trees": [)" +
                         kTree + "]}"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(6, 20)), -9.0);
  EXPECT_DOUBLE_EQ(e.scores(Eigen::Vector2d(6, 20))[0], 1.0 / (1.0 + std::exp(-1.0)));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(1, 0)), 0.0);
}

TEST(NativeBoosting, MulticlassTreesAddToTheirOwnScore) {
  // Scores: init (0, 0.2, 0) + 1·(tree → output 2 gives 3 at (6, 20)) = (0, 0.2, 3) → class 3;
  // at (1, 0) the tree gives 1: (0, 0.2, 1) → class 3 still; tree value 0 would leave class 2.
  auto e = load(file(kTwoInputs, kAccel, R"({"type": "gradient_boosting", "task": "classification",
      "classes": [1, 2, 3], "learning_rate": 1, "init": [0, 0.2, 0], "trees": [
      {"feature": [0, -2, -2], "threshold": [5, -2, -2], "left": [1, -1, -1], "right": [2, -1, -1],
       "value": [[0], [0], [3]], "output": 2}]})"));
  EXPECT_EQ(predict1(e, Eigen::Vector2d(6, 20)), 3.0);
  EXPECT_EQ(predict1(e, Eigen::Vector2d(1, 0)), 2.0);
}

// A JSON row of n copies of v.
std::string row(int n, const std::string& v) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + v;
  return s + "]";
}

TEST(NativePredict, DoesNotAllocate) {
  // Two hidden layers of 32 ReLU units, the size of the benchmark.
  const std::string w1 = row(32, "[0.1, -0.2]"), w2 = row(32, row(32, "0.01"));
  const std::string zeros = row(32, "0");
  auto e =
      load(file(kTwoInputs, kAccel,
                R"({"type": "mlp", "layers": [{"weights": )" + w1 + R"(, "bias": )" + zeros +
                    R"(, "activation": "relu"}, {"weights": )" + w2 + R"(, "bias": )" + zeros +
                    R"(, "activation": "relu"}, {"weights": [)" + zeros + R"(], "bias": [0]}]})"));
  Eigen::VectorXd x = Eigen::Vector2d(1, 2), y(1);
  e.predict(x, y);
  const long before = g_allocations.load();
  for (int i = 0; i < 100; ++i) e.predict(x, y);
  EXPECT_EQ(g_allocations.load(), before);
}

struct BadCase {
  std::string text;
  std::string message;  // expected substring of the formatted error
};

TEST(NativeFormat, RejectsBadFilesWithLocatedErrors) {
  const std::string lin = R"({"type": "linear", "weights": [[1, 2]], "bias": [0]})";
  const BadCase cases[] = {
      {file(kTwoInputs, kAccel, lin, R"(, "colour": 1)"), "model.json:1:"},
      {file(kTwoInputs, kAccel, lin, R"(, "colour": 1)"), "unknown key \"colour\""},
      {file(R"(["speed"])", kAccel, lin), "unknown name \"speed\""},
      {file(kTwoInputs, R"(["brake"])", lin), "(at /outputs/0)"},
      {file(kTwoInputs, kAccel, R"({"type": "linear", "weights": [[1, 2, 3]], "bias": [0]})"),
       "expected 2 numbers, got 3 (at /model/weights/0)"},
      {file(kTwoInputs, kAccel, R"({"type": "linear", "weights": [[1, 2]], "bias": [0, 1]})"),
       "(at /model/bias)"},
      {file(kTwoInputs, kAccel, R"({"type": "svm"})"), "unknown model type \"svm\""},
      {file(kTwoInputs, kAccel, R"({"type": "mlp", "layers": [{"weights": [[1, 2]], "bias": [0],
         "activation": "gelu"}]})"),
       "unknown activation \"gelu\""},
      {file(kTwoInputs, kAccel, R"({"type": "decision_tree", "tree": {"feature": [0, 0],
         "threshold": [1, 1], "left": [0, -1], "right": [1, -1], "value": [[1], [2]]}})"),
       "child indices must be greater"},
      {file(kTwoInputs, kAccel, R"({"type": "decision_tree", "tree": {"feature": [7, -2, -2],
         "threshold": [1, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [[1], [2], [3]]}})"),
       "(at /model/tree/feature/0)"},
      {file(kTwoInputs, kAccel, R"({"type": "decision_tree", "tree": {"feature": [0, -2, -2],
         "threshold": [1, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [[1], [2]]}})"),
       "expected 3 rows"},
      {file(kTwoInputs, kAccel, R"({"type": "logistic", "weights": [[1, 2]], "bias": [0],
         "classes": [0, 1, 2]})"),
       "1 scores for 3 classes"},
      {file(kTwoInputs, R"(["accel", "steer"])", R"({"type": "logistic", "weights": [[1, 2]],
         "bias": [0], "classes": [0, 1]})"),
       "a classifier predicts one label"},
      {file(kTwoInputs, kAccel, lin, R"(, "input_scaling": {"offset": [0, 0], "scale": [1, 0]})"),
       "a scale must not be 0 (at /input_scaling/scale/1)"},
      {file(kTwoInputs, kAccel, R"({"type": "gradient_boosting", "learning_rate": 0, "init": [0],
         "trees": []})"),
       "must be > 0"},
      {R"({"format": "assay.model/2"})", "missing required key"},
      {R"([1, 2])", "expected an object, got array"},
  };
  for (const auto& c : cases) {
    auto f = parse(c.text);
    ASSERT_FALSE(f.ok()) << c.text;
    EXPECT_NE(f.error().format().find(c.message), std::string::npos)
        << "got: " << f.error().format() << "\nwanted: " << c.message;
  }
}

TEST(NativeFeatures, LeadFeaturesAndTheirValuesWithoutALead) {
  auto f = parse(file(R"(["lead_present", "lead_distance", "lead_ttc", "lead_speed"])", kAccel,
                      R"({"type": "linear", "weights": [[0, 0, 0, 0]], "bias": [0]})",
                      R"(, "no_lead_distance": 150, "ttc_cap": 20)"));
  ASSERT_TRUE(f.ok()) << f.error().format();
  sim::Observation obs;
  obs.ego_speed = 20;
  obs.ego_width = 1.8;
  EXPECT_EQ(native_feature(*f, "lead_present", obs), 0.0);
  EXPECT_EQ(native_feature(*f, "lead_distance", obs), 150.0);
  EXPECT_EQ(native_feature(*f, "lead_ttc", obs), 20.0);
  EXPECT_EQ(native_feature(*f, "lead_speed", obs), 20.0);
  // An in-path lead 30 m ahead closing at 10 m/s: TTC 3 s. A car 2 m to the side is not in path.
  sim::ObjectObservation side{1, 5.0, -20.0, 2.5, 1.8, 4.5, 0.0};
  sim::ObjectObservation lead{0, 30.0, -10.0, 0.2, 1.8, 4.5, 10.0};
  obs.objects = {side, lead};
  EXPECT_EQ(native_feature(*f, "lead_present", obs), 1.0);
  EXPECT_EQ(native_feature(*f, "lead_distance", obs), 30.0);
  EXPECT_DOUBLE_EQ(native_feature(*f, "lead_ttc", obs), 3.0);
  EXPECT_EQ(native_feature(*f, "lead_speed", obs), 10.0);
}

// A lane keeper can feed the road's curvature forward: steer = L·κ for a linear model.
TEST(NativeFeatures, RoadCurvatureIsAnInput) {
  auto f = parse(file(R"(["road_curvature"])", R"(["steer"])",
                      R"({"type": "linear", "weights": [[2.5]], "bias": [0]})"));
  ASSERT_TRUE(f.ok()) << f.error().format();
  sim::Observation obs;
  obs.road_curvature = -0.004;
  EXPECT_EQ(native_feature(*f, "road_curvature", obs), -0.004);
  NativeModel m(std::make_shared<const NativeModelFile>(*f));
  EXPECT_DOUBLE_EQ(m.step(obs).steer, 2.5 * -0.004);
}

TEST(NativeModel, MapsOutputsToTheCommand) {
  // steer = 0.01·20 = 0.2; accel = 0.5·(−4) = −2.
  auto f = parse(file(R"(["ego_speed", "lead_relative_speed"])", R"(["steer", "accel"])",
                      R"({"type": "linear", "weights": [[0.01, 0], [0, 0.5]], "bias": [0, 0]})"));
  ASSERT_TRUE(f.ok()) << f.error().format();
  NativeModel m(std::make_shared<const NativeModelFile>(*f));
  m.reset({});
  sim::Observation obs;
  obs.ego_speed = 20;
  obs.ego_width = 1.8;
  obs.objects = {{0, 30.0, -4.0, 0.0, 1.8, 4.5, 16.0}};
  const auto cmd = m.step(obs);
  EXPECT_DOUBLE_EQ(cmd.steer, 0.2);
  EXPECT_DOUBLE_EQ(cmd.accel, -2.0);
}

TEST(NativeSpec, ParsesPathAndReportsMissingFiles) {
  auto spec = parse_model_spec("native:dir/with:colon.json");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->name, "native");
  EXPECT_EQ(spec->file, "dir/with:colon.json");
  EXPECT_FALSE(parse_model_spec("native:").ok());
  auto made = make_model(*spec);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.error().format().find("dir/with:colon.json"), std::string::npos)
      << made.error().format();
}

TEST(NativeFormat, FuzzRegressionsGiveAModelOrAnError) {
  // Inputs that once crashed native_model_fuzz (fuzz/regressions/native_model_fuzz/).
  const auto dir = std::filesystem::path(ASSAY_SOURCE_DIR) / "fuzz/regressions/native_model_fuzz";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with(".")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto f = parse(ss.str());
    if (!f.ok()) {
      EXPECT_FALSE(f.error().format().empty());
      continue;
    }
    NativeEvaluator e(f->net);
    Eigen::VectorXd x = Eigen::VectorXd::Ones(f->net.inputs), y(f->net.outputs);
    e.predict(x, y);
  }
}

}  // namespace
}  // namespace assay::models
