/*
 * PURPOSE: Private helpers shared by the ntstrsafe implementation files (strsafe.c,
 * strsafe_printf.c): destination validation and the STRSAFE_* flag handling common to
 * every Ex function, for char (A) and wchar_t (W) buffers and for UNICODE_STRING.
 */
#ifndef _KMODE_RTLP_STRSAFE_H_
#define _KMODE_RTLP_STRSAFE_H_

#include <internal/rtl.h>
#include <ntstrsafe.h>

/* Flags of the UNICODE_STRING Ex functions that take no fill byte (Init, Validate). */
#define RTLP_STRSAFE_FILL_BYTE(dwFlags) ((int)((dwFlags) & 0xFF))

/*
 * Destination rules of every NUL-terminated Ex function: unknown flags, cchDest above
 * NTSTRSAFE_MAX_CCH, a NULL destination (unless STRSAFE_IGNORE_NULLS and cchDest == 0) or
 * cchDest == 0 (unless STRSAFE_IGNORE_NULLS) are STATUS_INVALID_PARAMETER. Nothing is
 * written when this fails.
 */
NTSTATUS RtlpStrsafeValidateDestA(PCHAR Dest, size_t CchDest, DWORD Flags);
NTSTATUS RtlpStrsafeValidateDestW(PWCHAR Dest, size_t CchDest, DWORD Flags);

/* The Printf forms' common body (strsafe_tmpl.h), one per character type. */
NTSTATUS RtlpStrsafeVPrintfA(PCHAR Dest, size_t CchDest, PCHAR *DestEnd, size_t *Remaining,
                             DWORD Flags, PCSTR Format, va_list Args);
NTSTATUS RtlpStrsafeVPrintfW(PWCHAR Dest, size_t CchDest, PWCHAR *DestEnd, size_t *Remaining,
                             DWORD Flags, PCWSTR Format, va_list Args);

/*
 * Applies the flags once the operation has produced Status with the result ending at
 * *End (the terminator) and *Remaining characters unused (terminator included):
 * FILL_BEHIND_NULL on success; FILL_ON_FAILURE, NULL_ON_FAILURE and NO_TRUNCATION on
 * failure. OriginalLength is the destination's length before a concatenation (0 for a
 * copy): NO_TRUNCATION restores it.
 */
VOID RtlpStrsafeApplyFlagsA(PCHAR Dest, size_t CchDest, NTSTATUS Status, DWORD Flags,
                            BOOLEAN Append, size_t OriginalLength, PCHAR *End, size_t *Remaining);
VOID RtlpStrsafeApplyFlagsW(PWCHAR Dest, size_t CchDest, NTSTATUS Status, DWORD Flags,
                            BOOLEAN Append, size_t OriginalLength, PWCHAR *End, size_t *Remaining);

/*
 * UNICODE_STRING structure rules: even Length and MaximumLength, Length <= MaximumLength,
 * MaximumLength <= NTSTRSAFE_UNICODE_STRING_MAX_CCH characters, Buffer non-NULL unless both
 * lengths are 0. A NULL String is accepted only with STRSAFE_IGNORE_NULLS.
 */
NTSTATUS RtlpUnicodeStringValidate(PCUNICODE_STRING String, DWORD Flags);

/*
 * Completes a UNICODE_STRING operation: applies the Ex flags (FILL_BEHIND on success;
 * FILL_ON_FAILURE, ZERO_LENGTH_ON_FAILURE, NO_TRUNCATION on failure), stores the new Length
 * and, on success or STATUS_BUFFER_OVERFLOW, describes the unused tail in Remaining.
 * Dest may be NULL (STRSAFE_IGNORE_NULLS).
 */
NTSTATUS RtlpUnicodeStringFinish(PUNICODE_STRING Dest, NTSTATUS Status, size_t NewLength,
                                 BOOLEAN Append, size_t OriginalLength, DWORD Flags,
                                 PUNICODE_STRING Remaining);

#endif /* _KMODE_RTLP_STRSAFE_H_ */
