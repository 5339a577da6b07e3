/*
 * PURPOSE: Kernel CRT: the sprintf family over kmode's printf engine (MS formats).
 * Each variant differs only in its truncation, termination and return policy, which the
 * MS CRT documents per function (summarised in include/km/crt/stdio.h).
 */

/* INCLUDES ******************************************************************************/

#include "kmcrt.h"

/* GLOBALS *******************************************************************************/

/* "Unbounded" capacity for sprintf/_swprintf: the caller promised the buffer is enough. */
#define KMCRT_UNBOUNDED ((SIZE_T)0x7FFFFFFF)
#define KMCRT_INT_MAX   0x7FFFFFFF

/* PRIVATE FUNCTIONS *********************************************************************/

static LONG_PTR KmcrtFormat(void *Buffer, BOOLEAN Wide, SIZE_T Capacity, const void *Format, va_list Args)
{
    if (!Format)
        return -1;
    return Wide ? KmFormatW(Buffer, Capacity, Format, Args) : KmFormatA(Buffer, Capacity, Format, Args);
}

static inline void KmcrtTerminate(void *Buffer, BOOLEAN Wide, SIZE_T Index)
{
    if (Wide)
        ((WCHAR *)Buffer)[Index] = 0;
    else
        ((CHAR *)Buffer)[Index] = 0;
}

/* sprintf, vsprintf, _swprintf: no limit; write everything and a terminator. */
static int KmcrtPrintUnbounded(void *Buffer, BOOLEAN Wide, const void *Format, va_list Args)
{
    LONG_PTR n;
    if (!Buffer)
        return -1;
    n = KmcrtFormat(Buffer, Wide, KMCRT_UNBOUNDED, Format, Args);
    if (n < 0 || n >= (LONG_PTR)KMCRT_UNBOUNDED) {
        KmcrtTerminate(Buffer, Wide, 0);
        return -1;
    }
    KmcrtTerminate(Buffer, Wide, (SIZE_T)n);
    return (int)n;
}

/* snprintf (C99): at most Count-1 characters and a terminator; returns the full length. */
static int KmcrtPrintC99(void *Buffer, BOOLEAN Wide, SIZE_T Count, const void *Format, va_list Args)
{
    LONG_PTR n;
    if (!Buffer && Count)
        return -1;
    n = KmcrtFormat(Buffer, Wide, Count ? Count - 1 : 0, Format, Args);
    if (n < 0 || n > KMCRT_INT_MAX) {
        if (Count)
            KmcrtTerminate(Buffer, Wide, 0);
        return -1;
    }
    if (Count)
        KmcrtTerminate(Buffer, Wide, (SIZE_T)n < Count - 1 ? (SIZE_T)n : Count - 1);
    return (int)n;
}

/* _snprintf: at most Count characters, terminated only when the output is shorter than
   Count; -1 when it did not fit. */
static int KmcrtPrintLegacy(void *Buffer, BOOLEAN Wide, SIZE_T Count, const void *Format, va_list Args)
{
    LONG_PTR n;
    if (!Buffer && Count)
        return -1;
    n = KmcrtFormat(Buffer, Wide, Count, Format, Args);
    if (n < 0 || n > KMCRT_INT_MAX) {
        if (Count)
            KmcrtTerminate(Buffer, Wide, 0);
        return -1;
    }
    if ((SIZE_T)n < Count)
        KmcrtTerminate(Buffer, Wide, (SIZE_T)n);
    else if ((SIZE_T)n > Count)
        return Buffer ? -1 : (int)n;   /* NULL buffer with Count 0 only measures */
    return (int)n;
}

/* swprintf (ISO form): terminated; -1 (output truncated) when it needs Count or more. */
static int KmcrtPrintIso(void *Buffer, BOOLEAN Wide, SIZE_T Count, const void *Format, va_list Args)
{
    LONG_PTR n;
    if (!Buffer || Count == 0)
        return -1;
    n = KmcrtFormat(Buffer, Wide, Count - 1, Format, Args);
    if (n < 0) {
        KmcrtTerminate(Buffer, Wide, 0);
        return -1;
    }
    if ((SIZE_T)n >= Count) {
        KmcrtTerminate(Buffer, Wide, Count - 1);
        return -1;
    }
    KmcrtTerminate(Buffer, Wide, (SIZE_T)n);
    return (int)n;
}

/* sprintf_s and _snprintf_s. Count == (SIZE_T)-2 stands for sprintf_s (no count): output
   that does not fit fails and leaves "". With a count, at most Count characters are written
   (what fits with _TRUNCATE) and a truncation returns -1 with the truncated text. */
#define KMCRT_NO_COUNT ((SIZE_T)-2)
static int KmcrtPrintSecure(void *Buffer, BOOLEAN Wide, SIZE_T Size, SIZE_T Count, const void *Format, va_list Args)
{
    SIZE_T Limit;
    BOOLEAN MayTruncate;
    LONG_PTR n;

    if (Count == 0 && !Buffer && Size == 0)
        return 0;
    if (!Buffer || Size == 0)
        return -1;
    if (!Format) {
        KmcrtTerminate(Buffer, Wide, 0);
        return -1;
    }
    if (Count == KMCRT_TRUNCATE) {
        Limit = Size - 1;
        MayTruncate = TRUE;
    } else if (Count != KMCRT_NO_COUNT && Count < Size) {
        Limit = Count;
        MayTruncate = TRUE;
    } else {
        Limit = Size - 1;
        MayTruncate = FALSE;
    }
    n = KmcrtFormat(Buffer, Wide, Limit, Format, Args);
    if (n < 0) {
        KmcrtTerminate(Buffer, Wide, 0);
        return -1;
    }
    if ((SIZE_T)n <= Limit) {
        KmcrtTerminate(Buffer, Wide, (SIZE_T)n);
        return (int)n;
    }
    /* Too long: truncate where the count allows it, otherwise fail with "". */
    KmcrtTerminate(Buffer, Wide, MayTruncate ? Limit : 0);
    return -1;
}

static int KmcrtMeasure(BOOLEAN Wide, const void *Format, va_list Args)
{
    LONG_PTR n = KmcrtFormat(NULL, Wide, 0, Format, Args);
    return (n < 0 || n > KMCRT_INT_MAX) ? -1 : (int)n;
}

#define KMCRT_VARIADIC(Call)            \
    int Result;                         \
    va_list Args;                       \
    va_start(Args, Format);             \
    Result = Call;                      \
    va_end(Args);                       \
    return Result

/* PUBLIC FUNCTIONS **********************************************************************/

int kmcrt_vsprintf(char *b, const char *Format, va_list a) { return KmcrtPrintUnbounded(b, FALSE, Format, a); }
int kmcrt_sprintf(char *b, const char *Format, ...) { KMCRT_VARIADIC(KmcrtPrintUnbounded(b, FALSE, Format, Args)); }
int kmcrt_vsnprintf(char *b, SIZE_T n, const char *Format, va_list a) { return KmcrtPrintC99(b, FALSE, n, Format, a); }
int kmcrt_snprintf(char *b, SIZE_T n, const char *Format, ...) { KMCRT_VARIADIC(KmcrtPrintC99(b, FALSE, n, Format, Args)); }
int kmcrt__vsnprintf(char *b, SIZE_T n, const char *Format, va_list a) { return KmcrtPrintLegacy(b, FALSE, n, Format, a); }
int kmcrt__snprintf(char *b, SIZE_T n, const char *Format, ...) { KMCRT_VARIADIC(KmcrtPrintLegacy(b, FALSE, n, Format, Args)); }
int kmcrt__vsnwprintf(WCHAR *b, SIZE_T n, const WCHAR *Format, va_list a) { return KmcrtPrintLegacy(b, TRUE, n, Format, a); }
int kmcrt__snwprintf(WCHAR *b, SIZE_T n, const WCHAR *Format, ...) { KMCRT_VARIADIC(KmcrtPrintLegacy(b, TRUE, n, Format, Args)); }
int kmcrt_vswprintf(WCHAR *b, SIZE_T n, const WCHAR *Format, va_list a) { return KmcrtPrintIso(b, TRUE, n, Format, a); }
int kmcrt_swprintf(WCHAR *b, SIZE_T n, const WCHAR *Format, ...) { KMCRT_VARIADIC(KmcrtPrintIso(b, TRUE, n, Format, Args)); }
int kmcrt__vswprintf(WCHAR *b, const WCHAR *Format, va_list a) { return KmcrtPrintUnbounded(b, TRUE, Format, a); }
int kmcrt__swprintf(WCHAR *b, const WCHAR *Format, ...) { KMCRT_VARIADIC(KmcrtPrintUnbounded(b, TRUE, Format, Args)); }

int kmcrt_vsprintf_s(char *b, SIZE_T s, const char *Format, va_list a) { return KmcrtPrintSecure(b, FALSE, s, KMCRT_NO_COUNT, Format, a); }
int kmcrt_sprintf_s(char *b, SIZE_T s, const char *Format, ...) { KMCRT_VARIADIC(KmcrtPrintSecure(b, FALSE, s, KMCRT_NO_COUNT, Format, Args)); }
int kmcrt__vsnprintf_s(char *b, SIZE_T s, SIZE_T n, const char *Format, va_list a) { return KmcrtPrintSecure(b, FALSE, s, n, Format, a); }
int kmcrt__snprintf_s(char *b, SIZE_T s, SIZE_T n, const char *Format, ...) { KMCRT_VARIADIC(KmcrtPrintSecure(b, FALSE, s, n, Format, Args)); }
int kmcrt_vswprintf_s(WCHAR *b, SIZE_T s, const WCHAR *Format, va_list a) { return KmcrtPrintSecure(b, TRUE, s, KMCRT_NO_COUNT, Format, a); }
int kmcrt_swprintf_s(WCHAR *b, SIZE_T s, const WCHAR *Format, ...) { KMCRT_VARIADIC(KmcrtPrintSecure(b, TRUE, s, KMCRT_NO_COUNT, Format, Args)); }
int kmcrt__vsnwprintf_s(WCHAR *b, SIZE_T s, SIZE_T n, const WCHAR *Format, va_list a) { return KmcrtPrintSecure(b, TRUE, s, n, Format, a); }
int kmcrt__snwprintf_s(WCHAR *b, SIZE_T s, SIZE_T n, const WCHAR *Format, ...) { KMCRT_VARIADIC(KmcrtPrintSecure(b, TRUE, s, n, Format, Args)); }

int kmcrt__vscprintf(const char *Format, va_list a) { return KmcrtMeasure(FALSE, Format, a); }
int kmcrt__scprintf(const char *Format, ...) { KMCRT_VARIADIC(KmcrtMeasure(FALSE, Format, Args)); }
int kmcrt__vscwprintf(const WCHAR *Format, va_list a) { return KmcrtMeasure(TRUE, Format, a); }
int kmcrt__scwprintf(const WCHAR *Format, ...) { KMCRT_VARIADIC(KmcrtMeasure(TRUE, Format, Args)); }
