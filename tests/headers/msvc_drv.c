/* PURPOSE: kmode/msvc.h compiles standalone (driver mode, C); MSVC keywords, __declspec
   forms and pragmas are accepted under -Wall -Wextra -Werror. */
#include <kmode/msvc.h>
#include <ntdef.h>
#include "hdrtest.h"
#include "msvc_cases.inc"
