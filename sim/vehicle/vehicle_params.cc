#include "sim/vehicle/vehicle_params.h"
