/*
 * PURPOSE: wdmsec.h: the default SDDL security strings for device objects
 * (SDDL_DEVOBJ_*), passed to IoCreateDeviceSecure or WdfControlDeviceInitAllocate.
 *
 * The SDK declares them `extern const UNICODE_STRING` and defines them in wdmsec.lib.
 * kmode has no such library: each translation unit gets its own const object with the
 * same text (only the address differs between translation units, which no API relies on).
 * IoCreateDeviceSecure and IoValidateDeviceIoControlAccess are declared with the I/O
 * manager, not here.
 */
#ifndef _WDMSEC_H_
#define _WDMSEC_H_

#include <ntdef.h>

/* A counted UNICODE_STRING over a literal, NUL excluded from Length. */
#define KMODE_SDDL_STRING(text) \
    { sizeof(text) - sizeof(WCHAR), sizeof(text), RTL_CONST_CAST(PWCH)(text) }
#define KMODE_SDDL_DECLARE(name, text) \
    static const UNICODE_STRING name __attribute__((__unused__)) = KMODE_SDDL_STRING(text)

/* Kernel-mode access only (an empty protected DACL). */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_KERNEL_ONLY, L"D:P");

/* For a raw PDO whose INF supplies the real security: kernel only until then. */
#define SDDL_DEVOBJ_INF_SUPPLIED SDDL_DEVOBJ_KERNEL_ONLY

/* System (including its user-mode services): all access. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL, L"D:P(A;;GA;;;SY)");

/* System and Administrators: all access. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL_ADM_ALL, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");

/* System all; Administrators read and traverse. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL_ADM_RX, L"D:P(A;;GA;;;SY)(A;;GRGX;;;BA)");

/* System all; Administrators read/write/traverse; Everyone read. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R,
                   L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)");

/* ... and restricted code read as well. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R,
                   L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)(A;;GR;;;RC)");

/* System all; Administrators read/write/traverse; Everyone read/write; restricted read. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R,
                   L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)");

/* System all; Administrators, Everyone and restricted code read/write/traverse. */
KMODE_SDDL_DECLARE(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX,
                   L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)");

#endif /* _WDMSEC_H_ */
