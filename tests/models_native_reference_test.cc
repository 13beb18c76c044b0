// Native inference against scikit-learn: models trained and exported by
// tests/data/native/generate.py, with scikit-learn's own predictions stored next to them.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/json_source.h"
#include "models/native_inference.h"

namespace assay::models {
namespace {

const std::string kDir = std::string(ASSAY_SOURCE_DIR) + "/tests/data/native/";

class SklearnReference : public ::testing::TestWithParam<const char*> {};

TEST_P(SklearnReference, ReproducesStoredPredictions) {
  const std::string name = GetParam();
  auto file = load_native_model(kDir + name + ".json");
  ASSERT_TRUE(file.ok()) << file.error().format();
  auto expected = load_json_file(kDir + name + ".expected.json");
  ASSERT_TRUE(expected.ok()) << expected.error().format();
  const auto& inputs = expected->root().at("inputs");
  const auto& outputs = expected->root().at("outputs");
  ASSERT_EQ(inputs.size(), outputs.size());
  ASSERT_GT(inputs.size(), 0u);
  NativeEvaluator e(file->net);
  Eigen::VectorXd x(file->net.inputs), y(file->net.outputs);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (Eigen::Index k = 0; k < x.size(); ++k) x[k] = inputs[i].at(k).get<double>();
    e.predict(x, y);
    const double want = outputs[i].get<double>();
    // Sums in a different order differ in the last bits; labels must match exactly.
    if (file->net.task == Task::kClassification) {
      EXPECT_EQ(y[0], want) << name << " sample " << i;
    } else {
      EXPECT_NEAR(y[0], want, 1e-9 * std::max(1.0, std::abs(want))) << name << " sample " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, SklearnReference,
                         ::testing::Values("mlp_regressor", "mlp_classifier", "linear", "logistic",
                                           "tree_regressor", "tree_classifier", "forest_regressor",
                                           "forest_classifier", "boosting_regressor",
                                           "boosting_binary", "boosting_multiclass"));

}  // namespace
}  // namespace assay::models
