/* PURPOSE: driverspecs.h compiles standalone (driver mode, C++); driver annotations vanish. */
#include <driverspecs.h>
#include "hdrtest.h"
#include "driverspecs_cases.inc"
