/* PURPOSE: wdmsec.h compiles standalone (driver mode, C); the SDDL_DEVOBJ_* strings. */
#include <wdmsec.h>
#include "hdrtest.h"
#include "wdmsec_cases.inc"
