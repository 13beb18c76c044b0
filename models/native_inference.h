// Native small-model inference: MLPs, linear and logistic models, decision trees, random forests
// and gradient-boosted trees, loaded from an "assay.model/1" JSON file (docs/native-models.md).
// Evaluation uses Eigen and buffers sized once at load, so predict() never allocates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "core/json_source.h"
#include "core/status.h"

namespace assay::models {

enum class Activation { kLinear, kRelu, kTanh, kSigmoid };
enum class Task { kRegression, kClassification };

/// One dense layer: y = activation(W x + b).
struct DenseLayer {
  Eigen::MatrixXd weights;  // outputs × inputs
  Eigen::VectorXd bias;     // outputs
  Activation activation = Activation::kLinear;
};

/// A binary decision tree in flat arrays (scikit-learn's layout): at node i, go to left[i] when
/// x[feature[i]] <= threshold[i], else right[i]; a leaf has left[i] == -1 and a value row.
struct Tree {
  std::vector<int> feature;
  std::vector<double> threshold;
  std::vector<int> left;
  std::vector<int> right;
  Eigen::MatrixXd value;  // nodes × width (regression outputs or class scores)
  int output = 0;         // gradient boosting: which raw score this tree adds to

  /// Index of the leaf reached by x.
  [[nodiscard]] int leaf(const Eigen::VectorXd& x) const;
};

enum class Kind { kMlp, kLinear, kLogistic, kDecisionTree, kRandomForest, kGradientBoosting };

/// Which scores a classifier turns into a label: one score is P(classes[1]) (threshold 0.5),
/// several are compared by argmax (first maximum wins, as numpy.argmax).
struct NativeNet {
  Kind kind = Kind::kMlp;
  Task task = Task::kRegression;
  int inputs = 0;
  int outputs = 0;                            // regression outputs; 1 for a classifier (the label)
  std::vector<double> classes;                // classification: numeric label of each class
  Eigen::VectorXd input_offset, input_scale;  // x' = (x − offset) / scale
  Eigen::VectorXd output_offset, output_scale;  // y = y' · scale + offset (regression)
  std::vector<DenseLayer> layers;               // mlp; linear and logistic use one layer
  std::vector<Tree> trees;                      // tree, forest, boosting
  double learning_rate = 1.0;                   // boosting
  Eigen::VectorXd init;                         // boosting: initial raw scores
};

/// A loaded model with its own evaluation buffers; copy one per worker thread.
class NativeEvaluator {
 public:
  explicit NativeEvaluator(NativeNet net);

  /// Evaluates x (size net().inputs) into y (size net().outputs); no allocation.
  void predict(const Eigen::VectorXd& x, Eigen::VectorXd& y);

  /// Raw scores before the classification decision (probabilities or logits); for tests.
  const Eigen::VectorXd& scores(const Eigen::VectorXd& x);

  [[nodiscard]] const NativeNet& net() const { return net_; }

 private:
  void compute_scores(const Eigen::VectorXd& x);
  NativeNet net_;
  Eigen::VectorXd scaled_;
  std::vector<Eigen::VectorXd> activations_;  // one per layer
  Eigen::VectorXd scores_;
};

/// Observation features a native model can take as inputs (docs/native-models.md).
const std::vector<std::string_view>& native_feature_names();

/// A parsed "assay.model/1" file: metadata, feature mapping and the network.
struct NativeModelFile {
  std::string name;
  std::string version;
  std::string description;
  std::vector<std::string> inputs;   // feature names, one per model input
  std::vector<std::string> outputs;  // "accel" and/or "steer"
  double no_lead_distance = 250.0;   // lead_distance when no object is in path [m]
  double ttc_cap = 100.0;            // lead_ttc when not closing or above the cap [s]
  NativeNet net;
};

/// Validates a parsed document; errors carry file:line:col and the JSON pointer.
Result<NativeModelFile> parse_native_model(const JsonDocument& doc);

/// Reads and validates a model file.
Result<NativeModelFile> load_native_model(const std::string& path);

}  // namespace assay::models
