/* PURPOSE: devioctl.h compiles standalone (driver mode, C++); IOCTL codes match Windows. */
#include <devioctl.h>
#include <ntdef.h>
#include "hdrtest.h"
#include "devioctl_cases.inc"
