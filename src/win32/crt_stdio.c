/*
 * PURPOSE: User-mode CRT: stream output with kmode's printf engine (printf, fprintf, wprintf,
 * fwprintf and their v forms) and wide character stream I/O in UTF-8 (fputwc, fputws,
 * _putws, fgetwc, fgetws, ungetwc). The streams are glibc's FILEs, so output stays in order
 * with puts/fputs and keeps glibc's buffering. Declarations: include/um/crt/stdio.h.
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/fmt.h>
#include <internal/host.h>
#include <internal/rtl.h>
#include "crtp.h"

/* GLOBALS *******************************************************************************/

#define KMP_STACK_CHARS 512
#define KMP_WEOF        ((USHORT)0xFFFF)
#define KMP_REPLACEMENT ((WCHAR)0xFFFD)

/* fgetwc returns a character outside the BMP as two calls: the low surrogate waits here. */
static __thread FILE *KmpPendingStream;
static __thread WCHAR KmpPendingLow;

/* PRIVATE FUNCTIONS *********************************************************************/

/* The MS CRT shows console output at once; glibc line-buffers a terminal stream. */
static void KmpFlushIfInteractive(FILE *Stream)
{
    if (HostStreamIsLineBuffered(Stream))
        fflush(Stream);
}

/* Writes Length UTF-16 units as UTF-8 (an unpaired surrogate becomes U+FFFD). */
static BOOLEAN KmpWriteWide(FILE *Stream, PCWCH Text, SIZE_T Length)
{
    char stack[KMP_STACK_CHARS * 3];
    char *utf8 = stack;
    ULONG bytes;
    BOOLEAN ok;

    if (Length == 0)
        return TRUE;
    if (Length > 0x3FFFFFFF)
        return FALSE;
    if (Length > KMP_STACK_CHARS) {
        utf8 = malloc(Length * 3);
        if (!utf8)
            return FALSE;
    }
    RtlUnicodeToUTF8N(utf8, (ULONG)(Length * 3), &bytes, Text, (ULONG)(Length * sizeof(WCHAR)));
    ok = fwrite(utf8, 1, bytes, Stream) == bytes;
    if (utf8 != stack)
        free(utf8);
    return ok;
}

/* Formats with the narrow or wide engine into a stack buffer, or a heap one when longer,
   and writes the result to Stream in one fwrite (one lock: output of concurrent calls
   never interleaves). -1 for a NULL stream or format, an invalid format, a write error. */
static int KmpPrintStream(FILE *Stream, BOOLEAN Wide, const void *Format, va_list Args)
{
    WCHAR stack[KMP_STACK_CHARS];
    PVOID buffer = stack;
    SIZE_T unit = Wide ? sizeof(WCHAR) : sizeof(CHAR);
    SIZE_T capacity = sizeof stack / unit;
    LONG_PTR n;
    va_list copy;
    BOOLEAN ok;

    if (!Stream || !Format) {
        errno = EINVAL;
        return -1;
    }
    va_copy(copy, Args);
    n = Wide ? KmFormatW(buffer, capacity, Format, copy) : KmFormatA(buffer, capacity, Format, copy);
    va_end(copy);
    if (n < 0 || n > 0x7FFFFFFF) {
        errno = EINVAL;
        return -1;
    }
    if ((SIZE_T)n > capacity) {
        buffer = malloc((SIZE_T)n * unit);
        if (!buffer) {
            errno = ENOMEM;
            return -1;
        }
        va_copy(copy, Args);
        if (Wide)
            KmFormatW(buffer, (SIZE_T)n, Format, copy);
        else
            KmFormatA(buffer, (SIZE_T)n, Format, copy);
        va_end(copy);
    }
    ok = Wide ? KmpWriteWide(Stream, buffer, (SIZE_T)n)
              : fwrite(buffer, 1, (SIZE_T)n, Stream) == (SIZE_T)n;
    if (buffer != stack)
        free(buffer);
    if (!ok)
        return -1;
    KmpFlushIfInteractive(Stream);
    return (int)n;
}


/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * printf, fprintf, vprintf, vfprintf (and the _s forms): MS formats; the number of
 * characters written, or -1.
 */
int kmcrt_vfprintf(FILE *Stream, const char *Format, va_list Args) { return KmpPrintStream(Stream, FALSE, Format, Args); }
int kmcrt_vprintf(const char *Format, va_list Args) { return KmpPrintStream(stdout, FALSE, Format, Args); }
int kmcrt_fprintf(FILE *Stream, const char *Format, ...) { KMCRTP_VARIADIC(KmpPrintStream(Stream, FALSE, Format, Args)); }
int kmcrt_printf(const char *Format, ...) { KMCRTP_VARIADIC(KmpPrintStream(stdout, FALSE, Format, Args)); }

/*
 * @implemented
 * wprintf, fwprintf, vwprintf, vfwprintf: the MS wide formats (%s wide, %S narrow), written
 * as UTF-8; the number of UTF-16 units formatted, or -1.
 */
int kmcrt_vfwprintf(FILE *Stream, const WCHAR *Format, va_list Args) { return KmpPrintStream(Stream, TRUE, Format, Args); }
int kmcrt_vwprintf(const WCHAR *Format, va_list Args) { return KmpPrintStream(stdout, TRUE, Format, Args); }
int kmcrt_fwprintf(FILE *Stream, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpPrintStream(Stream, TRUE, Format, Args)); }
int kmcrt_wprintf(const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpPrintStream(stdout, TRUE, Format, Args)); }

/*
 * @implemented
 * Writes one UTF-16 unit as UTF-8 (a lone surrogate as U+FFFD): the character, or WEOF.
 */
USHORT kmcrt_fputwc(WCHAR Char, FILE *Stream)
{
    if (!Stream) {
        errno = EINVAL;
        return KMP_WEOF;
    }
    if (!KmpWriteWide(Stream, &Char, 1))
        return KMP_WEOF;
    KmpFlushIfInteractive(Stream);
    return Char;
}

USHORT kmcrt_putwchar(WCHAR Char)
{
    return kmcrt_fputwc(Char, stdout);
}

/*
 * @implemented
 * Writes a wide string as UTF-8: 0, or WEOF on failure.
 */
int kmcrt_fputws(const WCHAR *String, FILE *Stream)
{
    SIZE_T n = 0;
    if (!String || !Stream) {
        errno = EINVAL;
        return KMP_WEOF;
    }
    while (String[n])
        n++;
    if (!KmpWriteWide(Stream, String, n))
        return KMP_WEOF;
    KmpFlushIfInteractive(Stream);
    return 0;
}

/*
 * @implemented
 * Writes a wide string and a newline to stdout: 0, or WEOF on failure.
 */
int kmcrt__putws(const WCHAR *String)
{
    if (!String) {
        errno = EINVAL;
        return KMP_WEOF;
    }
    if (kmcrt_fputws(String, stdout) != 0 || kmcrt_fputwc(L'\n', stdout) == KMP_WEOF)
        return KMP_WEOF;
    return 0;
}

/*
 * @implemented
 * Reads one character as UTF-8: a character outside the BMP comes as its two surrogates in
 * two calls; an invalid sequence reads as U+FFFD. WEOF at end of file or on error.
 */
USHORT kmcrt_fgetwc(FILE *Stream)
{
    UCHAR bytes[4];
    WCHAR wide[2];
    ULONG need, count = 1, out;
    int c;

    if (!Stream) {
        errno = EINVAL;
        return KMP_WEOF;
    }
    if (KmpPendingStream == Stream) {
        KmpPendingStream = NULL;
        return KmpPendingLow;
    }
    c = getc(Stream);
    if (c == EOF)
        return KMP_WEOF;
    bytes[0] = (UCHAR)c;
    if (c < 0x80)
        return (USHORT)c;
    need = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
    while (count < need) {
        c = getc(Stream);
        if (c == EOF)
            break;
        if ((c & 0xC0) != 0x80) {
            ungetc(c, Stream);     /* starts the next character */
            break;
        }
        bytes[count++] = (UCHAR)c;
    }
    if (count != need ||
        RtlUTF8ToUnicodeN(wide, sizeof wide, &out, (PCCH)bytes, count) != STATUS_SUCCESS)
        return KMP_REPLACEMENT;
    if (out == 2 * sizeof(WCHAR)) {
        KmpPendingStream = Stream;
        KmpPendingLow = wide[1];
    }
    return wide[0];
}

USHORT kmcrt_getwchar(void)
{
    return kmcrt_fgetwc(stdin);
}

/*
 * @implemented
 * Reads up to Count - 1 characters, through the first newline (kept): Buffer, or NULL when
 * end of file comes before any character (or on invalid parameters).
 */
WCHAR *kmcrt_fgetws(WCHAR *Buffer, int Count, FILE *Stream)
{
    int n = 0;

    if (!Buffer || Count <= 0 || !Stream) {
        errno = EINVAL;
        return NULL;
    }
    while (n < Count - 1) {
        USHORT c = kmcrt_fgetwc(Stream);
        if (c == KMP_WEOF)
            break;
        Buffer[n++] = c;
        if (c == L'\n')
            break;
    }
    Buffer[n] = 0;
    return n ? Buffer : NULL;
}

/*
 * @implemented
 * Pushes a character back (as its UTF-8 bytes): the character, or WEOF (WEOF given, a
 * surrogate, or the stream refused).
 */
USHORT kmcrt_ungetwc(USHORT Char, FILE *Stream)
{
    char utf8[4];
    ULONG bytes;
    WCHAR c = Char;

    if (!Stream || Char == KMP_WEOF || (Char >= 0xD800 && Char <= 0xDFFF))
        return KMP_WEOF;
    RtlUnicodeToUTF8N(utf8, sizeof utf8, &bytes, &c, sizeof c);
    while (bytes > 0)
        if (ungetc((UCHAR)utf8[--bytes], Stream) == EOF)
            return KMP_WEOF;
    return Char;
}
