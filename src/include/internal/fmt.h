/*
 * PURPOSE: kmode's one printf engine, with Microsoft's format semantics (ntoskrnl/MSVC CRT),
 * shared by DbgPrint, the kernel CRT's printf family and ntstrsafe.h.
 *
 * Semantics (narrow engine): %s narrow, %S / %ls / %ws wide, %hs narrow, %c / %C / %lc / %wc,
 * %Z (PANSI_STRING), %wZ / %lZ (PUNICODE_STRING), %I64 / %I32 / %I (pointer-size) / %ll / %l /
 * %h / %hh / %j / %z / %t size prefixes, %l is 32-bit (LLP64), %p prints the pointer as 16
 * uppercase hex digits. The wide engine swaps the meaning of %s/%S and %c/%C as the MS wide
 * functions do (the legacy wide specifiers the WDK uses). %n is refused (the format fails) as
 * the kernel CRT does. Floating point (%e %E %f %F %g %G %a %A) follows the UCRT: two-digit
 * minimum exponents, "inf", "nan", "-nan(ind)", "nan(snan)", %a with 13 hex digits by default.
 * Every malformed conversion (unknown type, a flag after the width, two size prefixes, a size
 * prefix that does not fit the conversion, a format ending inside a conversion) makes the
 * whole call fail, as the UCRT's format validation does.
 *
 * Wide text printed through the narrow engine (and narrow text through the wide engine) is
 * converted with the ANSI code page, Windows-1252 in kmode; a character 1252 cannot represent
 * becomes '?'. Conversion is one character for one character, so widths and precisions count
 * the same units in both directions.
 */
#ifndef _KMODE_INTERNAL_FMT_H_
#define _KMODE_INTERNAL_FMT_H_

#include <ntdef.h>

/*
 * Formats into Buffer (capacity Capacity characters; Buffer may be NULL when Capacity is 0).
 * Writes at most Capacity characters and never writes a terminating NUL: callers decide
 * the truncation/termination policy their DDI documents.
 * Returns the number of characters the complete output has (which may exceed Capacity),
 * or -1 when the format string is invalid (e.g. %n). On -1 the buffer may hold the output
 * produced before the invalid conversion.
 */
LONG_PTR KmFormatA(PCHAR Buffer, SIZE_T Capacity, _In_ PCSTR Format, va_list Args);
LONG_PTR KmFormatW(PWCHAR Buffer, SIZE_T Capacity, _In_ PCWSTR Format, va_list Args);

/* The ANSI code page (Windows-1252), one character at a time. Bytes 1252 leaves undefined
   (0x81 0x8D 0x8F 0x90 0x9D) map to the code point of the same value, as Windows does. */
WCHAR KmAnsiCharToUnicode(UCHAR Char);
/* Returns FALSE (and stores '?') when 1252 cannot represent Char. */
BOOLEAN KmUnicodeCharToAnsi(WCHAR Char, _Out_ PUCHAR Ansi);

#endif
