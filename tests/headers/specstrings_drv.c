/* PURPOSE: specstrings.h compiles standalone (driver mode, C); SAL 1 spellings vanish. */
#include <specstrings.h>
#include "hdrtest.h"
#include "specstrings_cases.inc"
