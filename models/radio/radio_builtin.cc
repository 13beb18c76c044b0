#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "core/rng.h"
#include "models/radio/radio_model.h"
#include "sim/radio/link.h"

namespace assay::models::radio {
namespace {

using assay::radio::dvbs2_best_modcod;
using assay::radio::dvbs2_modcods;

int modcod_count() {
  return static_cast<int>(dvbs2_modcods().size());
}
double threshold(int i) {
  return dvbs2_modcods()[static_cast<std::size_t>(i)].esn0_db;
}
double efficiency(int i) {
  return dvbs2_modcods()[static_cast<std::size_t>(i)].efficiency;
}

// The most robust MODCOD (lowest threshold), used when nothing fits or nothing is known yet.
int most_robust() {
  return 0;
}

using Params = std::map<std::string, double>;

std::string format_spec(const std::string& name, const Params& p) {
  std::ostringstream s;
  s << name;
  char sep = ':';
  for (const auto& [k, v] : p) {
    s << sep << k << "=" << v;
    sep = ',';
  }
  return s.str();
}

// Fixed MODCOD, never adapts.
class Fixed : public RadioModel {
 public:
  explicit Fixed(Params p) : p_(std::move(p)) {}
  void reset(std::uint64_t) override {}
  RadioAction act(const RadioObservation&) override {
    return {static_cast<int>(p_.at("modcod")), 0.0};
  }
  std::string spec() const override { return format_spec("fixed", p_); }

 private:
  Params p_;
};

// Threshold ACM: best MODCOD for (measured − margin); moves up only when the new threshold is
// cleared by the hysteresis too, moves down at once when the current one no longer fits.
class ThresholdAcm : public RadioModel {
 public:
  explicit ThresholdAcm(Params p) : p_(std::move(p)) {}
  void reset(std::uint64_t) override { current_ = most_robust(); }
  RadioAction act(const RadioObservation& obs) override {
    if (!obs.measured_esn0_db) return {current_, 0.0};
    const double usable = *obs.measured_esn0_db - p_.at("margin");
    const int best = std::max(dvbs2_best_modcod(usable, 0.0), most_robust());
    if (threshold(current_) > usable) {
      current_ = best;  // the current MODCOD no longer fits: step down now
    } else if (efficiency(best) > efficiency(current_) &&
               threshold(best) <= usable - p_.at("hysteresis")) {
      current_ = best;
    }
    return {current_, 0.0};
  }
  std::string spec() const override { return format_spec("threshold-acm", p_); }

 private:
  Params p_;
  int current_ = 0;
};

// Outer-loop link adaptation (OLLA) towards a BLER target: the SNR offset rises by Δ_up on a
// NACK and falls by Δ_up·T/(1−T) on an ACK, so the long-run NACK ratio is T (radio.md §1.2,
// Sionna SYS defaults T = 0.1, Δ_up = 1 dB, offset within [−20, 20] dB).
class Olla : public RadioModel {
 public:
  explicit Olla(Params p) : p_(std::move(p)) {}
  void reset(std::uint64_t) override {
    offset_ = 0;
    current_ = most_robust();
  }
  RadioAction act(const RadioObservation& obs) override {
    const double t = p_.at("target"), up = p_.at("step");
    if (obs.ack) offset_ += *obs.ack ? -up * t / (1.0 - t) : up;
    offset_ = std::clamp(offset_, -20.0, 20.0);
    if (obs.measured_esn0_db) {
      current_ = std::max(dvbs2_best_modcod(*obs.measured_esn0_db - offset_, 0.0), most_robust());
    }
    return {current_, 0.0};
  }
  std::string spec() const override { return format_spec("olla", p_); }

 private:
  Params p_;
  double offset_ = 0;
  int current_ = 0;
};

// A context-free bandit over MODCODs: reward = efficiency on ACK, 0 on NACK (normalised by the
// largest efficiency). UCB1 (Auer et al. 2002) or epsilon-greedy with its own RNG split from the
// case seed. It ignores the SNR report on purpose: it is the learning engine under test.
class Bandit : public RadioModel {
 public:
  Bandit(Params p, bool ucb) : p_(std::move(p)), ucb_(ucb) {}
  void reset(std::uint64_t case_seed) override {
    rng_ = Rng(case_seed).split(0x6a09e667f3bcc908ULL);
    pulls_.assign(static_cast<std::size_t>(modcod_count()), 0.0);
    reward_.assign(pulls_.size(), 0.0);
    pending_.clear();
    total_ = 0;
  }
  RadioAction act(const RadioObservation& obs) override {
    // ACKs arrive in the order frames were sent: credit the oldest pending arm.
    if (obs.ack && !pending_.empty()) {
      const int arm = pending_.front();
      pending_.erase(pending_.begin());
      const auto a = static_cast<std::size_t>(arm);
      pulls_[a] += 1;
      reward_[a] += *obs.ack ? efficiency(arm) / efficiency(modcod_count() - 1) : 0.0;
      total_ += 1;
    }
    const int arm = choose();
    pending_.push_back(arm);
    if (pending_.size() > 4096) pending_.erase(pending_.begin());  // feedback lost: forget
    return {arm, 0.0};
  }
  std::string spec() const override {
    return format_spec(ucb_ ? "bandit-ucb" : "bandit-egreedy", p_);
  }

 private:
  int choose() {
    const int n = modcod_count();
    if (!ucb_) {
      if (rng_.uniform() < p_.at("epsilon")) {
        return static_cast<int>(rng_.next_u64() % static_cast<std::uint64_t>(n));
      }
      return best_mean();
    }
    for (int i = 0; i < n; ++i) {
      if (pulls_[static_cast<std::size_t>(i)] == 0) return i;  // try every arm once
    }
    int best = 0;
    double best_score = -1;
    for (int i = 0; i < n; ++i) {
      const auto a = static_cast<std::size_t>(i);
      const double score =
          reward_[a] / pulls_[a] +
          p_.at("c") * std::sqrt(2.0 * std::log(std::max(total_, 1.0)) / pulls_[a]);
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    return best;
  }
  int best_mean() const {
    int best = 0;
    double best_mean = -1;
    for (std::size_t a = 0; a < pulls_.size(); ++a) {
      const double m = pulls_[a] > 0 ? reward_[a] / pulls_[a] : 0.0;
      if (m > best_mean) {
        best_mean = m;
        best = static_cast<int>(a);
      }
    }
    return best;
  }
  Params p_;
  bool ucb_;
  Rng rng_{0};
  std::vector<double> pulls_, reward_;
  std::vector<int> pending_;
  double total_ = 0;
};

}  // namespace

const std::vector<RadioModelInfo>& radio_builtin_models() {
  static const std::vector<RadioModelInfo> models = {
      {"fixed",
       "one MODCOD for the whole run",
       {{"modcod", 3, 0, 27, "DVB-S2 MODCOD index (3 = QPSK 1/2)"}}},
      {"threshold-acm",
       "best MODCOD for the reported Es/N0 minus a margin, with hysteresis on the way up",
       {{"hysteresis", 0.5, 0, 10, "extra dB needed before moving up"},
        {"margin", 1, -5, 20, "dB subtracted from the report"}}},
      {"olla",
       "outer-loop link adaptation: an SNR offset driven by ACK/NACK towards a BLER target",
       {{"step", 1, 0.01, 10, "offset increase on NACK, dB"},
        {"target", 0.1, 0.001, 0.5, "BLER target"}}},
      {"bandit-ucb",
       "UCB1 bandit over MODCODs, reward = efficiency on ACK",
       {{"c", 1, 0, 10, "exploration weight"}}},
      {"bandit-egreedy",
       "epsilon-greedy bandit over MODCODs with its own seeded RNG",
       {{"epsilon", 0.1, 0, 1, "exploration probability"}}},
  };
  return models;
}

bool is_radio_model(std::string_view spec) {
  const std::string_view name = spec.substr(0, spec.find(':'));
  for (const auto& m : radio_builtin_models()) {
    if (m.name == name) return true;
  }
  return false;
}

Result<std::unique_ptr<RadioModel>> make_radio_model(std::string_view spec) {
  const auto colon = spec.find(':');
  const std::string name(spec.substr(0, colon));
  const RadioModelInfo* info = nullptr;
  for (const auto& m : radio_builtin_models()) {
    if (m.name == name) info = &m;
  }
  if (!info) return make_error("unknown radio model \"" + name + "\"");
  Params p;
  for (const auto& param : info->params) p[param.name] = param.default_value;
  if (colon != std::string_view::npos) {
    std::stringstream rest{std::string(spec.substr(colon + 1))};
    for (std::string kv; std::getline(rest, kv, ',');) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos) return make_error("expected key=value in \"" + kv + "\"");
      const std::string key = kv.substr(0, eq), text = kv.substr(eq + 1);
      const auto it = std::find_if(info->params.begin(), info->params.end(),
                                   [&](const RadioParam& rp) { return rp.name == key; });
      if (it == info->params.end()) {
        return make_error("model " + name + " has no parameter \"" + key + "\"");
      }
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < it->min ||
          v > it->max) {
        std::ostringstream msg;
        msg << "model " << name << ": " << key << " expects a number in [" << it->min << ", "
            << it->max << "], got \"" << text << "\"";
        return make_error(msg.str());
      }
      if (key == "modcod" && std::floor(v) != v) return make_error("modcod must be a whole number");
      p[key] = v;
    }
  }
  std::unique_ptr<RadioModel> m;
  if (name == "fixed") m = std::make_unique<Fixed>(p);
  if (name == "threshold-acm") m = std::make_unique<ThresholdAcm>(p);
  if (name == "olla") m = std::make_unique<Olla>(p);
  if (name == "bandit-ucb") m = std::make_unique<Bandit>(p, true);
  if (name == "bandit-egreedy") m = std::make_unique<Bandit>(p, false);
  return m;
}

}  // namespace assay::models::radio
