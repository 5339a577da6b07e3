/*
 * PURPOSE: First string benchmark: each kmode figure next to a baseline measured in the same
 * run, as ns/op and a ratio (kmode / baseline; below 1.0 means kmode is faster).
 *
 *   RtlUnicodeStringPrintf  vs  snprintf + widening to UTF-16. glibc has no printf producing
 *       16-bit text (its swprintf writes 32-bit wchar_t), so the closest honest equivalent of
 *       "format into a UTF-16 buffer" is the narrow libc formatter plus a copy loop.
 *   RtlCompareUnicodeString (case-sensitive)  vs  a plain wcscmp-style loop over 16-bit
 *       units (glibc's wcscmp works on 32-bit wchar_t and cannot be used).
 *   RtlCompareUnicodeString (case-insensitive)  vs  strcasecmp on the same text in ASCII.
 *
 * Each measurement repeats its operation in batches until ~120 ms have passed, so the whole
 * program runs in about a second.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <ntddk.h>
#include <ntstrsafe.h>

#include "bench.h"

static volatile LONG Sink;

/* ---- Printf ------------------------------------------------------------------------------ */

static WCHAR WideOut[128];
static CHAR NarrowOut[128];

static void PrintfKmode(unsigned i)
{
    UNICODE_STRING s = { 0, sizeof(WideOut), WideOut };
    RtlUnicodeStringPrintf(&s, L"%ws #%u: 0x%08X (%d%%)", L"\\Device\\Kmode0", i, i * 2654435761u,
                           (int)(i % 100));
    Sink += s.Length;
}

static void PrintfLibc(unsigned i)
{
    int n = snprintf(NarrowOut, sizeof(NarrowOut), "%s #%u: 0x%08X (%d%%)", "\\Device\\Kmode0", i,
                     i * 2654435761u, (int)(i % 100));
    int k;
    for (k = 0; k < n; k++)
        WideOut[k] = (WCHAR)(UCHAR)NarrowOut[k];
    Sink += n;
}

/* ---- Compare ----------------------------------------------------------------------------- */

static UNICODE_STRING PathA, PathB, PathUpper;
static const char *NarrowA = "\\Device\\HarddiskVolume3\\Windows\\System32\\drivers\\kmode.sys";
static const char *NarrowUpper = "\\DEVICE\\HARDDISKVOLUME3\\WINDOWS\\SYSTEM32\\DRIVERS\\KMODE.SYT";

static LONG PlainCompare16(const WCHAR *a, SIZE_T la, const WCHAR *b, SIZE_T lb)
{
    SIZE_T n = la < lb ? la : lb, i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return (LONG)a[i] - (LONG)b[i];
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

static void CompareKmodeSensitive(unsigned i)
{
    (void)i;
    Sink += RtlCompareUnicodeString(&PathA, &PathB, FALSE);
}

static void CompareLoopSensitive(unsigned i)
{
    (void)i;
    Sink += PlainCompare16(PathA.Buffer, PathA.Length / 2, PathB.Buffer, PathB.Length / 2);
}

static void CompareKmodeInsensitive(unsigned i)
{
    (void)i;
    Sink += RtlCompareUnicodeString(&PathA, &PathUpper, TRUE);
}

static void CompareStrcasecmp(unsigned i)
{
    (void)i;
    Sink += strcasecmp(NarrowA, NarrowUpper);
}

int main(void)
{
    double k, b;

    PrintLoad("rtl_string_bench");

    RtlInitUnicodeString(&PathA, L"\\Device\\HarddiskVolume3\\Windows\\System32\\drivers\\kmode.sys");
    RtlInitUnicodeString(&PathB, L"\\Device\\HarddiskVolume3\\Windows\\System32\\drivers\\kmode.syt");
    RtlInitUnicodeString(&PathUpper, L"\\DEVICE\\HARDDISKVOLUME3\\WINDOWS\\SYSTEM32\\DRIVERS\\KMODE.SYT");

    printf("kmode string benchmark (%zu-character paths; ratio = kmode / baseline)\n",
           (size_t)(PathA.Length / 2));
    k = Measure(PrintfKmode);
    b = Measure(PrintfLibc);
    Report("RtlUnicodeStringPrintf", k, "snprintf + widen to UTF-16", b);
    k = Measure(CompareKmodeSensitive);
    b = Measure(CompareLoopSensitive);
    Report("RtlCompareUnicodeString (case-sensitive)", k, "plain 16-bit compare loop", b);
    k = Measure(CompareKmodeInsensitive);
    b = Measure(CompareStrcasecmp);
    Report("RtlCompareUnicodeString (case-insensitive)", k, "strcasecmp (ASCII)", b);
    return Sink == 0x7fffffff;   /* keeps Sink observable */
}
