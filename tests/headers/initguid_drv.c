/* PURPOSE: initguid.h compiles standalone (driver mode, C) and makes DEFINE_GUID define. */
#include <initguid.h>
#include "hdrtest.h"
#include "guid_shared.h"

const GUID *hdrtest_guid_address_initguid_c(void)
{
    return &HDRTEST_GUID;
}

#include "initguid_cases.inc"
