/* PURPOSE: ntdef.h compiles standalone (driver mode, C++); LLP64 types and macros. */
#include <ntdef.h>
#include "hdrtest.h"
#include "ntdef_cases.inc"
