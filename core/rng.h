// The one random-number generator of Assay: counter-based (SplitMix64 over a key and a counter),
// splittable, passed explicitly, with our own distributions so results are identical across
// standard libraries.
#pragma once

#include <cstdint>
#include <string_view>

namespace assay {

/// SplitMix64 finaliser: a bijective 64-bit mix (Steele, Lea, Flood 2014).
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// FNV-1a 64-bit hash of a string; stable across platforms and runs.
constexpr std::uint64_t hash_string(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Per-case seed = hash(master seed, scenario id, case index).
constexpr std::uint64_t case_seed(std::uint64_t master, std::string_view scenario_id,
                                  std::uint64_t index) {
  return mix64(mix64(master ^ hash_string(scenario_id)) + 0x9e3779b97f4a7c15ULL * (index + 1));
}

/// Counter-based generator: the i-th output is mix64(key + i·γ). Copyable; a copy replays.
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed) : key_(mix64(seed)) {}

  /// Next 64 random bits.
  constexpr std::uint64_t next_u64() { return mix64(key_ + kGamma * ++counter_); }

  /// Uniform double in [0, 1) with 53 random bits.
  constexpr double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Uniform double in [lo, hi).
  constexpr double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Standard normal by the Box–Muller transform (no cached second value, so state is the counter).
  double normal();

  /// Normal with mean and standard deviation.
  double normal(double mean, double stdev) { return mean + stdev * normal(); }

  /// An independent generator for a named sub-stream (e.g. one per actor or sensor).
  [[nodiscard]] constexpr Rng split(std::uint64_t stream) const {
    return Rng(key_ ^ mix64(stream + 0x632be59bd9b4e019ULL), 0);
  }

  [[nodiscard]] constexpr std::uint64_t counter() const { return counter_; }

  friend constexpr bool operator==(const Rng&, const Rng&) = default;

 private:
  constexpr Rng(std::uint64_t key, int /*raw*/) : key_(key) {}
  static constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

}  // namespace assay
