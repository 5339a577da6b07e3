/*
 * PURPOSE: Kernel CRT: wide (16-bit wchar_t) string and memory functions. glibc's wide
 * functions work on 32-bit wchar_t and are never used for driver strings.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include "kmcrt.h"

/* PRIVATE FUNCTIONS *********************************************************************/

static inline int KmcrtFoldW(WCHAR c)
{
    return (c >= L'A' && c <= L'Z') ? c - L'A' + L'a' : c;
}

static BOOLEAN KmcrtInSet(WCHAR c, const WCHAR *Set)
{
    for (; *Set; Set++)
        if (*Set == c)
            return TRUE;
    return FALSE;
}

/* PUBLIC FUNCTIONS **********************************************************************/

SIZE_T kmcrt_wcslen(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return (SIZE_T)(p - s);
}

SIZE_T kmcrt_wcsnlen(const WCHAR *s, SIZE_T Max)
{
    SIZE_T n = 0;
    while (n < Max && s[n])
        n++;
    return n;
}

WCHAR *kmcrt_wcscpy(WCHAR *d, const WCHAR *s)
{
    WCHAR *r = d;
    while ((*d++ = *s++) != 0)
        ;
    return r;
}

/* C semantics: copies at most Count characters and pads with NULs up to Count; no
   terminator if the source is Count characters or longer. */
WCHAR *kmcrt_wcsncpy(WCHAR *d, const WCHAR *s, SIZE_T Count)
{
    SIZE_T i = 0;
    for (; i < Count && s[i]; i++)
        d[i] = s[i];
    for (; i < Count; i++)
        d[i] = 0;
    return d;
}

WCHAR *kmcrt_wcscat(WCHAR *d, const WCHAR *s)
{
    kmcrt_wcscpy(d + kmcrt_wcslen(d), s);
    return d;
}

/* Appends at most Count characters and always terminates. */
WCHAR *kmcrt_wcsncat(WCHAR *d, const WCHAR *s, SIZE_T Count)
{
    WCHAR *p = d + kmcrt_wcslen(d);
    SIZE_T i = 0;
    for (; i < Count && s[i]; i++)
        p[i] = s[i];
    p[i] = 0;
    return d;
}

int kmcrt_wcscmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (*a > *b) - (*a < *b);
}

int kmcrt_wcsncmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (*a > *b) - (*a < *b);
        if (!*a)
            break;
    }
    return 0;
}

int kmcrt__wcsicmp(const WCHAR *a, const WCHAR *b)
{
    int ca, cb;
    do {
        ca = KmcrtFoldW(*a++);
        cb = KmcrtFoldW(*b++);
    } while (ca && ca == cb);
    return ca - cb;
}

int kmcrt__wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    int ca = 0, cb = 0;
    while (n--) {
        ca = KmcrtFoldW(*a++);
        cb = KmcrtFoldW(*b++);
        if (!ca || ca != cb)
            break;
    }
    return ca - cb;
}

WCHAR *kmcrt_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c)
            return (WCHAR *)s;
        if (!*s)
            return NULL;
    }
}

WCHAR *kmcrt_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *found = NULL;
    for (;; s++) {
        if (*s == c)
            found = s;
        if (!*s)
            return (WCHAR *)found;
    }
}

WCHAR *kmcrt_wcsstr(const WCHAR *s, const WCHAR *sub)
{
    SIZE_T n = kmcrt_wcslen(sub);
    if (n == 0)
        return (WCHAR *)s;
    for (; *s; s++)
        if (*s == *sub && kmcrt_wcsncmp(s, sub, n) == 0)
            return (WCHAR *)s;
    return NULL;
}

SIZE_T kmcrt_wcsspn(const WCHAR *s, const WCHAR *set)
{
    SIZE_T n = 0;
    while (s[n] && KmcrtInSet(s[n], set))
        n++;
    return n;
}

SIZE_T kmcrt_wcscspn(const WCHAR *s, const WCHAR *set)
{
    SIZE_T n = 0;
    while (s[n] && !KmcrtInSet(s[n], set))
        n++;
    return n;
}

WCHAR *kmcrt_wcspbrk(const WCHAR *s, const WCHAR *set)
{
    for (; *s; s++)
        if (KmcrtInSet(*s, set))
            return (WCHAR *)s;
    return NULL;
}

WCHAR *kmcrt__wcslwr(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        *p = (WCHAR)KmcrtFoldW(*p);
    return s;
}

WCHAR *kmcrt__wcsupr(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        if (*p >= L'a' && *p <= L'z')
            *p = (WCHAR)(*p - L'a' + L'A');
    return s;
}

WCHAR *kmcrt__wcsrev(WCHAR *s)
{
    SIZE_T n = kmcrt_wcslen(s);
    for (SIZE_T i = 0; i < n / 2; i++) {
        WCHAR c = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = c;
    }
    return s;
}

WCHAR *kmcrt_wmemcpy(WCHAR *d, const WCHAR *s, SIZE_T n)
{
    if (n)
        memcpy(d, s, n * sizeof(WCHAR));
    return d;
}

WCHAR *kmcrt_wmemmove(WCHAR *d, const WCHAR *s, SIZE_T n)
{
    if (n)
        memmove(d, s, n * sizeof(WCHAR));
    return d;
}

WCHAR *kmcrt_wmemset(WCHAR *d, WCHAR c, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++)
        d[i] = c;
    return d;
}

int kmcrt_wmemcmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++)
        if (a[i] != b[i])
            return (a[i] > b[i]) - (a[i] < b[i]);
    return 0;
}

WCHAR *kmcrt_wmemchr(const WCHAR *s, WCHAR c, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++)
        if (s[i] == c)
            return (WCHAR *)(s + i);
    return NULL;
}
