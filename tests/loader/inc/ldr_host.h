/*
 * PURPOSE: test-loader's side of the drivers' recording hook (ldr_test.h), and helpers the
 * loader tests share.
 */
#ifndef LDR_HOST_H
#define LDR_HOST_H

#include <ntddk.h>

/* Event is copied: the string lives in a driver image that may be unloaded by now. */
typedef struct {
    char Event[32];
    void *A;
    void *B;
    long Status;
} LDR_EVENT;

/* Forgets the events recorded so far. */
void LdrResetEvents(void);
/* The last event named Event, or NULL. */
const LDR_EVENT *LdrFindEvent(const char *Event);
/* How many events named Event were recorded. */
int LdrCountEvents(const char *Event);

/* LDR_TEST_DRIVER_DIR "/" Name (static buffer per call site is not needed: malloc'd). */
char *LdrDriverPath(const char *Name);

/* L"\\??\\C:" followed by HostPath with '/' turned into '\' (malloc'd buffer). */
VOID LdrNtNameOf(const char *HostPath, PUNICODE_STRING Name);
VOID LdrFreeName(PUNICODE_STRING Name);

/* A fresh empty directory under $TMPDIR (malloc'd path); removed with LdrRemoveTree. */
char *LdrMakeTempDir(void);
void LdrRemoveTree(const char *Path);
/* Copies a file; FALSE on failure. */
BOOLEAN LdrCopyFile(const char *From, const char *To);
/* Writes Size bytes of Data to Path. */
BOOLEAN LdrWriteFile(const char *Path, const void *Data, unsigned long Size);

#endif
