/*
 * PURPOSE: conio.h: _getch, _getche, _kbhit, _ungetch, _putch, _cputs over standard input and
 * output (semantics in include/um/conio.h; the terminal handling is in the host layer).
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

/* The character _ungetch pushed back, or -1. */
static int KmpConioPushedBack = -1;

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Reads one character without echo; EOF (-1) at end of input.
 */
int __cdecl _getch(void)
{
    int c = __atomic_exchange_n(&KmpConioPushedBack, -1, __ATOMIC_ACQ_REL);
    if (c != -1)
        return c;
    /* What the app printed without a newline (a prompt) shows before we wait. */
    fflush(stdout);
    return HostConsoleReadByte();
}

/*
 * @implemented
 * Writes one character to standard output and flushes it: the character, or EOF on failure.
 */
int __cdecl _putch(int Char)
{
    if (putc((unsigned char)Char, stdout) == EOF || fflush(stdout) == EOF)
        return EOF;
    return (unsigned char)Char;
}

/*
 * @implemented
 * _getch with echo.
 */
int __cdecl _getche(void)
{
    int c = _getch();
    if (c != EOF)
        _putch(c);
    return c;
}

/*
 * @implemented
 * Nonzero when a character is waiting (or pushed back); 0 otherwise and at end of input.
 */
int __cdecl _kbhit(void)
{
    if (__atomic_load_n(&KmpConioPushedBack, __ATOMIC_ACQUIRE) != -1)
        return 1;
    return HostConsoleInputAvailable() ? 1 : 0;
}

/*
 * @implemented
 * Pushes one character back for the next _getch: Char, or EOF when one is already pushed
 * back or Char is EOF.
 */
int __cdecl _ungetch(int Char)
{
    int expected = -1;
    if (Char == EOF)
        return EOF;
    Char &= 0xFF;
    if (!__atomic_compare_exchange_n(&KmpConioPushedBack, &expected, Char, FALSE,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return EOF;
    return Char;
}

/*
 * @implemented
 * Writes String to standard output and flushes it: 0, or nonzero on failure.
 */
int __cdecl _cputs(const char *String)
{
    if (!String)
        return -1;
    if (fputs(String, stdout) == EOF || fflush(stdout) == EOF)
        return -1;
    return 0;
}
