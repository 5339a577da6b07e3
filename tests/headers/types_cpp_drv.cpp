/* PURPOSE: wdm/types.h compiles standalone (driver mode, C++); constants, bit-field layout,
   function-role typedefs. */
#include <wdm/types.h>
#include "hdrtest.h"
#include "types_cases.inc"
