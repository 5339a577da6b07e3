/*
 * PURPOSE: test-loader's shared pieces: the recording hook its drivers import (exported by
 * test-loader, built with -rdynamic) and file helpers.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ldr_host.h"
#include "ldr_test.h"

#define LDR_MAX_EVENTS 256

static LDR_EVENT LdrEvents[LDR_MAX_EVENTS];
static volatile int LdrEventCount;

void LdrTestRecord(const char *Event, void *A, void *B, long Status)
{
    int i = __atomic_fetch_add(&LdrEventCount, 1, __ATOMIC_SEQ_CST);
    if (i < LDR_MAX_EVENTS) {
        snprintf(LdrEvents[i].Event, sizeof(LdrEvents[i].Event), "%s", Event);
        LdrEvents[i].A = A;
        LdrEvents[i].B = B;
        LdrEvents[i].Status = Status;
    }
}

int LdrTestShadowed(void)
{
    return 1;
}

void LdrResetEvents(void)
{
    LdrEventCount = 0;
}

const LDR_EVENT *LdrFindEvent(const char *Event)
{
    for (int i = LdrEventCount < LDR_MAX_EVENTS ? LdrEventCount : LDR_MAX_EVENTS; i-- > 0;)
        if (strcmp(LdrEvents[i].Event, Event) == 0)
            return &LdrEvents[i];
    return NULL;
}

int LdrCountEvents(const char *Event)
{
    int n = 0;
    for (int i = 0; i < LdrEventCount && i < LDR_MAX_EVENTS; i++)
        if (strcmp(LdrEvents[i].Event, Event) == 0)
            n++;
    return n;
}

char *LdrDriverPath(const char *Name)
{
    char *p = malloc(strlen(LDR_TEST_DRIVER_DIR) + strlen(Name) + 2);
    sprintf(p, "%s/%s", LDR_TEST_DRIVER_DIR, Name);
    return p;
}

VOID LdrNtNameOf(const char *HostPath, PUNICODE_STRING Name)
{
    static const char prefix[] = "\\??\\C:";
    size_t n = strlen(prefix) + strlen(HostPath);
    PWCHAR b = malloc((n + 1) * sizeof(WCHAR));
    size_t o = 0;

    for (const char *p = prefix; *p; p++)
        b[o++] = (WCHAR)*p;
    for (const char *p = HostPath; *p; p++)
        b[o++] = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
    b[o] = 0;
    Name->Buffer = b;
    Name->Length = (USHORT)(o * sizeof(WCHAR));
    Name->MaximumLength = (USHORT)((o + 1) * sizeof(WCHAR));
}

VOID LdrFreeName(PUNICODE_STRING Name)
{
    free(Name->Buffer);
    Name->Buffer = NULL;
}

char *LdrMakeTempDir(void)
{
    const char *base = getenv("TMPDIR");
    char *t = malloc(4096);
    snprintf(t, 4096, "%s/kmode-ldr.XXXXXX", base && base[0] ? base : "/tmp");
    if (mkdtemp(t) == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

static int LdrRemoveOne(const char *Path, const struct stat *St, int Flag, struct FTW *Ftw)
{
    (void)St;
    (void)Flag;
    (void)Ftw;
    remove(Path);
    return 0;
}

void LdrRemoveTree(const char *Path)
{
    if (Path != NULL)
        nftw(Path, LdrRemoveOne, 8, FTW_DEPTH | FTW_PHYS);
}

BOOLEAN LdrCopyFile(const char *From, const char *To)
{
    FILE *in = fopen(From, "rb"), *out;
    char buf[65536];
    size_t n;

    if (in == NULL)
        return FALSE;
    out = fopen(To, "wb");
    if (out == NULL) {
        fclose(in);
        return FALSE;
    }
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    return fclose(out) == 0;
}

BOOLEAN LdrWriteFile(const char *Path, const void *Data, unsigned long Size)
{
    FILE *f = fopen(Path, "wb");
    if (f == NULL)
        return FALSE;
    fwrite(Data, 1, Size, f);
    return fclose(f) == 0;
}
