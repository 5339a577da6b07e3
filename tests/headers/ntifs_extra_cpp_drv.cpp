/* PURPOSE: wdm/ntifs_extra.h compiles standalone (driver mode, C++); layouts of its types. */
#include <wdm/ntifs_extra.h>
#include "hdrtest.h"
#define HDR_WITH_NTIFS 1
#include "extra_cases.inc"
HDR_SUITE(headers_ntifs_extra, cases);
