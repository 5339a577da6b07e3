/* PURPOSE: guiddef.h compiles standalone (driver mode, C++): GUID, reference-taking
   IsEqualGUID and operator==, DEFINE_GUID as a declaration. */
#include <guiddef.h>
#include "hdrtest.h"
#include "guid_shared.h"
#include "guiddef_cases.inc"
