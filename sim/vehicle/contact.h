// Contact detection between actor footprints (oriented boxes) with Bullet's collision library,
// for any vehicle model. A cheap bounding-circle test skips Bullet when actors are far apart.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "sim/vehicle/vehicle_state.h"

namespace assay::sim {

/// Footprint size of one actor.
struct Footprint {
  double length = 0.0;
  double width = 0.0;
};

class ContactDetector {
 public:
  /// One footprint per actor; actor 0 is the ego.
  explicit ContactDetector(std::vector<Footprint> footprints);
  ~ContactDetector();
  ContactDetector(const ContactDetector&) = delete;
  ContactDetector& operator=(const ContactDetector&) = delete;

  /// True when the footprints of actors i and j at the given poses touch or overlap.
  [[nodiscard]] bool touching(std::size_t i, const Pose& pi, std::size_t j, const Pose& pj);

  /// Given poses at the start (a0, b0: not touching) and end (a1, b1: touching) of a step,
  /// the fraction in (0, 1] of the step at which contact began, found by bisection on poses
  /// interpolated linearly (to 1e-4 of the step).
  [[nodiscard]] double contact_fraction(std::size_t i, const Pose& a0, const Pose& a1,
                                        std::size_t j, const Pose& b0, const Pose& b1);

  /// Smallest distance between the two footprints (0 when touching).
  [[nodiscard]] double distance(std::size_t i, const Pose& pi, std::size_t j, const Pose& pj);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace assay::sim
