/*
 * PURPOSE: Host primitives: console input with conio semantics (_kbhit/_getch) over standard
 * input. A terminal is put in raw mode (no echo, no line buffering, Enter reads as '\r' as on
 * Windows) for the duration of each call; a pipe or file is read as it is. Bytes the C
 * library has already buffered for stdin come first, so conio and stdio reads stay in order.
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <termios.h>
#include <unistd.h>
#include <internal/host.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* glibc's FILE exposes its read pointers: bytes read from the descriptor, not yet consumed. */
static BOOLEAN HostpStdinHasBuffered(VOID)
{
    return stdin->_IO_read_ptr < stdin->_IO_read_end;
}

/* Switches the terminal on fd 0 to raw input; FALSE when it is not a terminal. Ctrl+C still
   raises SIGINT (ISIG stays), so a Linux user can always stop the program. */
static BOOLEAN HostpEnterRaw(struct termios *Saved)
{
    struct termios raw;

    if (!isatty(0) || tcgetattr(0, Saved) != 0)
        return FALSE;
    raw = *Saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &raw);
    return TRUE;
}

static VOID HostpLeaveRaw(const struct termios *Saved)
{
    tcsetattr(0, TCSANOW, Saved);
}

/* PUBLIC FUNCTIONS **********************************************************************/

BOOLEAN HostConsoleInputAvailable(VOID)
{
    struct termios saved;
    struct pollfd pfd = { .fd = 0, .events = POLLIN };
    BOOLEAN raw;
    int n, c;

    if (HostpStdinHasBuffered())
        return TRUE;
    raw = HostpEnterRaw(&saved);
    do
        n = poll(&pfd, 1, 0);
    while (n < 0 && errno == EINTR);
    if (raw) {
        HostpLeaveRaw(&saved);
        return n > 0 && (pfd.revents & POLLIN);
    }
    if (n <= 0 || !(pfd.revents & POLLIN))
        return FALSE;                       /* nothing yet, or a closed empty pipe */
    /* Readable may still mean end of file (a file, a pipe whose writer left): a read does
       not block now, so look at one byte and put it back. */
    c = getc(stdin);
    if (c == EOF)
        return FALSE;
    ungetc(c, stdin);
    return TRUE;
}

int HostConsoleReadByte(VOID)
{
    struct termios saved;
    unsigned char byte;
    ssize_t n;

    if (HostpStdinHasBuffered() || !HostpEnterRaw(&saved)) {
        int c = getc(stdin);
        return c == EOF ? -1 : c;
    }
    do
        n = read(0, &byte, 1);
    while (n < 0 && errno == EINTR);
    HostpLeaveRaw(&saved);
    return n == 1 ? byte : -1;
}

BOOLEAN HostStreamIsLineBuffered(PVOID Stream)
{
    return __flbf((FILE *)Stream) != 0;
}
