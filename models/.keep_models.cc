#include "core/results.h"
