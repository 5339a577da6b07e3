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

/* One forwarding function, and the four of an operation (Cch/Cb, A/W). Params is a macro
   taking the string and constant-string types. */
#define KMP_FORWARD(Name, Params, Args) \
    HRESULT __stdcall Name Params { return KmpStrsafeResult(Rtl##Name Args); }

#define KMP_FORWARD4(Op, Params, Args)                          \
    KMP_FORWARD(StringCch##Op##A, Params(PSTR, PCSTR), Args)    \
    KMP_FORWARD(StringCch##Op##W, Params(PWSTR, PCWSTR), Args)  \
    KMP_FORWARD(StringCb##Op##A, Params(PSTR, PCSTR), Args)     \
    KMP_FORWARD(StringCb##Op##W, Params(PWSTR, PCWSTR), Args)

/* The variadic Printf forms, through the V forms below. */
#define KMP_FORWARD_VA(Name, Params, VName, Args)   \
    HRESULT __cdecl Name Params                     \
    {                                               \
        va_list a;                                  \
        HRESULT hr;                                 \
        va_start(a, p);                             \
        hr = VName Args;                            \
        va_end(a);                                  \
        return hr;                                  \
    }

#define KMP_FORWARD_VA4(Op, Params, Args)                                                 \
    KMP_FORWARD_VA(StringCch##Op##A, Params(PSTR, PCSTR), StringCchV##Op##A, Args)        \
    KMP_FORWARD_VA(StringCch##Op##W, Params(PWSTR, PCWSTR), StringCchV##Op##W, Args)      \
    KMP_FORWARD_VA(StringCb##Op##A, Params(PSTR, PCSTR), StringCbV##Op##A, Args)          \
    KMP_FORWARD_VA(StringCb##Op##W, Params(PWSTR, PCWSTR), StringCbV##Op##W, Args)

#define KMP_P_COPY(S, CS)        (S d, size_t n, CS s)
#define KMP_P_COPY_EX(S, CS)     (S d, size_t n, CS s, S *e, size_t *r, DWORD f)
#define KMP_P_COPY_N(S, CS)      (S d, size_t n, CS s, size_t c)
#define KMP_P_COPY_N_EX(S, CS)   (S d, size_t n, CS s, size_t c, S *e, size_t *r, DWORD f)
#define KMP_P_VPRINTF(S, CS)     (S d, size_t n, CS p, va_list a)
#define KMP_P_VPRINTF_EX(S, CS)  (S d, size_t n, S *e, size_t *r, DWORD f, CS p, va_list a)
#define KMP_P_PRINTF(S, CS)      (S d, size_t n, CS p, ...)
#define KMP_P_PRINTF_EX(S, CS)   (S d, size_t n, S *e, size_t *r, DWORD f, CS p, ...)
#define KMP_P_LENGTH(S, CS)      (CS s, size_t n, size_t *l)

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Copy, CopyEx, CopyN, CopyNEx, Cat, CatEx, CatN, CatNEx, VPrintf, VPrintfEx, Printf,
 * PrintfEx, Length, character- and byte-counted, A and W: the ntstrsafe function of the
 * same name with its NTSTATUS as HRESULT (STATUS_BUFFER_OVERFLOW is
 * STRSAFE_E_INSUFFICIENT_BUFFER, STATUS_INVALID_PARAMETER STRSAFE_E_INVALID_PARAMETER).
 */
KMP_FORWARD4(Copy, KMP_P_COPY, (d, n, s))
KMP_FORWARD4(CopyEx, KMP_P_COPY_EX, (d, n, s, e, r, f))
KMP_FORWARD4(CopyN, KMP_P_COPY_N, (d, n, s, c))
KMP_FORWARD4(CopyNEx, KMP_P_COPY_N_EX, (d, n, s, c, e, r, f))
KMP_FORWARD4(Cat, KMP_P_COPY, (d, n, s))
KMP_FORWARD4(CatEx, KMP_P_COPY_EX, (d, n, s, e, r, f))
KMP_FORWARD4(CatN, KMP_P_COPY_N, (d, n, s, c))
KMP_FORWARD4(CatNEx, KMP_P_COPY_N_EX, (d, n, s, c, e, r, f))
KMP_FORWARD4(VPrintf, KMP_P_VPRINTF, (d, n, p, a))
KMP_FORWARD4(VPrintfEx, KMP_P_VPRINTF_EX, (d, n, e, r, f, p, a))
KMP_FORWARD4(Length, KMP_P_LENGTH, (s, n, l))
KMP_FORWARD_VA4(Printf, KMP_P_PRINTF, (d, n, p, a))
KMP_FORWARD_VA4(PrintfEx, KMP_P_PRINTF_EX, (d, n, e, r, f, p, a))

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
