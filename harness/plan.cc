#include "harness/scenario.h"
