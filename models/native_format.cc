// Parser for "assay.model/1" native model files (docs/native-models.md). Strict: unknown keys,
// wrong types, mismatched dimensions, out-of-range indices and cyclic trees are errors that name
// file:line:col and the JSON pointer. The first error found is returned.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "models/native_inference.h"

namespace assay::models {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "assay.model/1";
// Large enough for any model this adapter is meant for; bounds memory on hostile input.
constexpr std::size_t kMaxWidth = 4096;
constexpr std::size_t kMaxNodes = 1u << 20;
constexpr std::size_t kMaxTrees = 10000;

#define NATIVE_TRY(expr)                                \
  do {                                                  \
    if (auto try_result_ = (expr); !try_result_.ok()) { \
      return try_result_.error();                       \
    }                                                   \
  } while (false)

// Reads values out of one document; every error is located at its pointer.
class Reader {
 public:
  explicit Reader(const JsonDocument& doc) : doc_(doc) {}

  Error fail(const std::string& at, std::string message) const {
    return doc_.error_at(at, std::move(message));
  }

  Status object(const json& j, const std::string& at, std::initializer_list<std::string_view> keys,
                std::initializer_list<std::string_view> required) const {
    if (!j.is_object()) return fail(at, "expected an object, got " + type(j));
    for (const auto& [k, v] : j.items()) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
        std::string allowed;
        for (auto key : keys) allowed += (allowed.empty() ? "" : ", ") + std::string(key);
        return doc_.error_at_key(pointer_append(at, k),
                                 "unknown key \"" + k + "\"; allowed here: " + allowed);
      }
    }
    for (auto key : required) {
      if (!j.contains(key)) return fail(at, "missing required key \"" + std::string(key) + "\"");
    }
    return {};
  }

  Result<double> number(const json& j, const std::string& at) const {
    if (!j.is_number()) return fail(at, "expected a number, got " + type(j));
    return j.get<double>();
  }

  Result<std::string> string(const json& j, const std::string& at) const {
    if (!j.is_string()) return fail(at, "expected a string, got " + type(j));
    return j.get<std::string>();
  }

  Result<int> index(const json& j, const std::string& at, long lo, long hi) const {
    if (!j.is_number_integer()) return fail(at, "expected an integer, got " + type(j));
    const auto v = j.get<long long>();
    if (v < lo || v > hi) {
      return fail(at, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                          "], got " + std::to_string(v));
    }
    return static_cast<int>(v);
  }

  Result<Eigen::VectorXd> vector(const json& j, const std::string& at, long size = -1) const {
    if (!j.is_array()) return fail(at, "expected an array of numbers, got " + type(j));
    if (j.empty() || j.size() > kMaxWidth) {
      return fail(at, "expected 1 to " + std::to_string(kMaxWidth) + " numbers, got " +
                          std::to_string(j.size()));
    }
    if (size >= 0 && static_cast<long>(j.size()) != size) {
      return fail(at,
                  "expected " + std::to_string(size) + " numbers, got " + std::to_string(j.size()));
    }
    Eigen::VectorXd v(static_cast<Eigen::Index>(j.size()));
    for (std::size_t i = 0; i < j.size(); ++i) {
      auto x = number(j[i], pointer_append(at, i));
      if (!x) return x.error();
      v[static_cast<Eigen::Index>(i)] = *x;
    }
    return v;
  }

  // A matrix as an array of rows, all of the same length.
  Result<Eigen::MatrixXd> matrix(const json& j, const std::string& at, long cols = -1) const {
    if (!j.is_array() || j.empty()) return fail(at, "expected a non-empty array of rows");
    if (j.size() > kMaxNodes) return fail(at, "too many rows");
    Eigen::MatrixXd m;
    for (std::size_t r = 0; r < j.size(); ++r) {
      auto row = vector(j[r], pointer_append(at, r), r == 0 ? cols : m.cols());
      if (!row) return row.error();
      if (r == 0) m.resize(static_cast<Eigen::Index>(j.size()), row->size());
      m.row(static_cast<Eigen::Index>(r)) = row->transpose();
    }
    return m;
  }

  static std::string type(const json& j) { return std::string(json_type_name(j)); }

 private:
  const JsonDocument& doc_;
};

Result<Activation> activation(const Reader& r, const json& j, const std::string& at) {
  auto name = r.string(j, at);
  if (!name) return name.error();
  if (*name == "linear") return Activation::kLinear;
  if (*name == "relu") return Activation::kRelu;
  if (*name == "tanh") return Activation::kTanh;
  if (*name == "sigmoid") return Activation::kSigmoid;
  return r.fail(at, "unknown activation \"" + *name + "\"; expected linear, relu, tanh or sigmoid");
}

Status layers(const Reader& r, const json& j, const std::string& at, NativeNet& net) {
  if (!j.is_array() || j.empty()) return r.fail(at, "expected a non-empty array of layers");
  long width = net.inputs;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string here = pointer_append(at, i);
    NATIVE_TRY(r.object(j[i], here, {"weights", "bias", "activation"}, {"weights", "bias"}));
    DenseLayer layer;
    auto w = r.matrix(j[i]["weights"], pointer_append(here, "weights"), width);
    if (!w) return w.error();
    layer.weights = std::move(w).value();
    auto b = r.vector(j[i]["bias"], pointer_append(here, "bias"), layer.weights.rows());
    if (!b) return b.error();
    layer.bias = std::move(b).value();
    if (j[i].contains("activation")) {
      auto a = activation(r, j[i]["activation"], pointer_append(here, "activation"));
      if (!a) return a.error();
      layer.activation = *a;
    }
    width = layer.weights.rows();
    net.layers.push_back(std::move(layer));
  }
  return {};
}

Result<Tree> tree(const Reader& r, const json& j, const std::string& at, const NativeNet& net,
                  long width) {
  NATIVE_TRY(r.object(j, at, {"feature", "threshold", "left", "right", "value", "output"},
                      {"feature", "threshold", "left", "right", "value"}));
  Tree t;
  const json& left = j["left"];
  if (!left.is_array() || left.empty() || left.size() > kMaxNodes) {
    return r.fail(pointer_append(at, "left"),
                  "expected 1 to " + std::to_string(kMaxNodes) + " node indices");
  }
  const std::size_t n = left.size();
  for (const char* key : {"feature", "threshold", "right"}) {
    if (!j[key].is_array() || j[key].size() != n) {
      return r.fail(pointer_append(at, key),
                    "expected an array of " + std::to_string(n) + " entries (one per node)");
    }
  }
  const long last = static_cast<long>(n) - 1;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string l_at = pointer_append(pointer_append(at, "left"), i);
    const std::string r_at = pointer_append(pointer_append(at, "right"), i);
    auto l = r.index(left[i], l_at, -1, last);
    if (!l) return l.error();
    auto rt = r.index(j["right"][i], r_at, -1, last);
    if (!rt) return rt.error();
    // A child after its parent makes every path finite and rules out cycles; scikit-learn
    // stores trees in depth-first order, which satisfies this.
    if ((*l < 0) != (*rt < 0)) return r.fail(r_at, "a node has either two children or none");
    if (*l >= 0 && (*l <= static_cast<int>(i) || *rt <= static_cast<int>(i))) {
      return r.fail(l_at, "child indices must be greater than the node's own index");
    }
    // Leaves carry any feature and threshold (scikit-learn writes -2); only splits are checked.
    int f = 0;
    double th = 0.0;
    if (*l >= 0) {
      auto fr = r.index(j["feature"][i], pointer_append(pointer_append(at, "feature"), i), 0,
                        net.inputs - 1);
      if (!fr) return fr.error();
      f = *fr;
      auto tr = r.number(j["threshold"][i], pointer_append(pointer_append(at, "threshold"), i));
      if (!tr) return tr.error();
      th = *tr;
    }
    t.left.push_back(*l);
    t.right.push_back(*rt);
    t.feature.push_back(f);
    t.threshold.push_back(th);
  }
  auto value = r.matrix(j["value"], pointer_append(at, "value"), width);
  if (!value) return value.error();
  if (static_cast<std::size_t>(value->rows()) != n) {
    return r.fail(pointer_append(at, "value"), "expected " + std::to_string(n) +
                                                   " rows (one per node), got " +
                                                   std::to_string(value->rows()));
  }
  t.value = std::move(value).value();
  if (net.task == Task::kClassification && net.kind != Kind::kGradientBoosting) {
    // Class scores may be counts or fractions (scikit-learn has stored both); each leaf is
    // normalised to probabilities, as predict_proba does, so a forest averages probabilities.
    for (std::size_t i = 0; i < n; ++i) {
      if (t.left[i] >= 0) continue;
      auto row = t.value.row(static_cast<Eigen::Index>(i));
      const double sum = row.sum();
      if (row.minCoeff() < 0.0 || !(sum > 0.0)) {
        return r.fail(pointer_append(pointer_append(at, "value"), i),
                      "a leaf's class scores must be >= 0 with a positive sum");
      }
      row /= sum;
    }
  }
  if (j.contains("output")) {
    const long outputs = net.init.size();
    auto o = r.index(j["output"], pointer_append(at, "output"), 0, std::max(0L, outputs - 1));
    if (!o) return o.error();
    t.output = *o;
  }
  return t;
}

Status trees(const Reader& r, const json& j, const std::string& at, NativeNet& net, long width) {
  if (!j.is_array() || j.empty() || j.size() > kMaxTrees) {
    return r.fail(at, "expected 1 to " + std::to_string(kMaxTrees) + " trees");
  }
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto t = tree(r, j[i], pointer_append(at, i), net, width);
    if (!t) return t.error();
    net.trees.push_back(std::move(t).value());
  }
  return {};
}

Status task_and_classes(const Reader& r, const json& m, const std::string& at, NativeNet& net) {
  net.task = Task::kRegression;
  if (m.contains("task")) {
    auto task = r.string(m["task"], pointer_append(at, "task"));
    if (!task) return task.error();
    if (*task == "classification") {
      net.task = Task::kClassification;
    } else if (*task != "regression") {
      return r.fail(pointer_append(at, "task"), "expected \"regression\" or \"classification\"");
    }
  }
  if (net.task == Task::kRegression) {
    if (m.contains("classes")) {
      return r.fail(pointer_append(at, "classes"), "only a classification model has classes");
    }
    return {};
  }
  if (!m.contains("classes")) return r.fail(at, "a classification model needs \"classes\"");
  auto classes = r.vector(m["classes"], pointer_append(at, "classes"));
  if (!classes) return classes.error();
  if (classes->size() < 2)
    return r.fail(pointer_append(at, "classes"), "expected 2 classes or more");
  net.classes.assign(classes->data(), classes->data() + classes->size());
  return {};
}

// The width of the scores must match what the classification decision expects.
Status check_scores(const Reader& r, const std::string& at, const NativeNet& net, long width,
                    bool binary_single) {
  if (net.task == Task::kRegression) {
    if (width != net.outputs) {
      return r.fail(at, "the model computes " + std::to_string(width) +
                            " values but \"outputs\" "
                            "names " +
                            std::to_string(net.outputs));
    }
    return {};
  }
  const long k = static_cast<long>(net.classes.size());
  if (width == k || (binary_single && k == 2 && width == 1)) return {};
  return r.fail(at, "the model computes " + std::to_string(width) + " scores for " +
                        std::to_string(k) + " classes");
}

Status network(const Reader& r, const json& m, const std::string& at, NativeNet& net) {
  auto type = m.is_object() && m.contains("type") ? r.string(m["type"], pointer_append(at, "type"))
                                                  : Result<std::string>(std::string());
  if (!type) return type.error();
  const std::string type_at = pointer_append(at, "type");
  if (*type == "mlp") {
    net.kind = Kind::kMlp;
    NATIVE_TRY(r.object(m, at, {"type", "task", "classes", "layers"}, {"type", "layers"}));
    NATIVE_TRY(task_and_classes(r, m, at, net));
    NATIVE_TRY(layers(r, m["layers"], pointer_append(at, "layers"), net));
    return check_scores(r, pointer_append(at, "layers"), net, net.layers.back().weights.rows(),
                        true);
  }
  if (*type == "linear" || *type == "logistic") {
    const bool logistic = *type == "logistic";
    net.kind = logistic ? Kind::kLogistic : Kind::kLinear;
    if (logistic) {
      NATIVE_TRY(r.object(m, at, {"type", "weights", "bias", "classes"},
                          {"type", "weights", "bias", "classes"}));
    } else {
      NATIVE_TRY(r.object(m, at, {"type", "weights", "bias"}, {"type", "weights", "bias"}));
    }
    DenseLayer layer;
    auto w = r.matrix(m["weights"], pointer_append(at, "weights"), net.inputs);
    if (!w) return w.error();
    layer.weights = std::move(w).value();
    auto b = r.vector(m["bias"], pointer_append(at, "bias"), layer.weights.rows());
    if (!b) return b.error();
    layer.bias = std::move(b).value();
    if (logistic) {
      json task = m;
      task["task"] = "classification";
      NATIVE_TRY(task_and_classes(r, task, at, net));
      // Binary: one row is the log-odds of classes[1]; several rows are compared by argmax,
      // which is the prediction of both one-vs-rest and multinomial logistic regression.
      if (layer.weights.rows() == 1) layer.activation = Activation::kSigmoid;
    }
    net.layers.push_back(std::move(layer));
    return check_scores(r, pointer_append(at, "weights"), net, net.layers.back().weights.rows(),
                        true);
  }
  if (*type == "decision_tree" || *type == "random_forest") {
    const bool single = *type == "decision_tree";
    net.kind = single ? Kind::kDecisionTree : Kind::kRandomForest;
    if (single) {
      NATIVE_TRY(r.object(m, at, {"type", "task", "classes", "tree"}, {"type", "tree"}));
    } else {
      NATIVE_TRY(r.object(m, at, {"type", "task", "classes", "trees"}, {"type", "trees"}));
    }
    NATIVE_TRY(task_and_classes(r, m, at, net));
    const long width =
        net.task == Task::kRegression ? net.outputs : static_cast<long>(net.classes.size());
    if (single) {
      auto t = tree(r, m["tree"], pointer_append(at, "tree"), net, width);
      if (!t) return t.error();
      net.trees.push_back(std::move(t).value());
      return {};
    }
    return trees(r, m["trees"], pointer_append(at, "trees"), net, width);
  }
  if (*type == "gradient_boosting") {
    net.kind = Kind::kGradientBoosting;
    NATIVE_TRY(r.object(m, at, {"type", "task", "classes", "learning_rate", "init", "trees"},
                        {"type", "learning_rate", "init", "trees"}));
    NATIVE_TRY(task_and_classes(r, m, at, net));
    auto lr = r.number(m["learning_rate"], pointer_append(at, "learning_rate"));
    if (!lr) return lr.error();
    if (!(*lr > 0.0)) return r.fail(pointer_append(at, "learning_rate"), "must be > 0");
    net.learning_rate = *lr;
    auto init = r.vector(m["init"], pointer_append(at, "init"));
    if (!init) return init.error();
    net.init = std::move(init).value();
    NATIVE_TRY(check_scores(r, pointer_append(at, "init"), net, net.init.size(), true));
    return trees(r, m["trees"], pointer_append(at, "trees"), net, 1);
  }
  if (!m.is_object()) return r.fail(at, "expected an object, got " + Reader::type(m));
  if (!m.contains("type")) return r.fail(at, "missing required key \"type\"");
  return r.fail(type_at, "unknown model type \"" + *type +
                             "\"; expected mlp, linear, logistic, decision_tree, random_forest or "
                             "gradient_boosting");
}

Status scaling(const Reader& r, const json& j, const std::string& at, long size,
               Eigen::VectorXd& offset, Eigen::VectorXd& scale) {
  NATIVE_TRY(r.object(j, at, {"offset", "scale"}, {"offset", "scale"}));
  auto o = r.vector(j["offset"], pointer_append(at, "offset"), size);
  if (!o) return o.error();
  auto s = r.vector(j["scale"], pointer_append(at, "scale"), size);
  if (!s) return s.error();
  for (Eigen::Index i = 0; i < s->size(); ++i) {
    if ((*s)[i] == 0.0) {
      return r.fail(pointer_append(pointer_append(at, "scale"), static_cast<std::size_t>(i)),
                    "a scale must not be 0");
    }
  }
  offset = std::move(o).value();
  scale = std::move(s).value();
  return {};
}

Result<std::vector<std::string>> names(const Reader& r, const json& j, const std::string& at,
                                       const std::vector<std::string_view>& allowed) {
  if (!j.is_array() || j.empty() || j.size() > kMaxWidth) {
    return r.fail(at, "expected a non-empty array of names");
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string here = pointer_append(at, i);
    auto s = r.string(j[i], here);
    if (!s) return s.error();
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return r.fail(here, "unknown name \"" + *s + "\"; expected one of: " + list);
    }
    if (!seen.insert(*s).second) return r.fail(here, "\"" + *s + "\" is listed twice");
    out.push_back(*s);
  }
  return out;
}

Result<double> positive(const Reader& r, const json& j, const std::string& at) {
  auto v = r.number(j, at);
  if (!v) return v.error();
  if (!(*v > 0.0)) return r.fail(at, "must be > 0");
  return *v;
}

}  // namespace

const std::vector<std::string_view>& native_feature_names() {
  static const std::vector<std::string_view> kNames = {
      "ego_speed",           "ego_accel",    "ego_yaw",       "ego_yaw_rate",        "ego_steer",
      "ego_lateral_offset",  "lead_present", "lead_distance", "lead_relative_speed", "lead_speed",
      "lead_lateral_offset", "lead_ttc",     "road_curvature"};
  return kNames;
}

Result<NativeModelFile> parse_native_model(const JsonDocument& doc) {
  const Reader r(doc);
  const json& root = doc.root();
  NATIVE_TRY(r.object(root, "",
                      {"format", "name", "version", "description", "inputs", "outputs",
                       "input_scaling", "output_scaling", "no_lead_distance", "ttc_cap", "model"},
                      {"format", "name", "version", "inputs", "outputs", "model"}));
  auto format = r.string(root["format"], "/format");
  if (!format) return format.error();
  if (*format != kFormat) {
    return r.fail("/format", "expected \"" + std::string(kFormat) + "\", got \"" + *format + "\"");
  }
  NativeModelFile f;
  auto name = r.string(root["name"], "/name");
  if (!name) return name.error();
  if (name->empty()) return r.fail("/name", "must not be empty");
  f.name = *name;
  auto version = r.string(root["version"], "/version");
  if (!version) return version.error();
  f.version = *version;
  if (root.contains("description")) {
    auto d = r.string(root["description"], "/description");
    if (!d) return d.error();
    f.description = *d;
  }
  auto inputs = names(r, root["inputs"], "/inputs", native_feature_names());
  if (!inputs) return inputs.error();
  f.inputs = std::move(inputs).value();
  static const std::vector<std::string_view> kOutputs = {"accel", "steer"};
  auto outputs = names(r, root["outputs"], "/outputs", kOutputs);
  if (!outputs) return outputs.error();
  f.outputs = std::move(outputs).value();
  if (root.contains("no_lead_distance")) {
    auto v = positive(r, root["no_lead_distance"], "/no_lead_distance");
    if (!v) return v.error();
    f.no_lead_distance = *v;
  }
  if (root.contains("ttc_cap")) {
    auto v = positive(r, root["ttc_cap"], "/ttc_cap");
    if (!v) return v.error();
    f.ttc_cap = *v;
  }
  NativeNet& net = f.net;
  net.inputs = static_cast<int>(f.inputs.size());
  net.outputs = static_cast<int>(f.outputs.size());
  NATIVE_TRY(network(r, root["model"], "/model", net));
  if (net.task == Task::kClassification && net.outputs != 1) {
    return r.fail("/outputs", "a classifier predicts one label: name exactly one output");
  }
  if (root.contains("input_scaling")) {
    NATIVE_TRY(scaling(r, root["input_scaling"], "/input_scaling", net.inputs, net.input_offset,
                       net.input_scale));
  }
  if (root.contains("output_scaling")) {
    if (net.task == Task::kClassification) {
      return r.fail("/output_scaling", "a classifier's labels are not scaled");
    }
    NATIVE_TRY(scaling(r, root["output_scaling"], "/output_scaling", net.outputs, net.output_offset,
                       net.output_scale));
  }
  return f;
}

Result<NativeModelFile> load_native_model(const std::string& path) {
  auto doc = load_json_file(path);
  if (!doc) return doc.error();
  return parse_native_model(*doc);
}

}  // namespace assay::models
