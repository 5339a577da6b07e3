/*
 * PURPOSE: The machine-readable copy of the bugcheck report (the crash dump file that
 * KMODE_CRASH_DUMP / `kmode run --crash-dump FILE` asks for). Format in docs/bugcheck.md.
 * Addresses and other 64-bit values are hex strings ("0x..."): JSON numbers lose precision
 * past 2^53.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/ke.h>
#include <internal/host.h>
#include "bugcheck_info.h"

#ifndef KMODE_VERSION
#define KMODE_VERSION "unknown"
#endif

/* PRIVATE FUNCTIONS *********************************************************************/

/* {"address": ..., "symbol": ..., "module": ..., "function": ..., "offset": ..., "file": ...,
   "line": ...} for one code address. */
static VOID KipJsonLocation(KI_REPORT *Report, PVOID Address, BOOLEAN IsReturnAddress)
{
    HOST_SYMBOL sym;
    char text[512];
    KI_REPORT symbol = { text, sizeof text, 0 };

    text[0] = 0;
    KiAppendSymbol(&symbol, Address, IsReturnAddress, FALSE);
    KiReportAppend(Report, "{\"address\": \"0x%llx\", \"symbol\": ",
                   (unsigned long long)(ULONG_PTR)Address);
    KiReportJsonString(Report, text);
    if (HostSymbolizeEx(Address, IsReturnAddress ? HOST_SYMBOLIZE_RETURN_ADDRESS : 0, &sym)) {
        KiReportAppend(Report, ", \"module\": ");
        KiReportJsonString(Report, sym.ModuleName);
        KiReportAppend(Report, ", \"module_path\": ");
        KiReportJsonString(Report, sym.ModulePath);
        KiReportAppend(Report, ", \"function\": ");
        KiReportJsonString(Report, sym.Function);
        KiReportAppend(Report, ", \"offset\": \"0x%llx\", \"file\": ", (unsigned long long)sym.Offset);
        KiReportJsonString(Report, sym.File);
        if (sym.File)
            KiReportAppend(Report, ", \"line\": %d", sym.Line);
        else
            KiReportAppend(Report, ", \"line\": null");
    } else {
        KiReportAppend(Report, ", \"module\": null, \"module_path\": null, \"function\": null, "
                               "\"offset\": null, \"file\": null, \"line\": null");
    }
    KiReportAppend(Report, "}");
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiFormatCrashJson(KI_REPORT *Report, const KI_CRASH *Crash)
{
    const KI_BUGCHECK_DESCRIPTION *desc = &Crash->Desc;

    KiReportAppend(Report, "{\n  \"kmode_version\": \"%s\",\n", KMODE_VERSION);
    KiReportAppend(Report, "  \"code\": %u,\n  \"code_hex\": \"0x%x\",\n  \"name\": ", Crash->Code,
                   Crash->Code);
    KiReportJsonString(Report, Crash->Name);
    KiReportAppend(Report, ",\n  \"summary\": ");
    KiReportJsonString(Report, desc->Summary);
    KiReportAppend(Report, ",\n  \"parameters\": [");
    for (int i = 0; i < 4; i++) {
        KiReportAppend(Report, "%s\n    {\"value\": \"0x%llx\", \"meaning\": ", i ? "," : "",
                       (unsigned long long)Crash->Args[i]);
        KiReportJsonString(Report, desc->Args[i]);
        KiReportAppend(Report, "}");
    }
    KiReportAppend(Report, "\n  ],\n  \"faulting_ip\": ");
    KipJsonLocation(Report, Crash->CallerPc, !Crash->CallerPcIsExact);
    KiReportAppend(Report, ",\n  \"faulting_driver\": ");
    if (Crash->ImageName) {
        KiReportAppend(Report, "{\"image_name\": ");
        KiReportJsonString(Report, Crash->ImageName);
        KiReportAppend(Report, ", \"frame\": ");
        KipJsonLocation(Report, Crash->ImageAddress,
                        !(Crash->CallerPcIsExact && Crash->ImageAddress == Crash->CallerPc));
        KiReportAppend(Report, "}");
    } else {
        KiReportAppend(Report, "null");
    }
    KiReportAppend(Report, ",\n  \"stack_from_exception\": %s,\n  \"stack\": [",
                   Crash->FramesFromException ? "true" : "false");
    for (ULONG i = 0; i < Crash->FrameCount; i++) {
        KiReportAppend(Report, "%s\n    ", i ? "," : "");
        KipJsonLocation(Report, Crash->Frames[i],
                        !(Crash->CallerPcIsExact && Crash->Frames[i] == Crash->CallerPc));
    }
    KiReportAppend(Report, "\n  ],\n  \"irql\": %u,\n  \"irql_name\": \"%s\",\n  \"locks\": [",
                   Crash->Irql, KiIrqlName(Crash->Irql));
    for (ULONG i = 0; i < Crash->LockCount; i++) {
        KiReportAppend(Report, "%s\n    {\"address\": \"0x%llx\", \"kind\": ", i ? "," : "",
                       (unsigned long long)(ULONG_PTR)Crash->Locks[i].Lock);
        KiReportJsonString(Report, KiLockKindName(Crash->Locks[i].Kind));
        KiReportAppend(Report, ", \"acquired_at\": ");
        if (Crash->Locks[i].Caller)
            KipJsonLocation(Report, Crash->Locks[i].Caller, TRUE);
        else
            KiReportAppend(Report, "null");
        KiReportAppend(Report, "}");
    }
    KiReportAppend(Report, "%s],\n  \"irp\": ", Crash->LockCount ? "\n  " : "");
    KiAppendIrpJson(Report, Crash->Irp);
    KiReportAppend(Report, ",\n  \"analysis\": {\"detector\": ");
    KiReportJsonString(Report, Crash->DetectorExplanation);
    KiReportAppend(Report, ", \"explanation\": ");
    KiReportJsonString(Report, desc->Explanation);
    KiReportAppend(Report, "}\n}\n");
}
