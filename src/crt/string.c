/*
 * PURPOSE: Kernel CRT: MS-only narrow string functions and the secure (_s) string and
 * memory functions, narrow and wide.
 *
 * The secure functions report invalid parameters by returning their errno_t, as the MS CRT
 * does when its invalid-parameter handler returns (kernel drivers cannot install one).
 * On failure the destination becomes "" where the MS documentation says it is reset.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include "kmcrt.h"

/* PRIVATE FUNCTIONS *********************************************************************/

static inline int KmcrtFoldA(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/*
 * The secure copy/concatenate family, generated for CHAR and WCHAR.
 * Copy: Count == _TRUNCATE copies what fits; otherwise at most Count characters, and the
 * destination must hold them plus the terminator (else ERANGE, destination "").
 */
#define KMCRT_DEFINE_SECURE_STRINGS(T, CPY, CAT, NCPY, NCAT)                                \
static kmcrt_errno_t KmcrtCopy_##T(T *Dest, SIZE_T Size, const T *Src, SIZE_T Count)       \
{                                                                                           \
    SIZE_T i = 0;                                                                           \
    while (i < Size && i < Count && Src[i]) {                                               \
        Dest[i] = Src[i];                                                                   \
        i++;                                                                                \
    }                                                                                       \
    if (i < Size) {                                                                         \
        Dest[i] = 0;                                                                        \
        return 0;                                                                           \
    }                                                                                       \
    if (Count == KMCRT_TRUNCATE) {                                                          \
        Dest[Size - 1] = 0;                                                                 \
        return KMCRT_STRUNCATE;                                                             \
    }                                                                                       \
    return KMCRT_ERANGE;                                                                    \
}                                                                                           \
kmcrt_errno_t CPY(T *Dest, SIZE_T Size, const T *Src)                                       \
{                                                                                           \
    kmcrt_errno_t e;                                                                        \
    if (!Dest || Size == 0)                                                                 \
        return KMCRT_EINVAL;                                                                \
    if (!Src) {                                                                             \
        Dest[0] = 0;                                                                        \
        return KMCRT_EINVAL;                                                                \
    }                                                                                       \
    e = KmcrtCopy_##T(Dest, Size, Src, (SIZE_T)-2);                                         \
    if (e)                                                                                  \
        Dest[0] = 0;                                                                        \
    return e;                                                                               \
}                                                                                           \
kmcrt_errno_t NCPY(T *Dest, SIZE_T Size, const T *Src, SIZE_T Count)                        \
{                                                                                           \
    kmcrt_errno_t e;                                                                        \
    if (Count == 0 && !Dest && Size == 0)                                                   \
        return 0;                                                                           \
    if (!Dest || Size == 0)                                                                 \
        return KMCRT_EINVAL;                                                                \
    if (Count == 0) {                                                                       \
        Dest[0] = 0;                                                                        \
        return 0;                                                                           \
    }                                                                                       \
    if (!Src) {                                                                             \
        Dest[0] = 0;                                                                        \
        return KMCRT_EINVAL;                                                                \
    }                                                                                       \
    e = KmcrtCopy_##T(Dest, Size, Src, Count);                                              \
    if (e == KMCRT_ERANGE)                                                                  \
        Dest[0] = 0;                                                                        \
    return e;                                                                               \
}                                                                                           \
static kmcrt_errno_t KmcrtAppend_##T(T *Dest, SIZE_T Size, const T *Src, SIZE_T Count)     \
{                                                                                           \
    SIZE_T Used = 0;                                                                        \
    kmcrt_errno_t e;                                                                        \
    if (!Dest || Size == 0)                                                                 \
        return KMCRT_EINVAL;                                                                \
    if (!Src) {                                                                             \
        Dest[0] = 0;                                                                        \
        return KMCRT_EINVAL;                                                                \
    }                                                                                       \
    while (Used < Size && Dest[Used])                                                       \
        Used++;                                                                             \
    if (Used == Size) { /* the destination is not terminated within its size */             \
        Dest[0] = 0;                                                                        \
        return KMCRT_EINVAL;                                                                \
    }                                                                                       \
    e = KmcrtCopy_##T(Dest + Used, Size - Used, Src, Count);                                \
    if (e == KMCRT_ERANGE)                                                                  \
        Dest[0] = 0;                                                                        \
    return e;                                                                               \
}                                                                                           \
kmcrt_errno_t CAT(T *Dest, SIZE_T Size, const T *Src)                                       \
{                                                                                           \
    return KmcrtAppend_##T(Dest, Size, Src, (SIZE_T)-2);                                    \
}                                                                                           \
kmcrt_errno_t NCAT(T *Dest, SIZE_T Size, const T *Src, SIZE_T Count)                        \
{                                                                                           \
    static const T Empty[1] = { 0 };                                                        \
    if (Count == 0 && !Dest && Size == 0)                                                   \
        return 0;                                                                           \
    if (Count == 0 && !Src)                                                                 \
        Src = Empty;    /* the source is only checked when something is to be appended */  \
    return KmcrtAppend_##T(Dest, Size, Src, Count);                                         \
}

KMCRT_DEFINE_SECURE_STRINGS(CHAR, kmcrt_strcpy_s, kmcrt_strcat_s, kmcrt_strncpy_s, kmcrt_strncat_s)
KMCRT_DEFINE_SECURE_STRINGS(WCHAR, kmcrt_wcscpy_s, kmcrt_wcscat_s, kmcrt_wcsncpy_s, kmcrt_wcsncat_s)

/* PUBLIC FUNCTIONS **********************************************************************/

int kmcrt__stricmp(const char *a, const char *b)
{
    int ca, cb;
    do {
        ca = KmcrtFoldA((unsigned char)*a++);
        cb = KmcrtFoldA((unsigned char)*b++);
    } while (ca && ca == cb);
    return ca - cb;
}

int kmcrt__strnicmp(const char *a, const char *b, SIZE_T n)
{
    int ca = 0, cb = 0;
    while (n--) {
        ca = KmcrtFoldA((unsigned char)*a++);
        cb = KmcrtFoldA((unsigned char)*b++);
        if (!ca || ca != cb)
            break;
    }
    return ca - cb;
}

int kmcrt__memicmp(const void *a, const void *b, SIZE_T n)
{
    const unsigned char *pa = a, *pb = b;
    for (SIZE_T i = 0; i < n; i++) {
        int d = KmcrtFoldA(pa[i]) - KmcrtFoldA(pb[i]);
        if (d)
            return d;
    }
    return 0;
}

char *kmcrt__strlwr(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)KmcrtFoldA((unsigned char)*p);
    return s;
}

char *kmcrt__strupr(char *s)
{
    for (char *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return s;
}

char *kmcrt__strrev(char *s)
{
    SIZE_T n = strlen(s);
    for (SIZE_T i = 0; i < n / 2; i++) {
        char c = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = c;
    }
    return s;
}

kmcrt_errno_t kmcrt_memcpy_s(void *Dest, SIZE_T Size, const void *Src, SIZE_T Count)
{
    if (Count == 0)
        return 0;
    if (!Dest)
        return KMCRT_EINVAL;
    if (!Src || Size < Count) {
        memset(Dest, 0, Size);   /* the destination is cleared on failure */
        return Src ? KMCRT_ERANGE : KMCRT_EINVAL;
    }
    memcpy(Dest, Src, Count);
    return 0;
}

kmcrt_errno_t kmcrt_memmove_s(void *Dest, SIZE_T Size, const void *Src, SIZE_T Count)
{
    if (Count == 0)
        return 0;
    if (!Dest || !Src)
        return KMCRT_EINVAL;
    if (Size < Count)
        return KMCRT_ERANGE;
    memmove(Dest, Src, Count);
    return 0;
}
