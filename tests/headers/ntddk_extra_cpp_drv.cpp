/* PURPOSE: wdm/ntddk_extra.h compiles standalone (driver mode, C++); layouts of its types. */
#include <wdm/ntddk_extra.h>
#include "hdrtest.h"
#include "extra_cases.inc"
HDR_SUITE(headers_ntddk_extra, cases);
