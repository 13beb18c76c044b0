#include "sim/vehicle/single_track.h"
