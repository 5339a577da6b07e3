/*
 * PURPOSE: wdm.h part: exception records, processor context, raising exceptions and
 * probing user buffers. The __try machinery itself is in <excpt.h>.
 */
#ifndef _KMODE_WDM_EXCPT_H_
#define _KMODE_WDM_EXCPT_H_

#include <excpt.h>

KMODE_EXTERN_C_START

#define EXCEPTION_NONCONTINUABLE      0x01
#define EXCEPTION_UNWINDING           0x02
#define EXCEPTION_EXIT_UNWIND         0x04
#define EXCEPTION_STACK_INVALID       0x08
#define EXCEPTION_NESTED_CALL         0x10
#define EXCEPTION_TARGET_UNWIND       0x20
#define EXCEPTION_COLLIDED_UNWIND     0x40
#define EXCEPTION_SOFTWARE_ORIGINATE  0x80
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND | \
                          EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND)
#define EXCEPTION_MAXIMUM_PARAMETERS  15

typedef struct _EXCEPTION_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;   /* chained record (nested exceptions) */
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

typedef struct DECLSPEC_ALIGN(16) _M128A {
    ULONGLONG Low;
    LONGLONG High;
} M128A, *PM128A;

/* The FXSAVE image. */
typedef struct DECLSPEC_ALIGN(16) _XSAVE_FORMAT {
    USHORT ControlWord;
    USHORT StatusWord;
    UCHAR TagWord;
    UCHAR Reserved1;
    USHORT ErrorOpcode;
    ULONG ErrorOffset;
    USHORT ErrorSelector;
    USHORT Reserved2;
    ULONG DataOffset;
    USHORT DataSelector;
    USHORT Reserved3;
    ULONG MxCsr;
    ULONG MxCsr_Mask;
    M128A FloatRegisters[8];
    M128A XmmRegisters[16];
    UCHAR Reserved4[96];
} XSAVE_FORMAT, *PXSAVE_FORMAT;
typedef XSAVE_FORMAT XMM_SAVE_AREA32, *PXMM_SAVE_AREA32;

#define CONTEXT_AMD64            0x00100000L
#define CONTEXT_CONTROL          (CONTEXT_AMD64 | 0x00000001L)
#define CONTEXT_INTEGER          (CONTEXT_AMD64 | 0x00000002L)
#define CONTEXT_SEGMENTS         (CONTEXT_AMD64 | 0x00000004L)
#define CONTEXT_FLOATING_POINT   (CONTEXT_AMD64 | 0x00000008L)
#define CONTEXT_DEBUG_REGISTERS  (CONTEXT_AMD64 | 0x00000010L)
#define CONTEXT_FULL             (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL              (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS | \
                                  CONTEXT_FLOATING_POINT | CONTEXT_DEBUG_REGISTERS)

typedef struct DECLSPEC_ALIGN(16) _CONTEXT {
    ULONG64 P1Home;
    ULONG64 P2Home;
    ULONG64 P3Home;
    ULONG64 P4Home;
    ULONG64 P5Home;
    ULONG64 P6Home;
    ULONG ContextFlags;
    ULONG MxCsr;
    USHORT SegCs;
    USHORT SegDs;
    USHORT SegEs;
    USHORT SegFs;
    USHORT SegGs;
    USHORT SegSs;
    ULONG EFlags;
    ULONG64 Dr0;
    ULONG64 Dr1;
    ULONG64 Dr2;
    ULONG64 Dr3;
    ULONG64 Dr6;
    ULONG64 Dr7;
    ULONG64 Rax;
    ULONG64 Rcx;
    ULONG64 Rdx;
    ULONG64 Rbx;
    ULONG64 Rsp;
    ULONG64 Rbp;
    ULONG64 Rsi;
    ULONG64 Rdi;
    ULONG64 R8;
    ULONG64 R9;
    ULONG64 R10;
    ULONG64 R11;
    ULONG64 R12;
    ULONG64 R13;
    ULONG64 R14;
    ULONG64 R15;
    ULONG64 Rip;
    union {
        XMM_SAVE_AREA32 FltSave;
        struct {
            M128A Header[2];
            M128A Legacy[8];
            M128A Xmm0, Xmm1, Xmm2, Xmm3, Xmm4, Xmm5, Xmm6, Xmm7;
            M128A Xmm8, Xmm9, Xmm10, Xmm11, Xmm12, Xmm13, Xmm14, Xmm15;
        };
    };
    M128A VectorRegister[26];
    ULONG64 VectorControl;
    ULONG64 DebugControl;
    ULONG64 LastBranchToRip;
    ULONG64 LastBranchFromRip;
    ULONG64 LastExceptionToRip;
    ULONG64 LastExceptionFromRip;
} CONTEXT, *PCONTEXT;

typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

/*
 * The highest address ProbeForRead/ProbeForWrite accept as user space (Windows x64 value).
 * kmode source mode: until pool lives in its own range (issue 3), the probes check the
 * range arithmetic and alignment, and ProbeForWrite checks writability page by page.
 */
extern const ULONG_PTR MmUserProbeAddress;
extern PVOID MmHighestUserAddress;
#define MM_USER_PROBE_ADDRESS MmUserProbeAddress

/* @implemented: any IRQL. Raises a software exception described by ExceptionRecord. */
NTSYSAPI VOID NTAPI RtlRaiseException(_In_ PEXCEPTION_RECORD ExceptionRecord);

/* @implemented: any IRQL. Fills ContextRecord with the caller's register state. */
NTSYSAPI VOID NTAPI RtlCaptureContext(_Out_ PCONTEXT ContextRecord);

/* @implemented: <= DISPATCH_LEVEL. Raises a noncontinuable exception with code Status. */
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI ExRaiseStatus(_In_ NTSTATUS Status);
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI ExRaiseAccessViolation(VOID);
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI ExRaiseDatatypeMisalignment(VOID);

/* @implemented: <= APC_LEVEL. Raise STATUS_DATATYPE_MISALIGNMENT or STATUS_ACCESS_VIOLATION. */
NTKERNELAPI VOID NTAPI ProbeForRead(_In_reads_bytes_(Length) const volatile VOID *Address,
                                    _In_ SIZE_T Length, _In_ ULONG Alignment);
NTKERNELAPI VOID NTAPI ProbeForWrite(volatile VOID *Address,
                                     _In_ SIZE_T Length, _In_ ULONG Alignment);

KMODE_EXTERN_C_END

#endif
