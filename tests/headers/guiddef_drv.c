/* PURPOSE: guiddef.h compiles standalone (driver mode, C): GUID, comparisons, DEFINE_GUID
   as a declaration (this file has no INITGUID). */
#include <guiddef.h>
#include "hdrtest.h"
#include "guid_shared.h"
#include "guiddef_cases.inc"
