#include "sim/vehicle/bullet_vehicle.h"
