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
 * Calls a dispatch routine with the verifier watching (IopInvokeDispatch, when some driver
 * has one of VF_IO_HOOK_FLAGS). Caller is the return address of IofCallDriver (the code that
 * called IoCallDriver). Checks, for a verified target driver: IRQL unchanged (0xC9/0x05),
 * STATUS_PENDING returned without IoMarkIrpPending (0xC9/0x23D) and the reverse (0x23E),
 * returned without completing, passing down or pending (0x226), a returned status other
 * than the one it completed with (0x224), an illegal or suspicious status (0x225, 0x21B).
 * Logs the IRP (0x400). Makes a synchronous completion look pending to a verified caller
 * (0x200). Returns the status IoCallDriver returns.
 */
NTSTATUS VfInvokeDispatch(_In_ PDRIVER_DISPATCH Routine, _In_ PDEVICE_OBJECT DeviceObject,
                          _Inout_ PIRP Irp, _In_opt_ PVOID Caller);

/*
 * IofCompleteRequest's first call (before its own checks). For a verified completing driver
 * (the current location's device, else the caller's image): completion above
 * DISPATCH_LEVEL (0xC9/0x0E), with STATUS_PENDING or -1 (0xC9/0x06), with a cancel routine
 * still set (0xC9/0x07). Marks the IRP pending for force-pending I/O.
 */
VOID VfIoCompleteRequest(_Inout_ PIRP Irp, _In_opt_ PVOID Caller);

/* IofCompleteRequest's walk, at each location it reaches (after reading its pending bit). */
VOID VfIoCompletionWalk(_In_ PIRP Irp, _In_ PIO_STACK_LOCATION Stack);

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

#endif
