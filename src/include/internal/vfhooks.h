/*
 * PURPOSE: The hooks the I/O manager and the lock DDIs call into the verifier's I/O,
 * force-pending, IRP-logging, DDI-compliance and deadlock-detection checks
 * (src/verifier/vfio.c, vfirplog.c, vfddi.c, vfdeadlock.c). docs/verifier.md.
 *
 * Every hook is called behind a one-load guard (VfAnyDriver), so with the verifier off the
 * hot paths pay one predictable branch:
 *
 *     if (__builtin_expect(VfAnyDriver(VF_IO_HOOK_FLAGS), 0))
 *         VfIoFreeIrp(Irp, __builtin_return_address(0));
 */
#ifndef _KMODE_INTERNAL_VFHOOKS_H_
#define _KMODE_INTERNAL_VFHOOKS_H_

#include <internal/verifier.h>

/* ---- I/O verification, force pending I/O, IRP logging (src/verifier/vfio.c) ----------- */

/* The flags under which the I/O manager calls the hooks below. */
#define VF_IO_HOOK_FLAGS (VF_FLAG_IO_CHECKING | VF_FLAG_ENHANCED_IO_CHECKING | \
                          VF_FLAG_FORCE_PENDING_IO | VF_FLAG_IRP_LOGGING)

/*
 * A dispatch call with the verifier watching (IopInvokeDispatch, when some driver has one of
 * VF_IO_HOOK_FLAGS): VfDispatchBegin before the invoke layer calls the routine,
 * VfDispatchEnd with what it returned. Caller is the return address of IofCallDriver (the
 * code that called IoCallDriver). Checks, for a verified target driver: IRQL unchanged
 * (0xC9/0x05), STATUS_PENDING returned without IoMarkIrpPending (0xC9/0x23D) and the
 * reverse (0x23E), returned without completing, passing down or pending (0x226), a returned
 * status other than the one it completed with (0x224), an illegal or suspicious status
 * (0x225, 0x21B), APC disable count changed (0xC4/0xC5). For a verified sender (Caller's
 * image, else the dispatch routine the thread runs): an IRP sent at an IRQL illegal for its
 * major function (0x23A), PnP/power/WMI status rules (0x20E-0x210, 0x215/0x216,
 * 0x219/0x21A). Logs the IRP (0x400). Makes a synchronous completion look pending to a
 * verified caller (0x200). VfDispatchEnd returns the status IoCallDriver returns.
 */
typedef struct _VF_DISPATCH_CALL {
    PVOID Frame;          /* the verifier's record of the call (NULL: none, table full) */
    PVOID Parent;         /* the thread's enclosing call */
    PVOID Logged;         /* the IRP log entry (0x400) */
    ULONG Flags;          /* the target driver's verifier flags */
    KIRQL IrqlBefore;
} VF_DISPATCH_CALL;

VOID VfDispatchBegin(_Out_ VF_DISPATCH_CALL *Call, _In_ PDRIVER_DISPATCH Routine,
                     _In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp, _In_opt_ PVOID Caller);
NTSTATUS VfDispatchEnd(_Inout_ VF_DISPATCH_CALL *Call, _Inout_ PIRP Irp, _In_ NTSTATUS Status);

/*
 * IofCompleteRequest's first call (before its own checks). For a verified completing driver
 * (the current location's device, else the caller's image): completion above
 * DISPATCH_LEVEL (0xC9/0x0E), with STATUS_PENDING or -1 (0xC9/0x06), with a cancel routine
 * still set (0xC9/0x07), Information beyond a buffered request's output (0x312), the
 * PnP/power/WMI completion rules (0x216, 0x21A, 0x220, 0x22F, 0x231, 0x232, 0x247, 0x306).
 * Marks the IRP pending for force-pending I/O.
 */
VOID VfIoCompleteRequest(_Inout_ PIRP Irp, _In_opt_ PVOID Caller);

/* IofCompleteRequest's walk, at each location it reaches (after reading its pending bit). */
VOID VfIoCompletionWalk(_In_ PIRP Irp, _In_ PIO_STACK_LOCATION Stack);

/*
 * A completion routine call with the verifier watching (IopInvokeCompletionRoutine):
 * VfCompletionBegin before the routine runs, VfCompletionEnd with its result. For a
 * verified driver (the device's, else the routine's image): IRQL changed (0xC4/0xFA), APC
 * disable count changed (0xC4/0xFB), PendingReturned not propagated (0xC9/0x228).
 */
typedef struct _VF_COMPLETION_CALL {
    ULONG Flags;              /* the routine's driver's verifier flags */
    ULONG ApcDisable;         /* the thread's APC disable counts before the call */
    KIRQL Irql;               /* IRQL before the call */
    BOOLEAN PendingReturned;  /* Irp->PendingReturned the routine was given */
} VF_COMPLETION_CALL;

VOID VfCompletionBegin(_Out_ VF_COMPLETION_CALL *Call, _In_ PIO_COMPLETION_ROUTINE Routine,
                       _In_opt_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp);
VOID VfCompletionEnd(_In_ VF_COMPLETION_CALL *Call, _In_ PIO_COMPLETION_ROUTINE Routine,
                     _In_ PIRP Irp, _In_ NTSTATUS Result);

/* IoFreeIrp's first call: not an IRP (0xC9/0x01), still queued to a thread (0xC9/0x02),
   still being dispatched to a verified driver (0xC9/0x20B). */
VOID VfIoFreeIrp(_In_ PIRP Irp, _In_opt_ PVOID Caller);

/* ---- IRP log (src/verifier/vfirplog.c) --------------------------------------------------- */

/* Entries kept per device (the oldest is overwritten), and devices logged at once. */
#define VF_IRP_LOG_ENTRIES 32
#define VF_IRP_LOG_DEVICES 64

/*
 * One logged IRP, as !verifier 0x400 shows it. The gdb extension reads these through
 * VfIrpLogTable (docs/verifier.md, "IRP logging").
 */
typedef struct _VF_IRP_LOG_ENTRY {
    PIRP Irp;
    PVOID Thread;                 /* the dispatching KTHREAD */
    LONGLONG Time;                /* KeQueryInterruptTime() at dispatch, 100 ns units */
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    KIRQL Irql;                   /* IRQL the dispatch routine was called at */
    UCHAR Flags;                  /* VF_IRP_LOG_* */
    ULONG IoControlCode;          /* for IRP_MJ_(INTERNAL_)DEVICE_CONTROL, else 0 */
    NTSTATUS Status;              /* what the dispatch routine returned (valid with _RETURNED) */
} VF_IRP_LOG_ENTRY;

#define VF_IRP_LOG_RETURNED 0x01  /* the dispatch routine has returned */
#define VF_IRP_LOG_FORCED   0x02  /* force-pending turned its status into STATUS_PENDING */

typedef struct _VF_IRP_LOG {
    PDEVICE_OBJECT Device;        /* NULL: free slot */
    PDRIVER_OBJECT Driver;
    ULONG Count;                  /* entries ever logged; entry i is at Entries[i % N] */
    VF_IRP_LOG_ENTRY Entries[VF_IRP_LOG_ENTRIES];
} VF_IRP_LOG;

/* The table (one slot per logged device), for the debugger. Guarded by an internal lock. */
extern VF_IRP_LOG VfIrpLogTable[VF_IRP_LOG_DEVICES];

/* Logs the dispatch of Irp to Device; returns a cookie for VfIrpLogReturned (or NULL). */
VF_IRP_LOG_ENTRY *VfIrpLogDispatch(_In_ PDEVICE_OBJECT Device, _In_ PIRP Irp);
VOID VfIrpLogReturned(_In_opt_ VF_IRP_LOG_ENTRY *Entry, _In_ PIRP Irp, _In_ NTSTATUS Status,
                      _In_ BOOLEAN Forced);

/*
 * Appends the IRP log of Device (newest last) to Buffer as text lines, writing at most
 * Capacity - 1 characters plus a NUL; returns the number written (0: nothing logged for
 * it). No allocation, no locks that a bugchecking thread could hold forever: safe in a
 * bugcheck report hook. Device NULL: the device of the IRP the current thread dispatches.
 */
SIZE_T VfIrpLogFormat(_In_opt_ PDEVICE_OBJECT Device, _Out_writes_(Capacity) char *Buffer,
                      _In_ SIZE_T Capacity);

/* Forgets the logs of Driver's devices (its end of life). */
VOID VfIrpLogForgetDriver(_In_ PDRIVER_OBJECT Driver);

/* ---- Deadlock detection (src/verifier/vfdeadlock.c) ------------------------------------ */

/* Lock kinds (the Type argument), with modifiers. */
#define VF_LOCK_SPIN        1     /* spin locks, in-stack queued spin locks */
#define VF_LOCK_MUTEX       2     /* KMUTEX (acquired by KeWaitFor(Single|Multiple)Object(s)) */
#define VF_LOCK_FAST_MUTEX  3     /* FAST_MUTEX, KGUARDED_MUTEX */
#define VF_LOCK_RESOURCE    4     /* ERESOURCE */
#define VF_LOCK_TYPE_MASK   0x0F
#define VF_LOCK_SHARED      0x10  /* a shared acquisition (resources) */
#define VF_LOCK_FOR_THREAD  0x20  /* released on behalf of another thread */

/*
 * Caller is the return address of the DDI (the code that called it); only calls from
 * verified drivers with VF_FLAG_DEADLOCK_DETECTION count. VfDeadlockAcquire runs before a
 * blocking acquisition (after a successful try): self-deadlock 0xC4/0x1000, lock order
 * cycle 0xC4/0x1001, else records the lock as held. VfDeadlockRelease: out-of-order spin
 * lock release 0x1003 (NewIrql: the IRQL the release returns to, else HIGH_LEVEL), released
 * by another thread 0x1004, not acquired 0x1007. VfDeadlockAbandon undoes an acquisition
 * that did not happen (a failed wait). VfDeadlockInitialize: Lock is a new lock (its old
 * order edges go). VfDeadlockWaitDone: KeWaitForSingleObject's result (a KMUTEX acquired).
 */
VOID VfDeadlockAcquire(_In_ PVOID Lock, _In_ ULONG Type, _In_opt_ PVOID Caller);
VOID VfDeadlockRelease(_In_ PVOID Lock, _In_ ULONG Type, _In_ KIRQL NewIrql,
                       _In_opt_ PVOID Caller);
VOID VfDeadlockAbandon(_In_ PVOID Lock);
VOID VfDeadlockInitialize(_In_ PVOID Lock);
VOID VfDeadlockWaitDone(_In_ PVOID Object, _In_ NTSTATUS Status, _In_opt_ PVOID Caller);
/* KeWaitForMultipleObjects' result: each KMUTEX a satisfied wait acquired (WaitAny: the one
   the status names; WaitAll: all, in array order) is an acquisition. */
VOID VfDeadlockMultipleWaitDone(_In_ ULONG Count, _In_reads_(Count) PVOID const *Objects,
                                _In_ WAIT_TYPE WaitType, _In_ NTSTATUS Status,
                                _In_opt_ PVOID Caller);

/* The one-line hooks in the lock DDIs (Caller: the DDI's return address). */
#define VF_DEADLOCK_ACQUIRE(Lock, Type)                                                  \
    do {                                                                                 \
        if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))                \
            VfDeadlockAcquire((PVOID)(Lock), (Type), __builtin_return_address(0));       \
    } while (0)
#define VF_DEADLOCK_ACQUIRE_AT(Lock, Type, Caller)                                       \
    do {                                                                                 \
        if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))                \
            VfDeadlockAcquire((PVOID)(Lock), (Type), (Caller));                          \
    } while (0)
#define VF_DEADLOCK_RELEASE(Lock, Type, NewIrql)                                         \
    do {                                                                                 \
        if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))                \
            VfDeadlockRelease((PVOID)(Lock), (Type), (NewIrql),                          \
                              __builtin_return_address(0));                              \
    } while (0)
#define VF_DEADLOCK_RELEASE_AT(Lock, Type, Caller)                                       \
    do {                                                                                 \
        if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))                \
            VfDeadlockRelease((PVOID)(Lock), (Type), HIGH_LEVEL, (Caller));              \
    } while (0)
#define VF_DEADLOCK_INITIALIZE(Lock)                                                     \
    do {                                                                                 \
        if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))                \
            VfDeadlockInitialize((PVOID)(Lock));                                         \
    } while (0)

/* ---- DDI compliance checking (src/verifier/vfddi.c) ------------------------------------ */

/* Rule ids (Bug Check 0xC4 Parameter 1). */
#define VF_DDI_IRQL_DISPATCH              0x00020003
#define VF_DDI_IRQL_EX_ALLOCATE_POOL      0x00020004
#define VF_DDI_IRQL_EX_APC_LTE1           0x00020005
#define VF_DDI_IRQL_EX_APC_LTE3           0x00020007
#define VF_DDI_IRQL_IO_PASSIVE1           0x0002000A
#define VF_DDI_IRQL_IO_PASSIVE4           0x0002000D
#define VF_DDI_IRQL_IO_PASSIVE5           0x0002000E
#define VF_DDI_IRQL_KE_APC_LTE1           0x0002000F
#define VF_DDI_IRQL_KE_APC_LTE2           0x00020010
#define VF_DDI_IRQL_KE_DISPATCH_LTE       0x00020011
#define VF_DDI_IRQL_KE_RELEASE_SPIN_LOCK  0x00020015
#define VF_DDI_IRQL_KE_SET_EVENT          0x00020016
#define VF_DDI_IRQL_OB_PASSIVE            0x0002001B
#define VF_DDI_IRQL_PS_PASSIVE            0x0002001C
#define VF_DDI_IRQL_ZW_PASSIVE            0x0002001F
#define VF_DDI_SPIN_LOCK                  0x00040009

/* Bugchecks 0xC4 (Rule, condition text, 0, 0) when Caller lies in an image verified with
   VF_FLAG_DDI_COMPLIANCE; returns otherwise. */
VOID VfDdiViolation(_In_ ULONG Rule, _In_opt_ PVOID Caller);
/* IrqlExAllocatePool's condition for PoolType at the current IRQL. */
BOOLEAN VfDdiBadPoolIrql(_In_ ULONG PoolType);
/* TRUE when the current thread holds SpinLock (the SpinLock rule). */
BOOLEAN VfDdiSpinLockHeld(_In_ PKSPIN_LOCK SpinLock);
/* The name of a rule ("IrqlExAllocatePool"), or NULL. */
PCSTR VfDdiRuleName(_In_ ULONG Rule);

/* The one-line hooks: Violated is evaluated only while some driver has DDI checking. */
#define VF_DDI_RULE_AT(Rule, Violated, Caller)                                           \
    do {                                                                                 \
        if (__builtin_expect(VfAnyDriver(VF_FLAG_DDI_COMPLIANCE), 0) && (Violated))      \
            VfDdiViolation((Rule), (Caller));                                            \
    } while (0)
#define VF_DDI_RULE(Rule, Violated) VF_DDI_RULE_AT(Rule, Violated, __builtin_return_address(0))

/* Forgets the locks the current thread holds (a test harness, after a caught bugcheck). */
VOID VfDeadlockForgetThread(VOID);

#endif
