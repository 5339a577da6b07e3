/*
 * PURPOSE: Names of NTSTATUS and Win32 error codes, for bugcheck reports, traces and tests.
 *
 * The tables come from status_names.gen.h, which tools/gen-status-names.py generates from
 * include/shared/ntstatus.h and winerror.h.
 */

/* INCLUDES ******************************************************************************/

#include <winerror.h>
#include <internal/status.h>

/* GLOBALS *******************************************************************************/

#include "status_names.gen.h"

const ULONG KmodeNtStatusDefinitionCount = RTL_NUMBER_OF(KmodeNtStatusDefinitions);
const ULONG KmodeWin32ErrorDefinitionCount = RTL_NUMBER_OF(KmodeWin32ErrorDefinitions);

/* PRIVATE FUNCTIONS *********************************************************************/

static const char *KmpFindName(const KMODE_CODE_NAME *Table, SIZE_T Count, ULONG Code)
{
    SIZE_T Low = 0, High = Count;

    while (Low < High)
    {
        SIZE_T Mid = Low + (High - Low) / 2;
        if (Table[Mid].Code < Code)
            Low = Mid + 1;
        else if (Table[Mid].Code > Code)
            High = Mid;
        else
            return Table[Mid].Name;
    }
    return NULL;
}

/* PUBLIC FUNCTIONS **********************************************************************/

const char *KmodeNtStatusName(NTSTATUS Status)
{
    return KmpFindName(KmpNtStatusByValue, RTL_NUMBER_OF(KmpNtStatusByValue), (ULONG)Status);
}

const char *KmodeWin32ErrorName(ULONG Error)
{
    return KmpFindName(KmpWin32ErrorByValue, RTL_NUMBER_OF(KmpWin32ErrorByValue), Error);
}
