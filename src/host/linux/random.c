/*
 * PURPOSE: Random bytes from the host (for ExUuidCreate).
 */
#include <errno.h>
#include <sys/random.h>
#include <internal/host.h>

BOOLEAN HostRandomBytes(PVOID Buffer, SIZE_T Length)
{
    UCHAR *p = (UCHAR *)Buffer;

    while (Length > 0) {
        ssize_t n = getrandom(p, Length, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return FALSE;
        }
        p += n;
        Length -= (SIZE_T)n;
    }
    return TRUE;
}
