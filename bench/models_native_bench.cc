// Native inference cost. Target (issue 5): an MLP with two hidden layers of 32 ReLU units
// ≤ 1 µs per inference. Trees and the whole adapter step (features + inference) for comparison.
#include <benchmark/benchmark.h>

#include <string>

#include "core/json_source.h"
#include "core/rng.h"
#include "models/native_inference.h"
#include "models/native_model.h"

namespace {

using assay::models::NativeEvaluator;
using assay::models::NativeModelFile;

std::string matrix(assay::Rng& rng, int rows, int cols) {
  std::string s = "[";
  for (int r = 0; r < rows; ++r) {
    s += r ? ",[" : "[";
    for (int c = 0; c < cols; ++c) s += (c ? "," : "") + std::to_string(rng.uniform(-0.5, 0.5));
    s += "]";
  }
  return s + "]";
}

std::string vec(assay::Rng& rng, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(rng.uniform(-0.1, 0.1));
  return s + "]";
}

// An MLP on 4 features: 4 → 32 → 32 → 1, ReLU hidden layers, random weights.
NativeModelFile mlp_file() {
  assay::Rng rng(42);
  const std::string text =
      R"({"format": "assay.model/1", "name": "bench", "version": "1",
          "inputs": ["ego_speed", "lead_distance", "lead_relative_speed", "lead_ttc"],
          "outputs": ["accel"], "model": {"type": "mlp", "layers": [
          {"weights": )" +
      matrix(rng, 32, 4) + R"(, "bias": )" + vec(rng, 32) +
      R"(, "activation": "relu"}, {"weights": )" + matrix(rng, 32, 32) + R"(, "bias": )" +
      vec(rng, 32) + R"(, "activation": "relu"}, {"weights": )" + matrix(rng, 1, 32) +
      R"(, "bias": [0]}]}})";
  auto doc = assay::parse_json(text, "bench.json");
  auto f = assay::models::parse_native_model(*doc);
  if (!f) throw std::runtime_error(f.error().format());
  return *f;
}

void BM_NativeMlp2x32(benchmark::State& state) {
  NativeEvaluator e(mlp_file().net);
  Eigen::VectorXd x(4), y(1);
  x << 20.0, 35.0, -5.0, 7.0;
  for (auto _ : state) {
    x[0] += 1e-9;  // defeats hoisting
    e.predict(x, y);
    benchmark::DoNotOptimize(y.data());
  }
}
BENCHMARK(BM_NativeMlp2x32);

void BM_NativeAdapterStepMlp2x32(benchmark::State& state) {
  assay::models::NativeModel model(std::make_shared<const NativeModelFile>(mlp_file()));
  assay::sim::Observation obs;
  obs.ego_speed = 20.0;
  obs.ego_width = 1.8;
  obs.objects = {{0, 35.0, -5.0, 0.0, 1.8, 4.5, 15.0}};
  for (auto _ : state) {
    obs.ego_speed += 1e-9;
    benchmark::DoNotOptimize(model.step(obs));
  }
}
BENCHMARK(BM_NativeAdapterStepMlp2x32);

void BM_NativeBundledAebTree(benchmark::State& state) {
  auto f = assay::models::load_native_model(std::string(ASSAY_SOURCE_DIR) +
                                            "/examples/native/aeb-tree.json");
  if (!f) throw std::runtime_error(f.error().format());
  NativeEvaluator e(f->net);
  Eigen::VectorXd x(3), y(1);
  x << 20.0, 1.5, -5.0;
  for (auto _ : state) {
    x[1] += 1e-12;
    e.predict(x, y);
    benchmark::DoNotOptimize(y.data());
  }
}
BENCHMARK(BM_NativeBundledAebTree);

void BM_NativeSklearnForest(benchmark::State& state) {
  auto f = assay::models::load_native_model(std::string(ASSAY_SOURCE_DIR) +
                                            "/tests/data/native/forest_regressor.json");
  if (!f) throw std::runtime_error(f.error().format());
  NativeEvaluator e(f->net);
  Eigen::VectorXd x(3), y(1);
  x << 20.0, 15.0, -5.0;
  for (auto _ : state) {
    x[0] += 1e-12;
    e.predict(x, y);
    benchmark::DoNotOptimize(y.data());
  }
}
BENCHMARK(BM_NativeSklearnForest);

}  // namespace
