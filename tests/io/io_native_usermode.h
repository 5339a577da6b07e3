/*
 * PURPOSE: Test helper (runtime-mode tests of tests/io): run Nt* services as a user-mode
 * caller would, i.e. with the thread's previous mode UserMode, so the I/O manager probes
 * and captures the arguments and checks handle access.
 */
#ifndef IO_NATIVE_USERMODE_H
#define IO_NATIVE_USERMODE_H

#include <internal/ke.h>

/* A kernel-space address: every probe from user mode rejects it. */
#define IO_TEST_KERNEL_ADDRESS ((PVOID)(ULONG_PTR)0xFFFF800000001000ULL)

#define AS_USER(Expr)                                                  \
    ({                                                                \
        KPROCESSOR_MODE _Old = KiThreadState.PreviousMode;            \
        KiThreadState.PreviousMode = UserMode;                        \
        __typeof__(Expr) _Result = (Expr);                            \
        KiThreadState.PreviousMode = _Old;                            \
        _Result;                                                      \
    })

#endif
