/* A plugin for tests/models_plugin_test.cc, built once per ABI version (ECHO_ABI = 1, 2, 3): it
 * answers accel = ego_lateral_offset and, from ABI 2 on, steer = road_curvature (-1 before), so
 * the test sees which fields reached it. ABI 3 does not exist yet: that build must be refused. */
#include "models/plugin_abi.h"

#ifndef ECHO_ABI
#error "build with -DECHO_ABI=<version>"
#endif

static int instance;

static void* create(const assay_parameter* parameters, size_t count, char* error,
                    size_t error_size) {
  (void)parameters;
  (void)count;
  (void)error;
  (void)error_size;
  return &instance;
}

static void destroy(void* self) {
  (void)self;
}

static int reset(void* self, uint64_t seed, double dt, double initial_speed, char* error,
                 size_t error_size) {
  (void)self;
  (void)seed;
  (void)dt;
  (void)initial_speed;
  (void)error;
  (void)error_size;
  return 0;
}

static int step(void* self, const assay_observation* observation, assay_command* command,
                char* error, size_t error_size) {
  (void)self;
  (void)error;
  (void)error_size;
  command->accel = observation->ego_lateral_offset;
#if ECHO_ABI >= 2
  command->steer = observation->road_curvature;
#else
  command->steer = -1.0;
#endif
  return 0;
}

static const assay_plugin kPlugin = {
    ECHO_ABI, sizeof(assay_plugin), "echo", "1", create, destroy, reset, step};

ASSAY_PLUGIN_EXPORT const assay_plugin* assay_plugin_entry(void) {
  return &kPlugin;
}
