/*
 * PURPOSE: A second C translation unit defining the same GUID under INITGUID, the way two
 * driver source files that both include <initguid.h> and the same GUID header do. It links
 * with initguid_drv.c and initguid_cpp_drv.cpp (selectany semantics).
 */
#include <ntdef.h>
#include <initguid.h>
#include "guid_shared.h"

const GUID *hdrtest_guid_address_initguid_second_c(void)
{
    return &HDRTEST_GUID;
}
