/*
 * PURPOSE: strsafe.h for user-mode apps: the StringCch and StringCb functions, returning
 * HRESULT. Each forwards to the kernel's ntstrsafe implementation (src/rtl/strsafe*.c: the
 * same validation, truncation and flag handling) and maps its NTSTATUS; only the Gets forms,
 * which ntstrsafe lacks, are written here, on the same destination and flag helpers.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/rtl.h>
#include <ntstrsafe.h>
#include <winerror.h>
#include "../rtl/rtlp_strsafe.h"

/* GLOBALS *******************************************************************************/

#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER   ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE         ((HRESULT)0x80070026L)

/* The user CRT's UTF-8 wide character input (src/win32/crt_stdio.c). */
USHORT kmcrt_fgetwc(FILE *Stream);

/* PRIVATE FUNCTIONS *********************************************************************/

static HRESULT KmpStrsafeResult(NTSTATUS Status)
{
    if (NT_SUCCESS(Status))
        return S_OK;
    if (Status == STATUS_BUFFER_OVERFLOW)
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    if (Status == STATUS_END_OF_FILE)
        return STRSAFE_E_END_OF_FILE;
    return STRSAFE_E_INVALID_PARAMETER;
}

/* One line of stdin (without its newline) into Dest, for both character types: the Gets
   forms' common body. Cch is in characters; End/Remaining describe the result. */
static HRESULT KmpGets(PVOID Dest, size_t Cch, PVOID *End, size_t *Remaining, DWORD Flags, BOOLEAN Wide)
{
    NTSTATUS status = Wide ? RtlpStrsafeValidateDestW(Dest, Cch, Flags) : RtlpStrsafeValidateDestA(Dest, Cch, Flags);
    size_t n = 0, remaining;

    if (!NT_SUCCESS(status))
        return STRSAFE_E_INVALID_PARAMETER;
    if (Cch <= 1) {
        status = STATUS_BUFFER_OVERFLOW;      /* no room for even one character */
    } else {
        while (n < Cch - 1) {
            int c = Wide ? (int)kmcrt_fgetwc(stdin) : getc(stdin);
            if (c == (Wide ? 0xFFFF : EOF)) {
                if (n == 0)
                    status = STATUS_END_OF_FILE;
                break;
            }
            if (c == '\n')
                break;
            if (Wide)
                ((PWCHAR)Dest)[n++] = (WCHAR)c;
            else
                ((PCHAR)Dest)[n++] = (CHAR)c;
        }
    }
    if (Dest && Cch) {
        if (Wide)
            ((PWCHAR)Dest)[n] = 0;
        else
            ((PCHAR)Dest)[n] = 0;
    }
    remaining = Cch - n;
    if (Wide) {
        PWCHAR end = Dest ? (PWCHAR)Dest + n : NULL;
        RtlpStrsafeApplyFlagsW(Dest, Cch, status, Flags, FALSE, 0, &end, &remaining);
        *End = end;
    } else {
        PCHAR end = Dest ? (PCHAR)Dest + n : NULL;
        RtlpStrsafeApplyFlagsA(Dest, Cch, status, Flags, FALSE, 0, &end, &remaining);
        *End = end;
    }
    *Remaining = remaining;
    return KmpStrsafeResult(status);
}

/* The Gets entry points: character or byte counts, plain or Ex. */
static HRESULT KmpGetsEx(PVOID Dest, size_t Count, BOOLEAN Bytes, PVOID *End, size_t *Remaining,
                         DWORD Flags, BOOLEAN Wide)
{
    size_t unit = Wide ? sizeof(WCHAR) : sizeof(CHAR);
    PVOID end = NULL;
    size_t left = 0;
    HRESULT hr;

    if (Bytes && Count / unit > NTSTRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    hr = KmpGets(Dest, Bytes ? Count / unit : Count, &end, &left, Flags, Wide);
    if (hr == STRSAFE_E_INVALID_PARAMETER)
        return hr;
    if (End)
        *End = end;
    if (Remaining)
        *Remaining = Bytes ? left * unit + (Count % unit) : left;
    return hr;
}

#define KMP_FORWARD(Name, Params, Args) \
    HRESULT __stdcall Name Params { return KmpStrsafeResult(Rtl##Name Args); }

#define KMP_FORWARD_VA(Name, Params, Call) \
    HRESULT __cdecl Name Params                 \
    {                                           \
        va_list a;                              \
        HRESULT hr;                             \
        va_start(a, p);                         \
        hr = Call;                              \
        va_end(a);                              \
        return hr;                              \
    }

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Copy, CopyEx, CopyN, CopyNEx, Cat, CatEx, CatN, CatNEx, VPrintf, VPrintfEx, Printf,
 * PrintfEx, Length, character- and byte-counted, A and W: the ntstrsafe function of the
 * same name with its NTSTATUS as HRESULT (STATUS_BUFFER_OVERFLOW is
 * STRSAFE_E_INSUFFICIENT_BUFFER, STATUS_INVALID_PARAMETER STRSAFE_E_INVALID_PARAMETER).
 */
KMP_FORWARD(StringCchCopyA, (PSTR d, size_t n, PCSTR s), (d, n, s))
KMP_FORWARD(StringCchCopyExA, (PSTR d, size_t n, PCSTR s, PSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCchCopyNA, (PSTR d, size_t n, PCSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCchCopyNExA, (PSTR d, size_t n, PCSTR s, size_t c, PSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCchCatA, (PSTR d, size_t n, PCSTR s), (d, n, s))
KMP_FORWARD(StringCchCatExA, (PSTR d, size_t n, PCSTR s, PSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCchCatNA, (PSTR d, size_t n, PCSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCchCatNExA, (PSTR d, size_t n, PCSTR s, size_t c, PSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCchVPrintfA, (PSTR d, size_t n, PCSTR p, va_list a), (d, n, p, a))
KMP_FORWARD(StringCchVPrintfExA, (PSTR d, size_t n, PSTR *e, size_t *r, DWORD f, PCSTR p, va_list a), (d, n, e, r, f, p, a))
KMP_FORWARD(StringCchLengthA, (PCSTR s, size_t n, size_t *l), (s, n, l))
KMP_FORWARD_VA(StringCchPrintfA, (PSTR d, size_t n, PCSTR p, ...), StringCchVPrintfA(d, n, p, a))
KMP_FORWARD_VA(StringCchPrintfExA, (PSTR d, size_t n, PSTR *e, size_t *r, DWORD f, PCSTR p, ...), StringCchVPrintfExA(d, n, e, r, f, p, a))
KMP_FORWARD(StringCchCopyW, (PWSTR d, size_t n, PCWSTR s), (d, n, s))
KMP_FORWARD(StringCchCopyExW, (PWSTR d, size_t n, PCWSTR s, PWSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCchCopyNW, (PWSTR d, size_t n, PCWSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCchCopyNExW, (PWSTR d, size_t n, PCWSTR s, size_t c, PWSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCchCatW, (PWSTR d, size_t n, PCWSTR s), (d, n, s))
KMP_FORWARD(StringCchCatExW, (PWSTR d, size_t n, PCWSTR s, PWSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCchCatNW, (PWSTR d, size_t n, PCWSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCchCatNExW, (PWSTR d, size_t n, PCWSTR s, size_t c, PWSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCchVPrintfW, (PWSTR d, size_t n, PCWSTR p, va_list a), (d, n, p, a))
KMP_FORWARD(StringCchVPrintfExW, (PWSTR d, size_t n, PWSTR *e, size_t *r, DWORD f, PCWSTR p, va_list a), (d, n, e, r, f, p, a))
KMP_FORWARD(StringCchLengthW, (PCWSTR s, size_t n, size_t *l), (s, n, l))
KMP_FORWARD_VA(StringCchPrintfW, (PWSTR d, size_t n, PCWSTR p, ...), StringCchVPrintfW(d, n, p, a))
KMP_FORWARD_VA(StringCchPrintfExW, (PWSTR d, size_t n, PWSTR *e, size_t *r, DWORD f, PCWSTR p, ...), StringCchVPrintfExW(d, n, e, r, f, p, a))
KMP_FORWARD(StringCbCopyA, (PSTR d, size_t n, PCSTR s), (d, n, s))
KMP_FORWARD(StringCbCopyExA, (PSTR d, size_t n, PCSTR s, PSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCbCopyNA, (PSTR d, size_t n, PCSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCbCopyNExA, (PSTR d, size_t n, PCSTR s, size_t c, PSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCbCatA, (PSTR d, size_t n, PCSTR s), (d, n, s))
KMP_FORWARD(StringCbCatExA, (PSTR d, size_t n, PCSTR s, PSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCbCatNA, (PSTR d, size_t n, PCSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCbCatNExA, (PSTR d, size_t n, PCSTR s, size_t c, PSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCbVPrintfA, (PSTR d, size_t n, PCSTR p, va_list a), (d, n, p, a))
KMP_FORWARD(StringCbVPrintfExA, (PSTR d, size_t n, PSTR *e, size_t *r, DWORD f, PCSTR p, va_list a), (d, n, e, r, f, p, a))
KMP_FORWARD(StringCbLengthA, (PCSTR s, size_t n, size_t *l), (s, n, l))
KMP_FORWARD_VA(StringCbPrintfA, (PSTR d, size_t n, PCSTR p, ...), StringCbVPrintfA(d, n, p, a))
KMP_FORWARD_VA(StringCbPrintfExA, (PSTR d, size_t n, PSTR *e, size_t *r, DWORD f, PCSTR p, ...), StringCbVPrintfExA(d, n, e, r, f, p, a))
KMP_FORWARD(StringCbCopyW, (PWSTR d, size_t n, PCWSTR s), (d, n, s))
KMP_FORWARD(StringCbCopyExW, (PWSTR d, size_t n, PCWSTR s, PWSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCbCopyNW, (PWSTR d, size_t n, PCWSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCbCopyNExW, (PWSTR d, size_t n, PCWSTR s, size_t c, PWSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCbCatW, (PWSTR d, size_t n, PCWSTR s), (d, n, s))
KMP_FORWARD(StringCbCatExW, (PWSTR d, size_t n, PCWSTR s, PWSTR *e, size_t *r, DWORD f), (d, n, s, e, r, f))
KMP_FORWARD(StringCbCatNW, (PWSTR d, size_t n, PCWSTR s, size_t c), (d, n, s, c))
KMP_FORWARD(StringCbCatNExW, (PWSTR d, size_t n, PCWSTR s, size_t c, PWSTR *e, size_t *r, DWORD f), (d, n, s, c, e, r, f))
KMP_FORWARD(StringCbVPrintfW, (PWSTR d, size_t n, PCWSTR p, va_list a), (d, n, p, a))
KMP_FORWARD(StringCbVPrintfExW, (PWSTR d, size_t n, PWSTR *e, size_t *r, DWORD f, PCWSTR p, va_list a), (d, n, e, r, f, p, a))
KMP_FORWARD(StringCbLengthW, (PCWSTR s, size_t n, size_t *l), (s, n, l))
KMP_FORWARD_VA(StringCbPrintfW, (PWSTR d, size_t n, PCWSTR p, ...), StringCbVPrintfW(d, n, p, a))
KMP_FORWARD_VA(StringCbPrintfExW, (PWSTR d, size_t n, PWSTR *e, size_t *r, DWORD f, PCWSTR p, ...), StringCbVPrintfExW(d, n, e, r, f, p, a))

/*
 * @implemented
 * Gets, GetsEx: one line of stdin without its newline (see include/um/strsafe.h).
 */
HRESULT __stdcall StringCchGetsA(PSTR d, size_t n) { return KmpGetsEx(d, n, FALSE, NULL, NULL, 0, FALSE); }
HRESULT __stdcall StringCchGetsW(PWSTR d, size_t n) { return KmpGetsEx(d, n, FALSE, NULL, NULL, 0, TRUE); }
HRESULT __stdcall StringCbGetsA(PSTR d, size_t n) { return KmpGetsEx(d, n, TRUE, NULL, NULL, 0, FALSE); }
HRESULT __stdcall StringCbGetsW(PWSTR d, size_t n) { return KmpGetsEx(d, n, TRUE, NULL, NULL, 0, TRUE); }
HRESULT __stdcall StringCchGetsExA(PSTR d, size_t n, PSTR *e, size_t *r, DWORD f) { return KmpGetsEx(d, n, FALSE, (PVOID *)e, r, f, FALSE); }
HRESULT __stdcall StringCchGetsExW(PWSTR d, size_t n, PWSTR *e, size_t *r, DWORD f) { return KmpGetsEx(d, n, FALSE, (PVOID *)e, r, f, TRUE); }
HRESULT __stdcall StringCbGetsExA(PSTR d, size_t n, PSTR *e, size_t *r, DWORD f) { return KmpGetsEx(d, n, TRUE, (PVOID *)e, r, f, FALSE); }
HRESULT __stdcall StringCbGetsExW(PWSTR d, size_t n, PWSTR *e, size_t *r, DWORD f) { return KmpGetsEx(d, n, TRUE, (PVOID *)e, r, f, TRUE); }
