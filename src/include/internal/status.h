/*
 * PURPOSE: Names of NTSTATUS and Win32 error codes for reports, and test hooks into the
 *          RtlNtStatusToDosError table.
 */
#ifndef _KMODE_INTERNAL_STATUS_H_
#define _KMODE_INTERNAL_STATUS_H_

#include <wdm.h>

typedef struct _KMODE_CODE_NAME {
    ULONG Code;
    const char *Name;
} KMODE_CODE_NAME;

/* "STATUS_ACCESS_VIOLATION" for 0xC0000005; NULL for a value ntstatus.h does not define.
 * Where two names share a value (STATUS_SUCCESS/STATUS_WAIT_0) the first one defined wins. */
const char *KmodeNtStatusName(NTSTATUS Status);

/* "ERROR_ACCESS_DENIED" for 5, and the HRESULT names winerror.h defines ("E_FAIL");
 * NULL for a value winerror.h does not define. ERROR_SUCCESS wins over NO_ERROR and S_OK. */
const char *KmodeWin32ErrorName(ULONG Error);

/* Every definition of ntstatus.h / winerror.h in header order, aliases included (generated
 * by tools/gen-status-names.py). The tests compare these against the headers. */
extern const KMODE_CODE_NAME KmodeNtStatusDefinitions[];
extern const ULONG KmodeNtStatusDefinitionCount;
extern const KMODE_CODE_NAME KmodeWin32ErrorDefinitions[];
extern const ULONG KmodeWin32ErrorDefinitionCount;

/* TRUE and the mapped code when Status has its own row in the RtlNtStatusToDosError table
 * (as opposed to being handled by a rule: customer bit, FACILITY_NTWIN32, debugger codes). */
BOOLEAN RtlpLookupStatusMapping(NTSTATUS Status, PULONG Error);

/* Number of rows in that table, and whether they are strictly ascending (binary search). */
ULONG RtlpStatusMappingCount(VOID);
BOOLEAN RtlpStatusMappingIsSorted(VOID);

#endif /* _KMODE_INTERNAL_STATUS_H_ */
