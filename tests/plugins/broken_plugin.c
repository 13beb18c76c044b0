/* Deliberately broken model plugins for tests/models_plugin_abi_test.cc. One source, built once
 * per defect with one of these macros defined (tests/CMakeLists.txt):
 *   BROKEN_ABI_VERSION  the table claims ABI version ASSAY_PLUGIN_ABI_VERSION + 1
 *   BROKEN_SMALL_TABLE  struct_size is that of a table without the step entry
 *   BROKEN_NO_ENTRY     assay_plugin_entry is not exported (a differently named function is)
 *   BROKEN_NULL_TABLE   assay_plugin_entry returns NULL
 *   BROKEN_NULL_STEP    the step entry of the table is NULL
 *   BROKEN_NONE         no defect: the control, which must load
 * The functions that exist work, so the harness must refuse the library at load for the defect
 * alone. */
#include <stddef.h>

#include "models/plugin_abi.h"

static void* create(const assay_parameter* parameters, size_t count, char* error,
                    size_t error_size) {
  (void)parameters;
  (void)count;
  (void)error;
  (void)error_size;
  static int instance;
  return &instance;
}

static void destroy(void* instance) {
  (void)instance;
}

static int reset(void* instance, uint64_t seed, double dt, double initial_speed, char* error,
                 size_t error_size) {
  (void)instance;
  (void)seed;
  (void)dt;
  (void)initial_speed;
  (void)error;
  (void)error_size;
  return 0;
}

#ifndef BROKEN_NULL_STEP
static int step(void* instance, const assay_observation* observation, assay_command* command,
                char* error, size_t error_size) {
  (void)instance;
  (void)observation;
  (void)error;
  (void)error_size;
  command->accel = 0.0;
  command->steer = 0.0;
  return 0;
}
#define STEP step
#else
#define STEP NULL
#endif

#ifdef BROKEN_ABI_VERSION
#define ABI_VERSION (ASSAY_PLUGIN_ABI_VERSION + 1u)
#else
#define ABI_VERSION ASSAY_PLUGIN_ABI_VERSION
#endif

#ifdef BROKEN_SMALL_TABLE
#define TABLE_SIZE ((uint32_t)offsetof(assay_plugin, step))
#else
#define TABLE_SIZE ((uint32_t)sizeof(assay_plugin))
#endif

static const assay_plugin kPlugin = {ABI_VERSION, TABLE_SIZE, "broken", "0",
                                     create,      destroy,    reset,    STEP};

#ifdef BROKEN_NO_ENTRY
ASSAY_PLUGIN_EXPORT const assay_plugin* assay_plugin_entry_v0(void) {
  return &kPlugin;
}
#elif defined(BROKEN_NULL_TABLE)
ASSAY_PLUGIN_EXPORT const assay_plugin* assay_plugin_entry(void) {
  return kPlugin.name ? NULL : &kPlugin;
}
#else
ASSAY_PLUGIN_EXPORT const assay_plugin* assay_plugin_entry(void) {
  return &kPlugin;
}
#endif
