/* PURPOSE: initguid.h compiles standalone (driver mode, C++); the GUID it defines has C
   linkage and merges with the C translation units' definitions. */
#include <initguid.h>
#include "hdrtest.h"
#include "guid_shared.h"

extern "C" const GUID *hdrtest_guid_address_initguid_cpp(void)
{
    return &HDRTEST_GUID;
}

#include "initguid_cases.inc"
