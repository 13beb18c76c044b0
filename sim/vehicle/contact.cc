#include "sim/vehicle/contact.h"

#include <BulletCollision/NarrowPhaseCollision/btGjkEpaPenetrationDepthSolver.h>
#include <BulletCollision/NarrowPhaseCollision/btGjkPairDetector.h>
#include <BulletCollision/NarrowPhaseCollision/btPointCollector.h>
#include <BulletCollision/NarrowPhaseCollision/btVoronoiSimplexSolver.h>
#include <btBulletCollisionCommon.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace assay::sim {
namespace {

// Footprints are extruded to boxes of this height, all standing on z = 0, so the 3-D distance
// between two boxes equals the 2-D distance between their footprints.
constexpr double kBoxHeight = 1.5;

// Bisection stops when the bracket is this fraction of the step.
constexpr double kFractionTolerance = 1e-4;

btTransform box_transform(const Pose& pose) {
  const double c = std::cos(pose.yaw);
  const double s = std::sin(pose.yaw);
  const btMatrix3x3 basis(c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0);
  return btTransform(basis, btVector3(pose.x, pose.y, kBoxHeight / 2.0));
}

// Angle in (-pi, pi] equivalent to a.
double wrap_angle(double a) {
  return std::remainder(a, 2.0 * std::numbers::pi);
}

Pose interpolate(const Pose& a, const Pose& b, double t) {
  return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), a.yaw + t * wrap_angle(b.yaw - a.yaw)};
}

}  // namespace

// One box per actor plus the radii of its circumscribed and inscribed circles for the cheap
// tests. GJK is run directly on the two convex shapes (btGjkPairDetector) rather than through a
// btCollisionWorld: there is no broadphase to maintain, no contact manifold cache whose history
// could change results, and every query is independent of the ones before it.
struct ContactDetector::Impl {
  struct Actor {
    std::unique_ptr<btBoxShape> box;
    double outer_radius = 0.0;  // half-diagonal
    double inner_radius = 0.0;  // half of the shorter side
  };
  std::vector<Actor> actors;
  // Stateless between calls; GJK calls it when the boxes overlap or nearly touch.
  btGjkEpaPenetrationDepthSolver penetration_solver;

  const Actor& actor(std::size_t i) const {
    if (i >= actors.size())
      throw std::out_of_range("ContactDetector: no actor " + std::to_string(i));
    return actors[i];
  }

  // Signed distance between the two boxes: positive when apart, negative when overlapping.
  double signed_distance(const Actor& a, const Pose& pa, const Actor& b, const Pose& pb) {
    // A fresh simplex solver and detector per query: GJK warm-starts from the previous
    // separating axis otherwise, and results would depend on the order of queries.
    btVoronoiSimplexSolver simplex;
    btGjkPairDetector gjk(a.box.get(), b.box.get(), &simplex, &penetration_solver);
    btGjkPairDetector::ClosestPointInput input;
    input.m_transformA = box_transform(pa);
    input.m_transformB = box_transform(pb);
    btPointCollector result;
    gjk.getClosestPoints(input, result, nullptr);
    // GJK always reports separated boxes; no result means overlap the solver could not measure.
    return result.m_hasResult ? result.m_distance : 0.0;
  }
};

ContactDetector::ContactDetector(std::vector<Footprint> footprints)
    : impl_(std::make_unique<Impl>()) {
  impl_->actors.reserve(footprints.size());
  for (const Footprint& f : footprints) {
    Impl::Actor actor;
    actor.box =
        std::make_unique<btBoxShape>(btVector3(f.length / 2.0, f.width / 2.0, kBoxHeight / 2.0));
    // Bullet rounds box corners by the collision margin (0.04 m by default); footprints are
    // exact rectangles, so the margin is zero.
    actor.box->setMargin(0.0);
    actor.outer_radius = std::hypot(f.length, f.width) / 2.0;
    actor.inner_radius = std::min(f.length, f.width) / 2.0;
    impl_->actors.push_back(std::move(actor));
  }
}

ContactDetector::~ContactDetector() = default;

bool ContactDetector::touching(std::size_t i, const Pose& pi, std::size_t j, const Pose& pj) {
  const Impl::Actor& a = impl_->actor(i);
  const Impl::Actor& b = impl_->actor(j);
  const double centre_distance = std::hypot(pj.x - pi.x, pj.y - pi.y);
  // Most actor pairs are far apart most of the time: decide without Bullet whenever the
  // circumscribed circles are apart or the inscribed circles overlap.
  if (centre_distance > a.outer_radius + b.outer_radius) return false;
  if (centre_distance <= a.inner_radius + b.inner_radius) return true;
  return impl_->signed_distance(a, pi, b, pj) <= 0.0;
}

double ContactDetector::contact_fraction(std::size_t i, const Pose& a0, const Pose& a1,
                                         std::size_t j, const Pose& b0, const Pose& b1) {
  // Invariant: not touching at lo, touching at hi.
  double lo = 0.0;
  double hi = 1.0;
  while (hi - lo > kFractionTolerance) {
    const double mid = (lo + hi) / 2.0;
    if (touching(i, interpolate(a0, a1, mid), j, interpolate(b0, b1, mid))) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

double ContactDetector::distance(std::size_t i, const Pose& pi, std::size_t j, const Pose& pj) {
  const Impl::Actor& a = impl_->actor(i);
  const Impl::Actor& b = impl_->actor(j);
  return std::max(0.0, impl_->signed_distance(a, pi, b, pj));
}

}  // namespace assay::sim
