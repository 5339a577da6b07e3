/* PURPOSE: sal.h compiles standalone (driver mode, C); every annotation vanishes. */
#include <sal.h>
#include "hdrtest.h"
#define NULL_FOR_TEST ((void *)0)
#include "sal_cases.inc"
