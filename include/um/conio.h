/*
 * PURPOSE: conio.h: console character I/O for console apps (src/win32/conio.c).
 *
 * Input comes from standard input. On a terminal, each call switches it to raw mode for its
 * own duration (no echo, no line buffering; Enter reads as '\r' as on Windows; Ctrl+C still
 * stops the program). Piped or redirected input works too, so an app looping
 * `while (!_kbhit())` can be driven by a script: _kbhit is nonzero when a byte is waiting,
 * _getch returns it. At end of input _kbhit returns 0 and _getch returns EOF (-1).
 * Keys the terminal sends as escape sequences (arrows, function keys) arrive byte by byte,
 * not as Windows' 0x00/0xE0 prefix codes.
 * Output (_putch, _cputs) goes to standard output through the C library's stdout, flushed,
 * so it stays in order with printf.
 */
#ifndef _KMODE_CONIO_H_
#define _KMODE_CONIO_H_

#include <kmode/msvc.h>
#include <sal.h>

KMODE_EXTERN_C_START

/* Reads one character without echo, waiting for it; EOF (-1) at end of input. */
int __cdecl _getch(void);
/* As _getch, and echoes the character with _putch. */
int __cdecl _getche(void);
/* Nonzero when a character can be read without waiting (a pushed-back one counts). */
int __cdecl _kbhit(void);
/* Pushes Char back so the next _getch/_getche returns it: returns Char, or EOF when a
   character is already pushed back or Char is EOF. */
int __cdecl _ungetch(_In_ int Char);
/* Writes one character: returns it, or EOF on failure. */
int __cdecl _putch(_In_ int Char);
/* Writes a string: 0 on success, nonzero on failure. */
int __cdecl _cputs(_In_z_ const char *String);

KMODE_EXTERN_C_END

/* The old names MSVC still accepts. */
#define getch   _getch
#define getche  _getche
#define kbhit   _kbhit
#define ungetch _ungetch
#define putch   _putch
#define cputs   _cputs

#endif /* _KMODE_CONIO_H_ */
