/*
 * PURPOSE: Text built in a fixed buffer, for reports written where nothing may be allocated
 * (bugcheck reports, the verifier's explanations): src/ke/bugcheck_info.c implements it.
 */
#ifndef _KMODE_INTERNAL_KIREPORT_H_
#define _KMODE_INTERNAL_KIREPORT_H_

#include <ntdef.h>

/* Output past the capacity is dropped and the buffer stays NUL-terminated. */
typedef struct _KI_REPORT {
    char *Buffer;
    SIZE_T Capacity;
    SIZE_T Length;
} KI_REPORT;

VOID KiReportAppend(KI_REPORT *Report, const char *Format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
