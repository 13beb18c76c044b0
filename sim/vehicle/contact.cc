#include "sim/vehicle/contact.h"
