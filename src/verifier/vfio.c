/*
 * PURPOSE: Driver Verifier's I/O verification (0x10, 0x40) and force pending I/O (0x200):
 * the checks on verified drivers' dispatch routines and on IoCompleteRequest/IoFreeIrp,
 * with Windows' bugcheck codes (0xC9 DRIVER_VERIFIER_IOMANAGER_VIOLATION and its "WDM
 * DRIVER ERROR" subcodes). docs/verifier.md, "I/O verification".
 *
 * Each call into a dispatch routine made while the verifier watches gets a frame: which
 * IRP, which stack location, which driver, and what the completion walk saw when it passed
 * that location (completed? marked pending? with which status?). The walk records that
 * under the frame lock, so when the dispatch routine returns the verifier knows what
 * happened without touching an IRP that may already be completed and freed.
 *
 * Frames live in a fixed table, not on the stack: a bugcheck caught by KmodeCatchBugCheck
 * abandons the frames of the calls it unwinds; they are recognized by their stack address
 * (below the current stack pointer of their own thread) and dropped.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/ke.h>
#include <internal/io.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

/* 0xC9 subcodes (Parameter 1). The 0x2xx ones are the "WDM DRIVER ERROR" codes: Windows
   shows them in a crash dump as 0xC9 (code, address in the driver, IRP, device). */
#define VF_C9_FREE_NOT_AN_IRP        0x01
#define VF_C9_FREE_THREAD_IRP        0x02
#define VF_C9_IRQL_CHANGED           0x05
#define VF_C9_COMPLETE_PENDING       0x06
#define VF_C9_COMPLETE_CANCEL_SET    0x07
#define VF_C9_COMPLETE_HIGH_IRQL     0x0E
#define VF_C9_FREE_IN_USE            0x20B
#define VF_C9_PNP_BAD_INITIAL_STATUS 0x20E
#define VF_C9_POWER_BAD_INITIAL_STATUS 0x20F
#define VF_C9_WMI_BAD_INITIAL_STATUS 0x210
#define VF_C9_PNP_FAILED_PASSED_DOWN 0x215
#define VF_C9_PNP_NOT_SUPPORTED_SET  0x216
#define VF_C9_POWER_FAILED_PASSED_DOWN 0x219
#define VF_C9_POWER_NOT_SUPPORTED_SET 0x21A
#define VF_C9_SUSPICIOUS_STATUS      0x21B
#define VF_C9_WMI_NOT_PASSED_DOWN    0x220
#define VF_C9_STATUS_MISMATCH        0x224
#define VF_C9_ILLEGAL_STATUS         0x225
#define VF_C9_NOT_HANDLED            0x226
#define VF_C9_COMPLETION_NOT_MARKED  0x228
#define VF_C9_PNP_UNTOUCHED_COMPLETED 0x22F
#define VF_C9_POWER_SUCCESS_COMPLETED 0x231
#define VF_C9_POWER_UNTOUCHED_COMPLETED 0x232
#define VF_C9_FORWARDED_AT_BAD_IRQL  0x23A
#define VF_C9_PENDING_NOT_MARKED     0x23D
#define VF_C9_MARKED_NOT_PENDING     0x23E
#define VF_C9_MUST_NOT_FAIL          0x247
#define VF_C9_REMOVE_FAILED          0x306
#define VF_C9_INFORMATION_TOO_LARGE  0x312

/* 0xC4 subcodes of the I/O checks (DRIVER_VERIFIER_DETECTED_VIOLATION). */
#define VF_C4_DISPATCH_APC_CHANGED   0xC5
#define VF_C4_COMPLETION_IRQL_CHANGED 0xFA
#define VF_C4_COMPLETION_APC_CHANGED 0xFB

/* I/O verification: 0x10, or 0x40 (enhanced), which Windows 7 and later fold into 0x10. */
#define VF_IO_CHECKS (VF_FLAG_IO_CHECKING | VF_FLAG_ENHANCED_IO_CHECKING)

#define VF_MAX_FRAMES 256

typedef struct _VF_FRAME {
    PIRP Irp;                      /* NULL: free slot */
    PIO_STACK_LOCATION Stack;      /* the target driver's location */
    PDEVICE_OBJECT Device;
    PDRIVER_DISPATCH Routine;
    struct _KTHREAD *Thread;
    ULONG_PTR StackPointer;        /* VfDispatchBegin's frame address */
    struct _VF_FRAME *Parent;      /* the dispatch this one is nested in, on this thread */
    ULONG Flags;                   /* the target driver's verifier flags (0: not verified) */
    ULONG ApcDisable;              /* the thread's APC disable counts at the call */
    NTSTATUS EntryStatus;          /* IoStatus.Status when the dispatch routine got the IRP */
    BOOLEAN ForcePending;          /* the caller is verified with force pending I/O */
    BOOLEAN Forwarded;             /* the dispatch routine passed the IRP down (owner only) */
    /* Written by the completion walk (frame lock): */
    BOOLEAN Completed;             /* the walk passed Stack */
    BOOLEAN PendingMarked;         /* SL_PENDING_RETURNED in Stack then */
    BOOLEAN VerifierMarked;        /* force pending marked the IRP pending for this call */
    NTSTATUS CompletedStatus;      /* IoStatus.Status then */
    /* Owner only: */
    BOOLEAN ChildPended;           /* a nested dispatch of the same IRP returned STATUS_PENDING */
} VF_FRAME;

static VF_FRAME VfpFrames[VF_MAX_FRAMES];
static volatile LONG VfpFrameLock;
static volatile LONG VfpFramesInUse;
static __thread VF_FRAME *VfpCurrentFrame;

/* IRPs a verified driver's dispatch routine pended (returned STATUS_PENDING for) and has not
   completed yet: still there when the driver unloads, they are leaked (frame lock). */
#define VF_MAX_PENDING 1024

typedef struct _VF_PENDING {
    PIRP Irp;                      /* NULL: free slot */
    PIO_STACK_LOCATION Stack;
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Device;
    PDRIVER_DISPATCH Routine;
} VF_PENDING;

static VF_PENDING VfpPending[VF_MAX_PENDING];
static volatile LONG VfpPendingCount;
static volatile LONG VfpUnloadCheckRegistered;

/* PRIVATE FUNCTIONS *********************************************************************/

/* The frame lock: a bare test-and-set lock (any IRQL, never held while calling out). */
static VOID VfpLockFrames(VOID)
{
    while (__atomic_exchange_n(&VfpFrameLock, 1, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(&VfpFrameLock, __ATOMIC_RELAXED) != 0)
            KiCpuRelax();
    }
}

static VOID VfpUnlockFrames(VOID)
{
    __atomic_store_n(&VfpFrameLock, 0, __ATOMIC_RELEASE);
}

/* Frees a frame (frame lock held). */
static VOID VfpFreeFrame(VF_FRAME *Frame)
{
    Frame->Irp = NULL;
    __atomic_sub_fetch(&VfpFramesInUse, 1, __ATOMIC_RELAXED);
}

/* Drops this thread's frames abandoned by a caught bugcheck: those whose stack address is
   at or below StackPointer (a live frame belongs to a call still on the stack above us). */
static VOID VfpPruneThread(ULONG_PTR StackPointer)
{
    VF_FRAME *Frame = VfpCurrentFrame;

    if (Frame == NULL || Frame->StackPointer > StackPointer)
        return;
    VfpLockFrames();
    while (Frame != NULL && Frame->StackPointer <= StackPointer) {
        VF_FRAME *Parent = Frame->Parent;
        VfpFreeFrame(Frame);
        Frame = Parent;
    }
    VfpUnlockFrames();
    VfpCurrentFrame = Frame;
}

/* Takes a free slot and fills it from Template (under the lock: other threads scan). */
static VF_FRAME *VfpAllocateFrame(const VF_FRAME *Template)
{
    VF_FRAME *Found = NULL;

    VfpLockFrames();
    for (ULONG i = 0; i < VF_MAX_FRAMES; i++) {
        if (VfpFrames[i].Irp == NULL) {
            Found = &VfpFrames[i];
            *Found = *Template;
            __atomic_add_fetch(&VfpFramesInUse, 1, __ATOMIC_RELAXED);
            break;
        }
    }
    VfpUnlockFrames();
    return Found;
}

/* A status no driver sets on purpose: the reserved bit, or (not a customer code) a facility
   beyond any NT defines: an uninitialized variable, most likely. */
static BOOLEAN VfpIsSuspiciousStatus(NTSTATUS Status)
{
    ULONG Value = (ULONG)Status;

    if (Value & 0x10000000)
        return TRUE;
    return !(Value & 0x20000000) && ((Value >> 16) & 0xFFF) > 0xFF;
}

/* Frees Frame, pops it, and bugchecks (0xC9 with a WDM DRIVER ERROR code, or 0xC4) at the
   dispatch routine (the address the report names). */
static DECLSPEC_NORETURN VOID VfpDispatchViolationAs(VF_FRAME *Frame, ULONG BugCheckCode,
                                                     ULONG_PTR Code, ULONG_PTR P2,
                                                     ULONG_PTR P3, ULONG_PTR P4,
                                                     const char *Explanation)
{
    PVOID Routine = (PVOID)Frame->Routine;

    VfpLockFrames();
    VfpFreeFrame(Frame);
    VfpUnlockFrames();
    KiBugCheckAtFault(BugCheckCode, Code, P2, P3, P4, Routine, Explanation);
}

static DECLSPEC_NORETURN VOID VfpDispatchViolation(VF_FRAME *Frame, ULONG_PTR Code,
                                                   ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4,
                                                   const char *Explanation)
{
    VfpDispatchViolationAs(Frame, DRIVER_VERIFIER_IOMANAGER_VIOLATION, Code, P2, P3, P4,
                           Explanation);
}

/* TRUE when a verified driver pended Irp (returned STATUS_PENDING for it) and has not
   completed it yet. */
static BOOLEAN VfpIsPended(PIRP Irp)
{
    BOOLEAN Found = FALSE;

    if (__atomic_load_n(&VfpPendingCount, __ATOMIC_RELAXED) == 0)
        return FALSE;
    VfpLockFrames();
    for (ULONG i = 0; i < VF_MAX_PENDING && !Found; i++)
        Found = VfpPending[i].Irp == Irp;
    VfpUnlockFrames();
    return Found;
}

/* The thread's APC disable counts as one value, as Windows' KTHREAD keeps them
   (CombinedApcDisable: special in the high half, normal kernel APCs in the low half). */
static ULONG VfpApcDisableCount(VOID)
{
    return ((ULONG)(USHORT)KiThreadState.SpecialApcDisable << 16) |
           (USHORT)KiThreadState.KernelApcDisable;
}

/* TRUE when Device is at the bottom of its stack (attached to nothing): the only device
   that may complete a PnP or power IRP it did not pass down. kmode has no PnP manager, so
   the device at the bottom stands for the PDO. */
static BOOLEAN VfpIsBottomDevice(PDEVICE_OBJECT Device)
{
    return __atomic_load_n(&IopGetDevObjExtension(Device)->AttachedTo, __ATOMIC_RELAXED) == NULL;
}

/* IRQLs at which IoCallDriver may send an IRP of this major function: DISPATCH_LEVEL only
   for power, read, write and (internal) device control IRPs, as ForwardedAtBadIrql says. */
static BOOLEAN VfpMayForwardAtDispatch(UCHAR Major)
{
    return Major == IRP_MJ_POWER || Major == IRP_MJ_READ || Major == IRP_MJ_WRITE ||
           Major == IRP_MJ_DEVICE_CONTROL || Major == IRP_MJ_INTERNAL_DEVICE_CONTROL;
}

static DECLSPEC_NORETURN VOID VfpSendViolation(ULONG_PTR Code, PVOID Caller, PIRP Irp,
                                               PDEVICE_OBJECT Device, const char *Explanation)
{
    KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, Code, (ULONG_PTR)Caller, (ULONG_PTR)Irp,
               (ULONG_PTR)Device, Caller, Explanation);
}

/*
 * The checks on a verified driver sending Irp to Device (IoCallDriver, Caller its return
 * address): the IRQL for the major function (0x23A), and for PnP, power and WMI IRPs the
 * status rules. An IRP the driver creates must carry STATUS_NOT_SUPPORTED (0x20E, 0x20F,
 * 0x210: the bus driver at the bottom completes an IRP nobody handled with the status it
 * came with). An IRP the driver passes down must not carry a failure it set (0x215, 0x219:
 * a driver that fails a PnP or power IRP completes it), nor have a status another driver
 * set turned back into STATUS_NOT_SUPPORTED (0x216, 0x21A).
 */
static VOID VfpCheckSend(PIRP Irp, PDEVICE_OBJECT Device, VF_FRAME *Parent, PVOID Caller,
                         KIRQL Irql)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    UCHAR Major = Stack->MajorFunction;
    NTSTATUS Status = Irp->IoStatus.Status;
    BOOLEAN Forwarded = Parent != NULL && Parent->Irp == Irp;
    BOOLEAN Power = Major == IRP_MJ_POWER;

    if (Irql >= DISPATCH_LEVEL && !VfpMayForwardAtDispatch(Major)) {
        VfpSendViolation(VF_C9_FORWARDED_AT_BAD_IRQL, Caller, Irp, Device,
                         "An IRP was sent (IoCallDriver) at DISPATCH_LEVEL, an IRQL that is "
                         "illegal for its major function: only power, read, write and device "
                         "control IRPs may be sent at DISPATCH_LEVEL (the ForwardedAtBadIrql "
                         "rule). Send it at PASSIVE_LEVEL (from a work item, or before taking "
                         "the spin lock).");
    }
    if (Major != IRP_MJ_PNP && Major != IRP_MJ_POWER && Major != IRP_MJ_SYSTEM_CONTROL)
        return;
    if (!Forwarded) {
        /* Created by the caller: sent from its first location, and not an IRP a verified
           driver pended earlier and now passes on (IoSkipCurrentIrpStackLocation keeps the
           first location for the next driver). */
        if (Irp->CurrentLocation == Irp->StackCount && Status != STATUS_NOT_SUPPORTED &&
            !VfpIsPended(Irp)) {
            VfpSendViolation(Major == IRP_MJ_PNP ? VF_C9_PNP_BAD_INITIAL_STATUS
                             : Power ? VF_C9_POWER_BAD_INITIAL_STATUS
                                     : VF_C9_WMI_BAD_INITIAL_STATUS,
                             Caller, Irp, Device,
                             "A driver sent a PnP, power or WMI IRP it created without "
                             "setting Irp->IoStatus.Status to STATUS_NOT_SUPPORTED first: a "
                             "stack where no driver handles the IRP then reports the status "
                             "the IRP happened to hold (IoBuildSynchronousFsdRequest and "
                             "IoAllocateIrp leave it 0, STATUS_SUCCESS).");
        }
        return;
    }
    __atomic_store_n(&Parent->Forwarded, TRUE, __ATOMIC_RELAXED);
    if (Major == IRP_MJ_SYSTEM_CONTROL)
        return;
    if (Status == STATUS_NOT_SUPPORTED && Parent->EntryStatus != STATUS_NOT_SUPPORTED) {
        VfpSendViolation(Power ? VF_C9_POWER_NOT_SUPPORTED_SET : VF_C9_PNP_NOT_SUPPORTED_SET,
                         Caller, Irp, Device,
                         "A driver set Irp->IoStatus.Status of a PnP or power IRP back to "
                         "STATUS_NOT_SUPPORTED after a driver above had set another status. "
                         "STATUS_NOT_SUPPORTED means \"nobody handled it\": leave the status "
                         "alone when the driver does not handle the IRP.");
    }
    if (!NT_SUCCESS(Status) && Status != STATUS_NOT_SUPPORTED && Status != Parent->EntryStatus) {
        VfpSendViolation(Power ? VF_C9_POWER_FAILED_PASSED_DOWN : VF_C9_PNP_FAILED_PASSED_DOWN,
                         Caller, Irp, Device,
                         "A driver failed a PnP or power IRP (set a failure status) and then "
                         "passed it down instead of completing it. A driver that fails such "
                         "an IRP completes it (IoCompleteRequest) and does not send it on.");
    }
}

/*
 * The checks when a verified driver completes a PnP, power or WMI IRP at its location
 * Stack. Found: the completion happens while the driver's dispatch routine for it runs;
 * then EntryStatus is the status it got and Forwarded tells whether it passed the IRP down.
 */
static VOID VfpCheckPnpCompletion(PIRP Irp, PIO_STACK_LOCATION Stack, BOOLEAN Found,
                                  NTSTATUS EntryStatus, BOOLEAN Forwarded, PVOID Caller)
{
    PDEVICE_OBJECT Device = Stack->DeviceObject;
    NTSTATUS Status = Irp->IoStatus.Status;
    UCHAR Major = Stack->MajorFunction, Minor = Stack->MinorFunction;
    BOOLEAN Untouched = Found && !Forwarded && !VfpIsBottomDevice(Device);

    if (Major == IRP_MJ_PNP) {
        if (Minor == IRP_MN_REMOVE_DEVICE && !NT_SUCCESS(Status)) {
            VfpSendViolation(VF_C9_REMOVE_FAILED, Caller, Irp, Device,
                             "A driver completed IRP_MN_REMOVE_DEVICE with a failure status. "
                             "The device is going whatever the driver says: a remove request "
                             "cannot be failed (fail IRP_MN_QUERY_REMOVE_DEVICE instead).");
        }
        if ((Minor == IRP_MN_SURPRISE_REMOVAL || Minor == IRP_MN_CANCEL_REMOVE_DEVICE ||
             Minor == IRP_MN_CANCEL_STOP_DEVICE) && !NT_SUCCESS(Status)) {
            VfpSendViolation(VF_C9_MUST_NOT_FAIL, Caller, Irp, Device,
                             "A driver failed a PnP IRP that cannot legally be failed "
                             "(IRP_MN_SURPRISE_REMOVAL, IRP_MN_CANCEL_REMOVE_DEVICE, "
                             "IRP_MN_CANCEL_STOP_DEVICE): complete it with STATUS_SUCCESS.");
        }
    }
    if (Major == IRP_MJ_PNP || Major == IRP_MJ_POWER) {
        BOOLEAN Power = Major == IRP_MJ_POWER;
        if (Found && Status == STATUS_NOT_SUPPORTED && EntryStatus != STATUS_NOT_SUPPORTED) {
            VfpSendViolation(Power ? VF_C9_POWER_NOT_SUPPORTED_SET : VF_C9_PNP_NOT_SUPPORTED_SET,
                             Caller, Irp, Device,
                             "A driver completed a PnP or power IRP with STATUS_NOT_SUPPORTED "
                             "after a driver above had set another status: a driver that does "
                             "not handle the IRP leaves its status alone.");
        }
        if (Untouched && Status == STATUS_NOT_SUPPORTED) {
            VfpSendViolation(Power ? VF_C9_POWER_UNTOUCHED_COMPLETED
                                   : VF_C9_PNP_UNTOUCHED_COMPLETED,
                             Caller, Irp, Device,
                             "A driver that is not at the bottom of its stack completed a PnP "
                             "or power IRP with STATUS_NOT_SUPPORTED instead of passing it "
                             "down: an IRP a driver does not handle goes to the next lower "
                             "driver unchanged (IoSkipCurrentIrpStackLocation, IoCallDriver), "
                             "and STATUS_NOT_SUPPORTED is no status to fail one with.");
        }
        if (Untouched && Power && NT_SUCCESS(Status)) {
            VfpSendViolation(VF_C9_POWER_SUCCESS_COMPLETED, Caller, Irp, Device,
                             "A driver that is not at the bottom of its stack completed a "
                             "power IRP with success without passing it down: every driver "
                             "passes power IRPs down to the bus driver, which completes "
                             "them (a driver may only fail one on its own).");
        }
    }
    if (Major == IRP_MJ_SYSTEM_CONTROL && Untouched &&
        Stack->Parameters.WMI.ProviderId != (ULONG_PTR)Device) {
        VfpSendViolation(VF_C9_WMI_NOT_PASSED_DOWN, Caller, Irp, Device,
                         "A driver completed an IRP_MJ_SYSTEM_CONTROL (WMI) IRP whose "
                         "Parameters.WMI.ProviderId names another device instead of passing "
                         "it down: only the provider handles a WMI IRP, the others pass it "
                         "on.");
    }
}

/* 0x312: a buffered request (device control with METHOD_BUFFERED, or a buffered read)
   completed with more bytes in IoStatus.Information than the output part of the system
   buffer holds: the I/O manager would copy that many bytes to the caller. */
static VOID VfpCheckInformation(PIRP Irp, PIO_STACK_LOCATION Stack, PVOID Caller)
{
    ULONG_PTR Limit;

    if (!(Irp->Flags & IRP_BUFFERED_IO) || NT_ERROR(Irp->IoStatus.Status))
        return;
    if ((Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL ||
         Stack->MajorFunction == IRP_MJ_INTERNAL_DEVICE_CONTROL) &&
        METHOD_FROM_CTL_CODE(Stack->Parameters.DeviceIoControl.IoControlCode) == METHOD_BUFFERED)
        Limit = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    else if (Stack->MajorFunction == IRP_MJ_READ)
        Limit = Stack->Parameters.Read.Length;
    else
        return;
    if (Irp->IoStatus.Information > Limit) {
        VfpSendViolation(VF_C9_INFORMATION_TOO_LARGE, Caller, Irp, Stack->DeviceObject,
                         "A driver completed a buffered request with "
                         "Irp->IoStatus.Information larger than the output buffer "
                         "(OutputBufferLength, or the read's Length): the I/O manager copies "
                         "that many bytes from the system buffer to the caller, past its "
                         "end. Set Information to the number of bytes actually returned.");
    }
}

/* The checks when a verified driver's dispatch routine returns. Returns the status
   IoCallDriver gives its caller (force pending may turn it into STATUS_PENDING). */
static NTSTATUS VfpCheckDispatchReturn(VF_FRAME *Frame, NTSTATUS Status, KIRQL IrqlBefore,
                                       KIRQL IrqlAfter)
{
    ULONG_PTR Routine = (ULONG_PTR)Frame->Routine;
    ULONG_PTR Irp = (ULONG_PTR)Frame->Irp;
    ULONG_PTR Device = (ULONG_PTR)Frame->Device;
    BOOLEAN Checking = (Frame->Flags & VF_IO_CHECKS) != 0;
    BOOLEAN Completed, Marked, VerifierMarked;
    NTSTATUS CompletedStatus;

    if (Checking && IrqlAfter != IrqlBefore) {
        VfpDispatchViolation(Frame, VF_C9_IRQL_CHANGED, Device, IrqlBefore, IrqlAfter,
                             "The dispatch routine returned at another IRQL than it was "
                             "called at: a spin lock still held, or a KeRaiseIrql without "
                             "its KeLowerIrql.");
    }
    if (Checking && VfpApcDisableCount() != Frame->ApcDisable) {
        VfpDispatchViolationAs(Frame, DRIVER_VERIFIER_DETECTED_VIOLATION,
                               VF_C4_DISPATCH_APC_CHANGED, Routine, VfpApcDisableCount(),
                               Frame->ApcDisable,
                               "The dispatch routine returned with the thread's APC disable "
                               "count changed: a KeEnterCriticalRegion (or "
                               "KeEnterGuardedRegion, or a kernel mutex acquired) without its "
                               "KeLeaveCriticalRegion (KeLeaveGuardedRegion, KeReleaseMutex), "
                               "or the reverse.");
    }
    if (Checking && Status == (NTSTATUS)0xFFFFFFFF) {
        VfpDispatchViolation(Frame, VF_C9_ILLEGAL_STATUS, Routine, Irp, Device,
                             "The dispatch routine returned 0xFFFFFFFF, which is no status: "
                             "most likely an uninitialized variable.");
    }
    if (Checking && Status != STATUS_PENDING && VfpIsSuspiciousStatus(Status)) {
        VfpDispatchViolation(Frame, VF_C9_SUSPICIOUS_STATUS, Routine, Irp, Device,
                             "The dispatch routine returned a value that is not a valid "
                             "NTSTATUS (reserved bit or unknown facility): most likely an "
                             "uninitialized variable.");
    }

    /* What the completion walk saw, or (not completed yet) the location as it is now: the
       IRP cannot go away while the frame lock is held, since the walk must pass this
       location first and IoFreeIrp checks the frames. */
    VfpLockFrames();
    Completed = Frame->Completed;
    VerifierMarked = Frame->VerifierMarked;
    CompletedStatus = Frame->CompletedStatus;
    if (Completed)
        Marked = Frame->PendingMarked;
    else if (!Frame->ChildPended)
        Marked = (Frame->Stack->Control & SL_PENDING_RETURNED) != 0;
    else
        Marked = FALSE;     /* not read: a lower driver's completion may be marking it now */
    VfpUnlockFrames();

    if (Status == STATUS_PENDING) {
        /* Pending from below is marked in our location by the walk (or by our completion
           routine): not ours to have marked yet. */
        if (Checking && !Marked && !Frame->ChildPended) {
            VfpDispatchViolation(Frame, VF_C9_PENDING_NOT_MARKED, Routine, Irp, Device,
                                 "The dispatch routine returned STATUS_PENDING but did not "
                                 "call IoMarkIrpPending first.");
        }
        return Status;
    }

    /* Force pending I/O marked it for this call (or one above it): report it pending, from
       the completing driver up to the verified caller, which must now wait. */
    if (Completed && Marked && VerifierMarked)
        return STATUS_PENDING;
    if (!Checking)
        return Status;
    if (Marked && !VerifierMarked) {
        VfpDispatchViolation(Frame, VF_C9_MARKED_NOT_PENDING, Routine, Irp, Device,
                             "The dispatch routine marked the IRP pending (IoMarkIrpPending) "
                             "but returned a status other than STATUS_PENDING.");
    }
    if (!Completed) {
        VfpDispatchViolation(Frame, VF_C9_NOT_HANDLED, Routine, Irp, Device,
                             "The dispatch routine returned a status other than "
                             "STATUS_PENDING without completing the IRP or passing it down "
                             "to a driver that completed it: it is lost (or it forgot to "
                             "return STATUS_PENDING).");
    }
    if (CompletedStatus != Status) {
        VfpDispatchViolation(Frame, VF_C9_STATUS_MISMATCH, Routine, Irp, Device,
                             "The dispatch routine returned a status other than the one the "
                             "IRP was completed with (Irp->IoStatus.Status): its caller and "
                             "the I/O status block disagree.");
    }
    return Status;
}

/* Remembers a pended IRP (frame lock held). A full table forgets the oldest check. */
static VOID VfpAddPending(VF_FRAME *Frame)
{
    for (ULONG i = 0; i < VF_MAX_PENDING; i++) {
        VF_PENDING *Entry = &VfpPending[i];
        if (Entry->Irp == NULL) {
            Entry->Irp = Frame->Irp;
            Entry->Stack = Frame->Stack;
            Entry->Driver = Frame->Device->DriverObject;
            Entry->Device = Frame->Device;
            Entry->Routine = Frame->Routine;
            __atomic_add_fetch(&VfpPendingCount, 1, __ATOMIC_RELAXED);
            return;
        }
    }
}

/* Forgets the pended IRPs the walk passes (Stack) or that go (Stack NULL); frame lock held. */
static VOID VfpRemovePending(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    for (ULONG i = 0; i < VF_MAX_PENDING; i++) {
        VF_PENDING *Entry = &VfpPending[i];
        if (Entry->Irp == Irp && (Stack == NULL || Entry->Stack == Stack)) {
            Entry->Irp = NULL;
            __atomic_sub_fetch(&VfpPendingCount, 1, __ATOMIC_RELAXED);
        }
    }
}

/*
 * At a verified driver's end of life: an IRP it pended and never completed is leaked, and
 * whoever cancels or completes it later calls into the unloaded image. Bugcheck 0xCE
 * DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, as Windows crashes then: the
 * address in the driver that would run (the IRP's cancel routine, else the dispatch routine
 * that pended it) as Parameters 1 and 3, 8 (execute) as Parameter 2, the IRP as Parameter 4.
 */
static VOID VfpPendingUnloadCheck(PDRIVER_OBJECT Driver, ULONG Flags, ULONG_PTR Low,
                                  ULONG_PTR High)
{
    VF_PENDING Leaked = { 0 };
    PVOID Address;

    UNREFERENCED_PARAMETER(Low);
    UNREFERENCED_PARAMETER(High);
    if (!(Flags & VF_IO_CHECKS) || __atomic_load_n(&VfpPendingCount, __ATOMIC_RELAXED) == 0)
        return;
    VfpLockFrames();
    for (ULONG i = 0; i < VF_MAX_PENDING; i++) {
        if (VfpPending[i].Irp != NULL && VfpPending[i].Driver == Driver) {
            Leaked = VfpPending[i];
            break;
        }
    }
    VfpUnlockFrames();
    if (Leaked.Irp == NULL)
        return;
    Address = __atomic_load_n(&Leaked.Irp->CancelRoutine, __ATOMIC_RELAXED);
    if (Address == NULL)
        Address = (PVOID)Leaked.Routine;
    KiBugCheckAtFault(DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, (ULONG_PTR)Address,
                      8, (ULONG_PTR)Address, (ULONG_PTR)Leaked.Irp, Address,
                      "A driver unloaded while an IRP it returned STATUS_PENDING for was still "
                      "pending (never completed): its cancel or completion will run code that "
                      "is gone. Complete or cancel every pending IRP before unloading (the "
                      "unload routine, or IRP_MJ_CLEANUP, is the place).");
}

/* PUBLIC FUNCTIONS (internal, vfhooks.h) ************************************************/

VOID VfDispatchBegin(VF_DISPATCH_CALL *Call, PDRIVER_DISPATCH Routine,
                     PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Caller)
{
    ULONG_PTR StackPointer = (ULONG_PTR)__builtin_frame_address(0);
    VF_FRAME *Parent, *Frame, Template;
    ULONG Flags, CallerFlags;

    VfpPruneThread(StackPointer);
    Parent = VfpCurrentFrame;
    Flags = VfDriverFlags(DeviceObject->DriverObject);
    if ((Flags & VF_IO_CHECKS) &&
        __atomic_load_n(&VfpUnloadCheckRegistered, __ATOMIC_ACQUIRE) == 0 &&
        __atomic_exchange_n(&VfpUnloadCheckRegistered, 1, __ATOMIC_ACQ_REL) == 0)
        VfRegisterUnloadCheck(VfpPendingUnloadCheck);
    /* The caller: the image IoCallDriver was called from, else the driver whose dispatch
       routine this thread is running (a driver forwarding from its dispatch routine). */
    CallerFlags = VfAddressFlags(Caller) | (Parent != NULL ? Parent->Flags : 0);
    if (CallerFlags & VF_IO_CHECKS)
        VfpCheckSend(Irp, DeviceObject, Parent, Caller, KeGetCurrentIrql());

    /* Every call gets a frame while the verifier watches (an unverified driver's marks who
       the caller of nested calls is). */
    memset(&Template, 0, sizeof(Template));
    Template.Irp = Irp;
    Template.Stack = IoGetCurrentIrpStackLocation(Irp);
    Template.Device = DeviceObject;
    Template.Routine = Routine;
    Template.Thread = KiCurrentKThread();
    Template.StackPointer = StackPointer;
    Template.Parent = Parent;
    Template.Flags = Flags;
    Template.ApcDisable = VfpApcDisableCount();
    Template.EntryStatus = Irp->IoStatus.Status;
    Template.ForcePending = (CallerFlags & VF_FLAG_FORCE_PENDING_IO) != 0;
    Frame = VfpAllocateFrame(&Template);
    Call->Frame = Frame;
    Call->Parent = Parent;
    Call->Flags = Flags;
    Call->Logged = NULL;
    if (Frame != NULL) {
        VfpCurrentFrame = Frame;
        if (Flags & VF_FLAG_IRP_LOGGING)
            Call->Logged = VfIrpLogDispatch(DeviceObject, Irp);
    }
    Call->IrqlBefore = KeGetCurrentIrql();
}

NTSTATUS VfDispatchEnd(VF_DISPATCH_CALL *Call, PIRP Irp, NTSTATUS Status)
{
    KIRQL IrqlAfter = KeGetCurrentIrql();
    VF_FRAME *Frame = Call->Frame, *Parent = Call->Parent;
    VF_IRP_LOG_ENTRY *Logged = Call->Logged;
    ULONG Flags = Call->Flags;

    if (Frame == NULL)
        return Status;          /* the frame table was full: the call went unwatched */
    VfpCurrentFrame = Parent;

    if (Flags & (VF_IO_CHECKS) || Frame->ForcePending) {
        NTSTATUS Returned = VfpCheckDispatchReturn(Frame, Status, Call->IrqlBefore, IrqlAfter);
        if (Logged != NULL)
            VfIrpLogReturned(Logged, Irp, Returned, Returned != Status);
        Status = Returned;
    } else if (Logged != NULL) {
        VfIrpLogReturned(Logged, Irp, Status, FALSE);
    }
    if (Status == STATUS_PENDING && Parent != NULL && Parent->Irp == Irp)
        Parent->ChildPended = TRUE;

    VfpLockFrames();
    if (Status == STATUS_PENDING && !Frame->Completed && (Flags & VF_IO_CHECKS))
        VfpAddPending(Frame);
    VfpFreeFrame(Frame);
    VfpUnlockFrames();
    return Status;
}

VOID VfIoCompleteRequest(PIRP Irp, PVOID Caller)
{
    PIO_STACK_LOCATION Stack = NULL;
    ULONG Flags = VfAddressFlags(Caller);
    KIRQL Irql = KeGetCurrentIrql();

    if (Irp->Type == IO_TYPE_IRP && Irp->CurrentLocation >= 1 &&
        Irp->CurrentLocation <= Irp->StackCount) {
        Stack = IoGetCurrentIrpStackLocation(Irp);
        if (Stack->DeviceObject != NULL)
            Flags |= VfDriverFlags(Stack->DeviceObject->DriverObject);
    }

    if (Flags & VF_IO_CHECKS) {
        VfpPruneThread((ULONG_PTR)__builtin_frame_address(0));   /* frames a bugcheck left */
        if (Irql > DISPATCH_LEVEL) {
            KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_COMPLETE_HIGH_IRQL, Irql,
                       (ULONG_PTR)Irp, 0, Caller,
                       "IoCompleteRequest was called above DISPATCH_LEVEL.");
        }
        if (Irp->Type != IO_TYPE_IRP || Irp->CurrentLocation > Irp->StackCount + 1)
            return;      /* not an IRP, or completed already: 0x44, as without the verifier */
        if (Irp->IoStatus.Status == STATUS_PENDING ||
            Irp->IoStatus.Status == (NTSTATUS)0xFFFFFFFF) {
            KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_COMPLETE_PENDING,
                       (ULONG_PTR)(ULONG)Irp->IoStatus.Status, (ULONG_PTR)Irp, 0, Caller,
                       "IoCompleteRequest was called with Irp->IoStatus.Status = "
                       "STATUS_PENDING (or -1): set the final status before completing.");
        }
        if (__atomic_load_n(&Irp->CancelRoutine, __ATOMIC_ACQUIRE) != NULL) {
            KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_COMPLETE_CANCEL_SET,
                       (ULONG_PTR)Irp->CancelRoutine, (ULONG_PTR)Irp, 0, Caller,
                       "IoCompleteRequest was called while the IRP's cancel routine was "
                       "still set: clear it (IoSetCancelRoutine(Irp, NULL)) first, or the "
                       "cancel routine may run on a completed IRP.");
        }
        if (Stack != NULL && Stack->DeviceObject != NULL) {
            UCHAR Major = Stack->MajorFunction;
            VfpCheckInformation(Irp, Stack, Caller);
            if (Major == IRP_MJ_PNP || Major == IRP_MJ_POWER || Major == IRP_MJ_SYSTEM_CONTROL) {
                BOOLEAN Found = FALSE, Forwarded = FALSE;
                NTSTATUS EntryStatus = STATUS_SUCCESS;
                if (__atomic_load_n(&VfpFramesInUse, __ATOMIC_RELAXED) != 0) {
                    VfpLockFrames();
                    for (ULONG i = 0; i < VF_MAX_FRAMES; i++) {
                        VF_FRAME *Frame = &VfpFrames[i];
                        if (Frame->Irp == Irp && Frame->Stack == Stack && !Frame->Completed) {
                            Found = TRUE;
                            EntryStatus = Frame->EntryStatus;
                            Forwarded = __atomic_load_n(&Frame->Forwarded, __ATOMIC_RELAXED);
                            break;
                        }
                    }
                    VfpUnlockFrames();
                }
                VfpCheckPnpCompletion(Irp, Stack, Found, EntryStatus, Forwarded, Caller);
            }
        }
    }

    /* Force pending I/O: when a verified caller sent this IRP down and it completes before
       its dispatch returned, mark it pending here so that the walk reports it pending up
       to that caller (PendingReturned in its completion routine), whose IoCallDriver will
       then return STATUS_PENDING. */
    if (Stack != NULL && __atomic_load_n(&VfpFramesInUse, __ATOMIC_RELAXED) != 0) {
        PIO_STACK_LOCATION Top = NULL;
        VfpLockFrames();
        for (ULONG i = 0; i < VF_MAX_FRAMES; i++) {
            VF_FRAME *Frame = &VfpFrames[i];
            if (Frame->Irp == Irp && !Frame->Completed && Frame->ForcePending &&
                Frame->Stack >= Stack && (Top == NULL || Frame->Stack > Top))
                Top = Frame->Stack;
        }
        if (Top != NULL) {
            Stack->Control |= SL_PENDING_RETURNED;
            for (ULONG i = 0; i < VF_MAX_FRAMES; i++) {
                VF_FRAME *Frame = &VfpFrames[i];
                if (Frame->Irp == Irp && !Frame->Completed && Frame->Stack >= Stack &&
                    Frame->Stack <= Top)
                    Frame->VerifierMarked = TRUE;
            }
        }
        VfpUnlockFrames();
    }
}

VOID VfIoCompletionWalk(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    if (__atomic_load_n(&VfpFramesInUse, __ATOMIC_RELAXED) == 0 &&
        __atomic_load_n(&VfpPendingCount, __ATOMIC_RELAXED) == 0)
        return;
    VfpLockFrames();
    if (__atomic_load_n(&VfpPendingCount, __ATOMIC_RELAXED) != 0)
        VfpRemovePending(Irp, Stack);
    for (ULONG i = 0; i < VF_MAX_FRAMES; i++) {
        VF_FRAME *Frame = &VfpFrames[i];
        if (Frame->Irp == Irp && Frame->Stack == Stack && !Frame->Completed) {
            Frame->Completed = TRUE;
            Frame->PendingMarked = (Stack->Control & SL_PENDING_RETURNED) != 0;
            Frame->CompletedStatus = Irp->IoStatus.Status;
        }
    }
    VfpUnlockFrames();
}

VOID VfIoFreeIrp(PIRP Irp, PVOID Caller)
{
    PDEVICE_OBJECT InUse = NULL;
    BOOLEAN Found = FALSE;

    if (!VfAnyDriver(VF_IO_CHECKS))
        return;
    VfpPruneThread((ULONG_PTR)__builtin_frame_address(0));
    if (Irp->Type != IO_TYPE_IRP) {
        KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_FREE_NOT_AN_IRP, (ULONG_PTR)Irp,
                   0, 0, Caller, "IoFreeIrp was given something that is not an IRP (freed "
                   "already, or never allocated as one).");
    }
    if (!IsListEmpty(&Irp->ThreadListEntry)) {
        KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_FREE_THREAD_IRP, (ULONG_PTR)Irp,
                   0, 0, Caller, "IoFreeIrp was given an IRP that is still queued to its "
                   "thread: an IRP from IoBuild*Request belongs to the I/O manager, which "
                   "frees it when it completes.");
    }
    if (__atomic_load_n(&VfpFramesInUse, __ATOMIC_RELAXED) == 0 &&
        __atomic_load_n(&VfpPendingCount, __ATOMIC_RELAXED) == 0)
        return;
    VfpLockFrames();
    if (__atomic_load_n(&VfpPendingCount, __ATOMIC_RELAXED) != 0)
        VfpRemovePending(Irp, NULL);       /* freed: not leaked by the driver at unload */
    for (ULONG i = 0; i < VF_MAX_FRAMES; i++) {
        VF_FRAME *Frame = &VfpFrames[i];
        if (Frame->Irp == Irp && !Frame->Completed && (Frame->Flags & VF_IO_CHECKS)) {
            InUse = Frame->Device;
            Found = TRUE;
            break;
        }
    }
    VfpUnlockFrames();
    if (Found) {
        KiBugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_FREE_IN_USE, (ULONG_PTR)Caller,
                   (ULONG_PTR)Irp, (ULONG_PTR)InUse, Caller,
                   "IoFreeIrp was called for an IRP that a verified driver's dispatch routine "
                   "is still processing (neither completed nor returned).");
    }
}

VOID VfCompletionBegin(VF_COMPLETION_CALL *Call, PIO_COMPLETION_ROUTINE Routine,
                       PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    ULONG Flags = VfAddressFlags((PVOID)Routine);

    if (DeviceObject != NULL)
        Flags |= VfDriverFlags(DeviceObject->DriverObject);
    Call->Flags = Flags;
    Call->Irql = KeGetCurrentIrql();
    Call->ApcDisable = VfpApcDisableCount();
    Call->PendingReturned = Irp->PendingReturned;
}

VOID VfCompletionEnd(VF_COMPLETION_CALL *Call, PIO_COMPLETION_ROUTINE Routine, PIRP Irp,
                     NTSTATUS Result)
{
    KIRQL Irql = KeGetCurrentIrql();
    ULONG ApcDisable;

    if (!(Call->Flags & VF_IO_CHECKS))
        return;
    if (Irql != Call->Irql) {
        KiBugCheckAtFault(DRIVER_VERIFIER_DETECTED_VIOLATION, VF_C4_COMPLETION_IRQL_CHANGED,
                          (ULONG_PTR)Routine, Call->Irql, Irql, (PVOID)Routine,
                          "The IRP completion routine returned at another IRQL than it was "
                          "called at: a spin lock still held, or a KeRaiseIrql without its "
                          "KeLowerIrql.");
    }
    ApcDisable = VfpApcDisableCount();
    if (ApcDisable != Call->ApcDisable) {
        KiBugCheckAtFault(DRIVER_VERIFIER_DETECTED_VIOLATION, VF_C4_COMPLETION_APC_CHANGED,
                          (ULONG_PTR)Routine, ApcDisable, Call->ApcDisable, (PVOID)Routine,
                          "The IRP completion routine returned with the thread's APC disable "
                          "count changed: a KeEnterCriticalRegion (or KeEnterGuardedRegion) "
                          "without its KeLeaveCriticalRegion, or the reverse.");
    }
    /* The IRP is the driver's again only with STATUS_MORE_PROCESSING_REQUIRED; otherwise
       the walk goes on with it, and the pending state must travel up: a lower driver
       returned STATUS_PENDING, so the driver above did too and must find its location
       marked. (The originator's routine has no location to mark.) */
    if (Call->PendingReturned && Result != STATUS_MORE_PROCESSING_REQUIRED &&
        Irp->CurrentLocation <= Irp->StackCount &&
        !(IoGetCurrentIrpStackLocation(Irp)->Control & SL_PENDING_RETURNED)) {
        PDEVICE_OBJECT Device = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
        KiBugCheckAtFault(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VF_C9_COMPLETION_NOT_MARKED,
                          (ULONG_PTR)Routine, (ULONG_PTR)Irp, (ULONG_PTR)Device,
                          (PVOID)Routine,
                          "The completion routine was called with Irp->PendingReturned set "
                          "and returned without calling IoMarkIrpPending (and without "
                          "STATUS_MORE_PROCESSING_REQUIRED): the driver above is told the IRP "
                          "completed synchronously while its dispatch routine returned "
                          "STATUS_PENDING, and may wait forever. Add "
                          "\"if (Irp->PendingReturned) IoMarkIrpPending(Irp);\".");
    }
}

/* The device whose dispatch routine this thread is running (innermost), or NULL. */
PDEVICE_OBJECT VfpCurrentDispatchDevice(VOID)
{
    VF_FRAME *Frame = VfpCurrentFrame;
    return Frame != NULL ? Frame->Device : NULL;
}
