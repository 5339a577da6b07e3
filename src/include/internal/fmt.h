/*
 * PURPOSE: kmode's one printf engine, with Microsoft's format semantics (ntoskrnl/MSVC CRT),
 * shared by DbgPrint, the kernel CRT's printf family and ntstrsafe.h.
 *
 * Semantics (narrow engine): %s narrow, %S / %ls / %ws wide, %hs narrow, %c / %C / %lc / %wc,
 * %Z (PANSI_STRING), %wZ (PUNICODE_STRING), %I64 / %I32 / %I (pointer-size) / %ll / %l / %h
 * size prefixes, %l is 32-bit (LLP64), %p prints the pointer as 16 uppercase hex digits.
 * The wide engine swaps the meaning of %s/%S and %c/%C as the MS wide functions do.
 * %n is refused (the format fails) as the kernel CRT does.
 */
#ifndef _KMODE_INTERNAL_FMT_H_
#define _KMODE_INTERNAL_FMT_H_

#include <ntdef.h>

/*
 * Formats into Buffer (capacity Capacity characters; Buffer may be NULL when Capacity is 0).
 * Writes at most Capacity characters and never writes a terminating NUL: callers decide
 * the truncation/termination policy their DDI documents.
 * Returns the number of characters the complete output has (which may exceed Capacity),
 * or -1 when the format string is invalid (e.g. %n).
 */
LONG_PTR KmFormatA(_Out_writes_opt_(Capacity) PCHAR Buffer, SIZE_T Capacity,
                   _In_z_ PCSTR Format, va_list Args);
LONG_PTR KmFormatW(_Out_writes_opt_(Capacity) PWCHAR Buffer, SIZE_T Capacity,
                   _In_z_ PCWSTR Format, va_list Args);

#endif
