/*
 * PURPOSE: A WDK-style driver translation unit (C), compiled in driver mode with
 * -Wall -Wextra -Werror: every MSVC habit the samples rely on is accepted.
 */
/* Until the kernel CRT (string.h) exists, include the parts ntddk.h is built from. */
#if __has_include(<string.h>)
#include <ntddk.h>
#else
#include <ntdef.h>
#include <ntstatus.h>
#include <driverspecs.h>
#include <devioctl.h>
#include <wdm/types.h>
#include <wdm/ntddk_extra.h>
#endif
#include <initguid.h>
#include <wdmsec.h>
#include <dontuse.h>
#include "hdrtest.h"

#define SAMPLE_ENTRY DriverEntry
#define SAMPLE_EXTERN_C 
#include "wdk_style_cases.inc"
