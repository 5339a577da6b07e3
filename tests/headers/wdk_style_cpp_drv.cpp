/*
 * PURPOSE: A WDK-style driver translation unit (C++), compiled in driver mode with
 * -Wall -Wextra -Werror: every MSVC habit the samples rely on is accepted.
 */
#include <ntddk.h>
#include <initguid.h>
#include <wdmsec.h>
#include <dontuse.h>
#include "hdrtest.h"

#define SAMPLE_ENTRY CppDriverEntry
#define SAMPLE_EXTERN_C extern "C"
#include "wdk_style_cases.inc"
