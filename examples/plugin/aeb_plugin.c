/* Example model plugin in plain C (docs/model-plugins.md): a time-to-collision AEB like the
 * built-in aeb-ttc, without latency. Parameters: ttc [s] (default 2) and decel [m/s^2]
 * (default 8). Built by the project as examples/plugin/libassay_example_aeb.so:
 *
 *   assay run scenarios/euro-ncap --model
 * plugin:build/dev/examples/plugin/libassay_example_aeb.so:ttc=2
 *
 * Setting fail_at=T (seconds) makes step() report an error at t >= T: used by the tests to show
 * how a plugin failure becomes a model `fail`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/plugin_abi.h"

typedef struct aeb {
  double ttc, decel, fail_at;
  int braking;
} aeb;

static int parse_number(const char* text, double* out) {
  char* end = NULL;
  *out = strtod(text, &end);
  return end != text && *end == '\0' && isfinite(*out);
}

static void* aeb_create(const assay_parameter* params, size_t count, char* error,
                        size_t error_size) {
  aeb a = {2.0, 8.0, INFINITY, 0};
  for (size_t i = 0; i < count; ++i) {
    double v = 0.0;
    double* slot = strcmp(params[i].key, "ttc") == 0       ? &a.ttc
                   : strcmp(params[i].key, "decel") == 0   ? &a.decel
                   : strcmp(params[i].key, "fail_at") == 0 ? &a.fail_at
                                                           : NULL;
    if (!slot) {
      snprintf(error, error_size, "unknown parameter \"%s\"; parameters: ttc, decel, fail_at",
               params[i].key);
      return NULL;
    }
    if (!parse_number(params[i].value, &v) || v <= 0.0) {
      snprintf(error, error_size, "parameter %s=%s: expected a number > 0", params[i].key,
               params[i].value);
      return NULL;
    }
    *slot = v;
  }
  aeb* out = malloc(sizeof *out);
  if (!out) {
    snprintf(error, error_size, "out of memory");
    return NULL;
  }
  *out = a;
  return out;
}

static void aeb_destroy(void* instance) {
  free(instance);
}

static int aeb_reset(void* instance, uint64_t seed, double dt, double initial_speed, char* error,
                     size_t error_size) {
  (void)seed, (void)dt, (void)initial_speed, (void)error, (void)error_size;
  ((aeb*)instance)->braking = 0;
  return 0;
}

static int aeb_step(void* instance, const assay_observation* obs, assay_command* cmd, char* error,
                    size_t error_size) {
  aeb* a = instance;
  if (obs->t >= a->fail_at) {
    snprintf(error, error_size, "simulated failure at t=%.2f s", obs->t);
    return 1;
  }
  /* Nearest object that overlaps the ego's width (objects are sorted nearest first). */
  double ttc = INFINITY;
  for (uint32_t i = 0; i < obs->object_count; ++i) {
    const assay_object* o = &obs->objects[i];
    if (fabs(o->lateral_offset) < 0.5 * (obs->ego_width + o->width)) {
      if (o->relative_speed < 0.0) ttc = fmax(o->distance, 0.0) / -o->relative_speed;
      break;
    }
  }
  if (!a->braking && ttc < a->ttc) a->braking = 1;
  if (a->braking && !isfinite(ttc)) a->braking = 0;
  cmd->accel = a->braking && obs->ego_speed > 0.0 ? -a->decel : 0.0;
  cmd->steer = 0.0;
  return 0;
}

static const assay_plugin kPlugin = {ASSAY_PLUGIN_ABI_VERSION,
                                     sizeof(assay_plugin),
                                     "example-aeb",
                                     "1",
                                     aeb_create,
                                     aeb_destroy,
                                     aeb_reset,
                                     aeb_step};

ASSAY_PLUGIN_EXPORT const assay_plugin* assay_plugin_entry(void) {
  return &kPlugin;
}
