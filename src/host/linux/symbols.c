/*
 * PURPOSE: Address symbolization and stack capture for reports.
 */
#include <dlfcn.h>
#include <execinfo.h>
#include <string.h>
#include <internal/host.h>

BOOLEAN HostSymbolize(PVOID Address, HOST_SYMBOL *Symbol)
{
    Dl_info info;

    memset(Symbol, 0, sizeof *Symbol);
    if (!dladdr(Address, &info))
        return FALSE;
    Symbol->ModulePath = info.dli_fname;
    if (info.dli_fname) {
        const char *base = strrchr(info.dli_fname, '/');
        Symbol->ModuleName = base ? base + 1 : info.dli_fname;
    }
    Symbol->ModuleBase = (ULONG_PTR)info.dli_fbase;
    Symbol->Function = info.dli_sname;
    Symbol->Offset = (ULONG_PTR)Address - (ULONG_PTR)(info.dli_saddr ? info.dli_saddr : info.dli_fbase);
    return TRUE;
}

ULONG HostCaptureStack(PVOID *Frames, ULONG MaxFrames, ULONG SkipFrames)
{
    void *tmp[128];
    int n = backtrace(tmp, 128);
    ULONG out = 0;

    for (int i = (int)SkipFrames + 1; i < n && out < MaxFrames; i++)
        Frames[out++] = tmp[i];
    return out;
}
