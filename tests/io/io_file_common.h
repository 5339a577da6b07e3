/*
 * PURPOSE: Shared helpers of the runtime-mode file-object tests (io_file_test.c,
 * io_rw_test.c, io_ioctl_test.c, io_native_test.c): loading the test driver once, opening
 * its devices from kernel mode (Zw*) and as a user-mode caller (Nt* through NT_SYSCALL).
 */
#ifndef IO_FILE_COMMON_H
#define IO_FILE_COMMON_H

#include <internal/ntnative.h>
#include <internal/io.h>
#include <internal/ob.h>
#include <internal/ps.h>
#include <string.h>
#include "io_file_drv.h"
#include "ktest.h"

/* A kernel-space address: every probe from user mode rejects it. */
#define IO_TEST_KERNEL_ADDRESS ((PVOID)(ULONG_PTR)0xFFFF800000001000ULL)

/* Loads the test driver the first time (it stays for the whole run). */
static inline VOID IoTestLoadDriver(KTEST *t)
{
    PDRIVER_OBJECT Driver;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(IOFT_DRIVER_NAME);

    if (IoftState.Driver == NULL)   /* (DriverEntry records it) */
        KT_ASSERT_EQ(t, IopCreateDriver(&Name, IoftDriverEntry, NULL, NULL, 0, NULL, &Driver),
                     STATUS_SUCCESS);
    IoftResetState();
}

static inline BOOLEAN IoTestLogIs(const char *Expected)
{
    LONG Length = (LONG)strlen(Expected);
    return IoftState.LogLength == Length && memcmp(IoftState.Log, Expected, Length) == 0;
}

#define KT_EXPECT_LOG(t, expected)                                                         \
    do {                                                                                   \
        if (!IoTestLogIs(expected))                                                        \
            KT_FAIL(t, "driver log should be \"%s\", but is \"%.*s\"", (expected),        \
                    (int)IoftState.LogLength, IoftState.Log);                              \
    } while (0)

/* Opens Name from kernel mode (kernel handle). Returns the status; *Handle set on success. */
static inline NTSTATUS IoTestOpen(PCWSTR Name, ACCESS_MASK Access, ULONG Options,
                                  PHANDLE Handle, PIO_STATUS_BLOCK IoStatus)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Local;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    return ZwCreateFile(Handle, Access, &Attributes, IoStatus ? IoStatus : &Local, NULL, 0,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, Options, NULL, 0);
}

/* Opens Name as a user-mode caller (process handle table). */
static inline NTSTATUS IoTestOpenUser(PCWSTR Name, ACCESS_MASK Access, ULONG Options,
                                      PHANDLE Handle, PIO_STATUS_BLOCK IoStatus)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NT_SYSCALL(NtCreateFile(Handle, Access, &Attributes, IoStatus, NULL, 0,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, Options,
                                   NULL, 0));
}

/* The file object behind a handle (referenced). */
static inline PFILE_OBJECT IoTestFileObject(HANDLE Handle)
{
    PFILE_OBJECT File = NULL;
    ObReferenceObjectByHandle(Handle, 0, *IoFileObjectType, KernelMode, (PVOID *)&File, NULL);
    return File;
}

/* Starts a system thread running Routine(Context); returns its referenced object. */
static inline PVOID IoTestStartThread(KTEST *t, PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE h;
    PVOID Thread = NULL;
    KT_ASSERT_EQ(t, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine,
                                         Context), STATUS_SUCCESS);
    ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode, &Thread, NULL);
    ZwClose(h);
    return Thread;
}

static inline VOID IoTestJoinThread(PVOID Thread)
{
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Thread);
}

/* Yields until the driver holds Count pended IRPs. */
static inline VOID IoTestWaitPending(LONG Count)
{
    LARGE_INTEGER Tick = { .QuadPart = -1000 };
    while (__atomic_load_n(&IoftState.PendingCount, __ATOMIC_ACQUIRE) != Count)
        KeDelayExecutionThread(KernelMode, FALSE, &Tick);
}

#endif
