#include "sim/vehicle/bullet_vehicle.h"

#include <btBulletDynamicsCommon.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "sim/vehicle/single_track.h"

namespace assay::sim {
namespace {

constexpr double kGravity = 9.81;  // m/s^2

// Height of the chassis box's underside above the ground at ride height.
constexpr double kGroundClearance = 0.2;  // m

// Wheel order: front left, front right, rear left, rear right.
constexpr int kWheels = 4;
constexpr std::array<bool, kWheels> kIsFront = {true, true, false, false};
constexpr std::array<double, kWheels> kSide = {1.0, -1.0, 1.0, -1.0};  // +1 left (+y), -1 right

// Below this forward speed a braking vehicle is held by the brakes instead of being pushed by a
// negative drive force, which would otherwise reverse it.
constexpr double kHoldSpeed = 0.01;  // m/s

// Below this speed the side-slip angle is numerical noise; reported as 0 (CommonRoad switches
// to its kinematic model at the same speed).
constexpr double kSlipSpeed = 0.1;  // m/s

// Bullet's longitudinal friction budget is frictionSlip·F_susp / fwdFactor with the hard-coded
// fwdFactor = 0.5 in btRaycastVehicle::updateFriction.
constexpr double kBulletForwardFactor = 0.5;

double wrap_angle(double a) {
  return std::remainder(a, 2.0 * std::numbers::pi);
}

// Fraction of the weight on the front axle (moment balance about the rear axle).
double front_fraction(const VehicleParams& p) {
  return p.lr / p.wheelbase();
}

// Bullet's spring and damper rates are per unit chassis mass and per wheel. The settings give the
// average; each wheel's rate is scaled by its share of the static load (twice the axle
// fraction over 2 wheels, relative to 1/4), so both axles have the same ride frequency and
// damping ratio, every spring compresses equally and the load transfer in a turn splits between
// the axles like the static load. With one rate for all wheels the lightly loaded axle's inner
// wheel lifts off far below the rollover limit.
double load_scale(double axle_fraction) {
  return 2.0 * axle_fraction;
}

// Static spring compression, the same for every wheel (see load_scale).
double static_compression(const BulletSettings& s) {
  return kGravity / 4.0 / s.suspension_stiffness;
}

btTransform chassis_transform(const VehicleParams& p, const VehicleState& s) {
  btTransform t;
  t.setIdentity();
  t.setOrigin(btVector3(s.x, s.y, p.h_cg));
  t.setRotation(btQuaternion(btVector3(0.0, 0.0, 1.0), s.yaw));
  return t;
}

btRigidBody::btRigidBodyConstructionInfo ground_info(btCollisionShape* shape) {
  btRigidBody::btRigidBodyConstructionInfo info(0.0, nullptr, shape);
  info.m_friction = 1.0;
  return info;
}

// Roll and pitch inertia of the chassis box; yaw inertia from the parameter set, which is what
// the single-track models use and differs from the box's (a car is not a uniform box).
btRigidBody::btRigidBodyConstructionInfo chassis_info(const VehicleParams& p,
                                                      const BulletSettings& s,
                                                      btCollisionShape* shape) {
  const double h2 = s.chassis_height * s.chassis_height;
  const btVector3 inertia(p.mass / 12.0 * (p.width * p.width + h2),
                          p.mass / 12.0 * (p.length * p.length + h2), p.iz);
  btRigidBody::btRigidBodyConstructionInfo info(p.mass, nullptr, shape, inertia);
  info.m_friction = 1.0;
  return info;
}

btRaycastVehicle::btVehicleTuning tuning(const VehicleParams& p, const BulletSettings& s) {
  btRaycastVehicle::btVehicleTuning t;
  t.m_suspensionStiffness = s.suspension_stiffness;
  t.m_suspensionCompression = s.suspension_compression;
  t.m_suspensionDamping = s.suspension_damping;
  t.m_frictionSlip = s.friction_slip;
  // Bullet's default clamp of 6000 N per wheel is sized for its 800 kg demo car and would clip a
  // heavy car's front springs under braking; allow four times the whole car's weight.
  t.m_maxSuspensionForce = 4.0 * p.mass * kGravity;
  // The spring can compress down to the hard point, never beyond it.
  t.m_maxSuspensionTravelCm = 100.0 * s.suspension_rest_length;
  return t;
}

// The ground is the plane z = 0, so each wheel ray is intersected with it in closed form instead
// of through the world's broadphase and Bullet's plane-to-triangles ray test, which cost about a
// quarter of a step. It hits under the same condition as Bullet's triangle test: the ray starts
// strictly above the plane and ends strictly below it.
class GroundRaycaster : public btVehicleRaycaster {
 public:
  explicit GroundRaycaster(btRigidBody* ground) : ground_(ground) {}

  void* castRay(const btVector3& from, const btVector3& to,
                btVehicleRaycasterResult& result) override {
    if (!(from.z() > 0.0 && to.z() < 0.0)) return nullptr;
    const double fraction = from.z() / (from.z() - to.z());
    result.m_hitPointInWorld = from.lerp(to, fraction);
    result.m_hitPointInWorld.setZ(0.0);
    result.m_hitNormalInWorld = btVector3(0.0, 0.0, 1.0);
    result.m_distFraction = fraction;
    return ground_;
  }

 private:
  btRigidBody* ground_;
};

// Bullet's default pools preallocate 4096 manifolds and algorithms, most of the construction
// time; this world holds one chassis over one plane (the pools grow on demand if ever needed).
btDefaultCollisionConstructionInfo small_pools() {
  btDefaultCollisionConstructionInfo info;
  info.m_defaultMaxPersistentManifoldPoolSize = 16;
  info.m_defaultMaxCollisionAlgorithmPoolSize = 16;
  return info;
}

}  // namespace

struct BulletVehicle::Impl {
  Impl(const VehicleParams& p, const VehicleState& initial, const BulletSettings& s);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void add_wheels();
  void place(const VehicleState& initial);
  void set_steering(double steer);
  void set_wheel_forces(double accel, bool braking);
  [[nodiscard]] double forward_speed() const;
  void read_state(VehicleState& s) const;

  VehicleParams params;
  BulletSettings settings;
  btDefaultCollisionConfiguration collision_config{small_pools()};
  btCollisionDispatcher dispatcher{&collision_config};
  btDbvtBroadphase broadphase;
  btSequentialImpulseConstraintSolver solver;
  btStaticPlaneShape ground_shape{btVector3(0.0, 0.0, 1.0), 0.0};
  btRigidBody ground{ground_info(&ground_shape)};
  btBoxShape chassis_box;
  btCompoundShape chassis_shape{false};
  btRigidBody chassis;
  btDiscreteDynamicsWorld world{&dispatcher, &broadphase, &solver, &collision_config};
  GroundRaycaster raycaster{&ground};
  btRaycastVehicle vehicle;
};

BulletVehicle::Impl::Impl(const VehicleParams& p, const VehicleState& initial,
                          const BulletSettings& s)
    : params(p),
      settings(s),
      chassis_box(btVector3(p.length / 2.0, p.width / 2.0, s.chassis_height / 2.0)),
      chassis(chassis_info(p, s, &chassis_shape)),
      vehicle(tuning(p, s), &chassis, &raycaster) {
  // The box spans the footprint, clear of the ground; the body's origin is the centre of gravity.
  btTransform box_offset;
  box_offset.setIdentity();
  box_offset.setOrigin(
      btVector3(p.cg_to_center(), 0.0, kGroundClearance + s.chassis_height / 2.0 - p.h_cg));
  chassis_shape.addChildShape(box_offset, &chassis_box);

  world.setGravity(btVector3(0.0, 0.0, -kGravity));
  world.addRigidBody(&ground);
  world.addRigidBody(&chassis);
  // A sleeping chassis would ignore the drive forces.
  chassis.setActivationState(DISABLE_DEACTIVATION);

  // Chassis axes: forward x, up z; Bullet's "right" index only names the column of the wheel
  // frame that holds the axle, here y (the axle itself is −y, see add_wheels).
  vehicle.setCoordinateSystem(1, 2, 0);
  world.addAction(&vehicle);
  add_wheels();
  place(initial);
}

BulletVehicle::Impl::~Impl() {
  world.removeAction(&vehicle);
  world.removeRigidBody(&chassis);
  world.removeRigidBody(&ground);
}

// Hard points sit at the axle positions, at the height where the static load compresses the
// spring to hold the centre of gravity at h_cg with the chassis level, which is where place()
// puts it.
void BulletVehicle::Impl::add_wheels() {
  const double half_track = settings.track_fraction * params.width / 2.0;
  const double fraction_front = front_fraction(params);
  const double length = settings.suspension_rest_length - static_compression(settings);
  // Bullet drives each wheel along up × axle, so the axle points to the right (−y) for the drive
  // force to point along +x.
  const btVector3 down(0.0, 0.0, -1.0);
  const btVector3 axle(0.0, -1.0, 0.0);
  for (int i = 0; i < kWheels; ++i) {
    const bool front = kIsFront[i];
    const double fraction = front ? fraction_front : 1.0 - fraction_front;
    const btVector3 hard_point(front ? params.lf : -params.lr, kSide[i] * half_track,
                               length + settings.wheel_radius - params.h_cg);
    btWheelInfo& wheel = vehicle.addWheel(hard_point, down, axle, settings.suspension_rest_length,
                                          settings.wheel_radius, tuning(params, settings), front);
    wheel.m_rollInfluence = settings.roll_influence;
    wheel.m_suspensionStiffness *= load_scale(fraction);
    wheel.m_wheelsDampingCompression *= load_scale(fraction);
    wheel.m_wheelsDampingRelaxation *= load_scale(fraction);
    // The first drive-force split (set_wheel_forces) uses the static loads.
    wheel.m_wheelsSuspensionForce = params.mass * kGravity * fraction / 2.0;
  }
}

// Pose and velocities of the initial state; the springs already carry the static load, so the
// vehicle is steady from the first step (no settling run, whose length would be a tuning knob).
void BulletVehicle::Impl::place(const VehicleState& initial) {
  const btTransform t = chassis_transform(params, initial);
  chassis.setCenterOfMassTransform(t);
  const btVector3 forward = t.getBasis().getColumn(0);
  const btVector3 left = t.getBasis().getColumn(1);
  chassis.setLinearVelocity(initial.v * (forward + std::tan(initial.beta) * left));
  chassis.setAngularVelocity(btVector3(0.0, 0.0, initial.yaw_rate));
  set_steering(initial.steer);
  vehicle.resetSuspension();
  for (int i = 0; i < kWheels; ++i) vehicle.updateWheelTransform(i, false);
}

void BulletVehicle::Impl::set_steering(double steer) {
  // Both front wheels at the same angle: no Ackermann geometry, as in the single-track models.
  for (int i = 0; i < kWheels; ++i) vehicle.setSteeringValue(kIsFront[i] ? steer : 0.0, i);
}

double BulletVehicle::Impl::forward_speed() const {
  return chassis.getLinearVelocity().dot(
      chassis.getCenterOfMassTransform().getBasis().getColumn(0));
}

// Drive and brake forces of one internal step. The total force is mass·accel, split over the
// wheels in proportion to their current spring loads (ideal brake-force distribution), so every
// tyre uses the same share of its grip and the commanded rate is reached up to µ·g.
void BulletVehicle::Impl::set_wheel_forces(double accel, bool braking) {
  const double h = settings.internal_step;
  if (braking && forward_speed() + std::min(accel, 0.0) * h <= kHoldSpeed) {
    // A negative drive force would reverse the car; the brake impulse only opposes motion, up to
    // the full braking force per wheel.
    for (int i = 0; i < kWheels; ++i) {
      vehicle.applyEngineForce(0.0, i);
      vehicle.setBrake(params.mass * params.brake_max * h / kWheels, i);
    }
    return;
  }
  double total_load = 0.0;
  for (int i = 0; i < kWheels; ++i) total_load += vehicle.getWheelInfo(i).m_wheelsSuspensionForce;
  for (int i = 0; i < kWheels; ++i) {
    const double load = vehicle.getWheelInfo(i).m_wheelsSuspensionForce;
    const double share = total_load > 0.0 ? load / total_load : 0.0;
    // Bullet does not clip the drive impulse of a wheel whose side impulse is exactly zero (bullet3
    // PR #3220, unmerged); keeping each wheel inside its own friction budget makes that moot.
    const double limit = settings.friction_slip * load / kBulletForwardFactor;
    vehicle.applyEngineForce(std::clamp(params.mass * accel * share, -limit, limit), i);
    vehicle.setBrake(0.0, i);
  }
}

void BulletVehicle::Impl::read_state(VehicleState& s) const {
  const btTransform& t = chassis.getCenterOfMassTransform();
  const btVector3 forward = t.getBasis().getColumn(0);
  const btVector3 left = t.getBasis().getColumn(1);
  const btVector3& velocity = chassis.getLinearVelocity();
  s.x = t.getOrigin().x();
  s.y = t.getOrigin().y();
  // Continuous yaw (not wrapped to ±π), like the integrated yaw of the single-track models.
  s.yaw += wrap_angle(std::atan2(forward.y(), forward.x()) - s.yaw);
  s.v = velocity.dot(forward);
  const double lateral = velocity.dot(left);
  s.beta = std::hypot(s.v, lateral) < kSlipSpeed ? 0.0 : std::atan2(lateral, s.v);
  s.yaw_rate = chassis.getAngularVelocity().z();
}

BulletVehicle::BulletVehicle(const VehicleParams& params, const VehicleState& initial,
                             const BulletSettings& settings)
    : impl_(std::make_unique<Impl>(params, initial, settings)), state_(initial) {}

BulletVehicle::~BulletVehicle() = default;

void BulletVehicle::step(const ActuatorCommand& cmd, double dt) {
  const double h = impl_->settings.internal_step;
  const long substeps = std::lround(dt / h);
  if (substeps < 1 || std::abs(static_cast<double>(substeps) * h - dt) > 1e-9 * dt) {
    throw std::invalid_argument("BulletVehicle::step: dt must be a positive multiple of " +
                                std::to_string(h) + " s");
  }
  VehicleState actuators = state_;
  apply_actuators(impl_->params, actuators, cmd, dt);
  const bool braking = cmd.accel < 0.0 || actuators.accel < 0.0;
  // One stepSimulation call per internal step: each call runs exactly one fixed step (Bullet's
  // time accumulator never drops or adds a substep through rounding), and the drive forces
  // follow the spring loads of the step before. The actuators give end-of-step values; inside
  // the step they are interpolated linearly, so the force over the step matches the mean of the
  // lag, which the single-track models integrate with.
  for (long k = 0; k < substeps; ++k) {
    const double t = (static_cast<double>(k) + 0.5) / static_cast<double>(substeps);
    impl_->set_steering(state_.steer + t * (actuators.steer - state_.steer));
    impl_->set_wheel_forces(state_.accel + t * (actuators.accel - state_.accel), braking);
    impl_->world.stepSimulation(h, 1, h);
  }
  state_.accel = actuators.accel;
  state_.steer = actuators.steer;
  impl_->read_state(state_);
}

}  // namespace assay::sim
