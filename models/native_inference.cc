// Evaluation of native models. Buffers are sized in the constructor so predict() does no heap
// allocation: Eigen products are written with noalias() into preallocated vectors.
#include "models/native_inference.h"

#include <cmath>
#include <utility>

namespace assay::models {
namespace {

double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

void activate(Eigen::VectorXd& v, Activation a) {
  switch (a) {
    case Activation::kLinear:
      return;
    case Activation::kRelu:
      v = v.cwiseMax(0.0);
      return;
    case Activation::kTanh:
      v = v.array().tanh();
      return;
    case Activation::kSigmoid:
      for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = sigmoid(v[i]);
      return;
  }
}

Eigen::Index argmax(const Eigen::VectorXd& v) {
  Eigen::Index best = 0;
  for (Eigen::Index i = 1; i < v.size(); ++i) {
    if (v[i] > v[best]) best = i;  // strict: the first maximum wins, as numpy.argmax
  }
  return best;
}

Eigen::Index score_width(const NativeNet& n) {
  switch (n.kind) {
    case Kind::kMlp:
    case Kind::kLinear:
    case Kind::kLogistic:
      return n.layers.back().weights.rows();
    case Kind::kDecisionTree:
    case Kind::kRandomForest:
      return n.trees.front().value.cols();
    case Kind::kGradientBoosting:
      return n.init.size();
  }
  return 0;
}

}  // namespace

int Tree::leaf(const Eigen::VectorXd& x) const {
  int node = 0;
  // Children always have larger indices than their parent (checked at load), so this ends.
  while (left[static_cast<std::size_t>(node)] >= 0) {
    const auto i = static_cast<std::size_t>(node);
    node = x[feature[i]] <= threshold[i] ? left[i] : right[i];
  }
  return node;
}

NativeEvaluator::NativeEvaluator(NativeNet net) : net_(std::move(net)) {
  scaled_.resize(net_.inputs);
  for (const auto& layer : net_.layers) activations_.emplace_back(layer.weights.rows());
  scores_.resize(score_width(net_));
}

void NativeEvaluator::compute_scores(const Eigen::VectorXd& x) {
  scaled_ = x;
  if (net_.input_offset.size() > 0) scaled_ -= net_.input_offset;
  if (net_.input_scale.size() > 0) scaled_.array() /= net_.input_scale.array();
  switch (net_.kind) {
    case Kind::kMlp:
    case Kind::kLinear:
    case Kind::kLogistic: {
      const Eigen::VectorXd* in = &scaled_;
      for (std::size_t l = 0; l < net_.layers.size(); ++l) {
        const auto& layer = net_.layers[l];
        activations_[l].noalias() = layer.weights * *in;
        activations_[l] += layer.bias;
        activate(activations_[l], layer.activation);
        in = &activations_[l];
      }
      scores_ = *in;
      return;
    }
    case Kind::kDecisionTree:
    case Kind::kRandomForest: {
      // A forest averages its trees' predictions (class probabilities for classifiers), as
      // scikit-learn's RandomForest*.predict does.
      scores_.setZero();
      for (const auto& t : net_.trees) scores_ += t.value.row(t.leaf(scaled_)).transpose();
      scores_ /= static_cast<double>(net_.trees.size());
      return;
    }
    case Kind::kGradientBoosting: {
      scores_ = net_.init;
      for (const auto& t : net_.trees) {
        scores_[t.output] += net_.learning_rate * t.value(t.leaf(scaled_), 0);
      }
      // One raw score of a binary classifier is a log-odds (Friedman 2001, sec. 4.5).
      if (net_.task == Task::kClassification && scores_.size() == 1) {
        scores_[0] = sigmoid(scores_[0]);
      }
      return;
    }
  }
}

const Eigen::VectorXd& NativeEvaluator::scores(const Eigen::VectorXd& x) {
  compute_scores(x);
  return scores_;
}

void NativeEvaluator::predict(const Eigen::VectorXd& x, Eigen::VectorXd& y) {
  compute_scores(x);
  if (net_.task == Task::kClassification) {
    const Eigen::Index cls = scores_.size() == 1 ? (scores_[0] > 0.5 ? 1 : 0) : argmax(scores_);
    y[0] = net_.classes[static_cast<std::size_t>(cls)];
    return;
  }
  y = scores_;
  if (net_.output_scale.size() > 0) y.array() *= net_.output_scale.array();
  if (net_.output_offset.size() > 0) y += net_.output_offset;
}

}  // namespace assay::models
