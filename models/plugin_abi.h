/* The C ABI of Assay model plugins (docs/model-plugins.md). A plugin is a shared library that
 * exports `assay_plugin_entry`, returning a static table of function pointers. The table starts
 * with the ABI version and its own size, so the harness can refuse a plugin built against a
 * different version instead of calling through a mismatched table. Pure C: no C++ types, no
 * exceptions across the boundary, no ownership transfer of memory. */
#ifndef ASSAY_MODELS_PLUGIN_ABI_H_
#define ASSAY_MODELS_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Incremented on any change of the structs below. Version 2 appended `road_curvature` to
 * assay_observation; a version-1 plugin reads the struct's unchanged prefix, so the harness
 * still loads it (ASSAY_PLUGIN_ABI_MIN_VERSION). A change that is not an append raises the
 * minimum too. */
#define ASSAY_PLUGIN_ABI_VERSION 2u
#define ASSAY_PLUGIN_ABI_MIN_VERSION 1u

/* One object ahead of the ego (see sim/vehicle/observation.h for the meaning of each field). */
typedef struct assay_object {
  int32_t id;
  double distance;       /* ego front bumper to object rear, along the road [m] */
  double relative_speed; /* object speed - ego speed [m/s]; < 0 closing */
  double lateral_offset; /* object centre - ego centre, + left [m] */
  double width;          /* [m] */
  double length;         /* [m] */
  double speed;          /* [m/s] */
} assay_object;

/* What the model sees each step. `objects` is valid only during the step call. */
typedef struct assay_observation {
  double t, dt;                 /* [s] */
  double ego_speed, ego_accel;  /* [m/s], [m/s^2] */
  double ego_yaw, ego_yaw_rate; /* [rad], [rad/s] */
  double ego_steer;             /* road-wheel angle [rad] */
  double ego_lateral_offset;    /* [m], + left */
  double ego_width, ego_length; /* [m] */
  int32_t ego_lane;             /* 0 = rightmost */
  uint32_t object_count;        /* entries in objects, nearest first */
  const assay_object* objects;
  /* Since ABI 2: */
  double road_curvature; /* of the ego's lane at the ego, + left [1/m]; 0 on a straight road */
} assay_observation;

/* The model's answer: longitudinal acceleration [m/s^2] and road-wheel angle [rad]. */
typedef struct assay_command {
  double accel;
  double steer;
} assay_command;

/* A parameter given on the command line: --model plugin:PATH:key=value,... */
typedef struct assay_parameter {
  const char* key;
  const char* value;
} assay_parameter;

/* The function table. All functions are called from one thread per instance; different
 * instances may be used from different threads at the same time. Return 0 for success; on
 * failure write a NUL-terminated message of at most error_size bytes into error. */
typedef struct assay_plugin {
  uint32_t abi_version; /* ASSAY_PLUGIN_ABI_VERSION the plugin was built with */
  uint32_t struct_size; /* sizeof(assay_plugin) */
  const char* name;     /* model name, reported */
  const char* version;  /* model version, reported */
  /* Makes an instance; returns NULL (and writes error) on bad parameters. */
  void* (*create)(const assay_parameter* parameters, size_t count, char* error, size_t error_size);
  void (*destroy)(void* instance);
  /* Starts a case: must forget everything of the previous one. */
  int (*reset)(void* instance, uint64_t seed, double dt, double initial_speed, char* error,
               size_t error_size);
  /* One step: observation in, command out. */
  int (*step)(void* instance, const assay_observation* observation, assay_command* command,
              char* error, size_t error_size);
} assay_plugin;

/* Put before the definition of assay_plugin_entry so it is exported even with hidden
 * visibility. */
#define ASSAY_PLUGIN_EXPORT __attribute__((visibility("default")))

/* The one exported symbol. */
typedef const assay_plugin* (*assay_plugin_entry_fn)(void);
#define ASSAY_PLUGIN_ENTRY "assay_plugin_entry"

#ifdef __cplusplus
}
#endif

#endif /* ASSAY_MODELS_PLUGIN_ABI_H_ */
