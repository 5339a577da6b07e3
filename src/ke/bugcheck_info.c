/*
 * PURPOSE: What the parameters of each bugcheck code mean, and what bug usually causes it,
 * for the codes kmode raises or will raise. The meanings follow the Windows debugger
 * documentation page of each code ("Bug Check 0x...: NAME"); the wording is kmode's.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <string.h>
#include <wdm.h>
#include "bugcheck_info.h"

/* GLOBALS *******************************************************************************/

/* One code whose parameters have a fixed meaning. */
typedef struct _KI_PLAIN_INFO {
    ULONG Code;
    const char *Summary;
    const char *Args[4];
    const char *Explanation;
} KI_PLAIN_INFO;

/* One subcode of a code whose selector parameter decides what the others mean. */
typedef struct _KI_SUBCODE_INFO {
    ULONG_PTR Value;
    const char *Meaning;            /* printed after the selector's value */
    const char *Args[4];            /* meanings of the other parameters (selector's own slot unused) */
    const char *Explanation;
} KI_SUBCODE_INFO;

#define KI_READ_WRITE "0: read operation, 1: write operation"
#define KI_ACCESS_RWX "0: read, 1: write, 2 or 8: execute"

static const char KiExceptionNotHandledExplanation[] =
    "A driver raised an exception (or faulted) and no __try/__except frame on the stack "
    "handled it. Arg2 names the instruction; see FAULTING_IP and the stack below.";

static const KI_PLAIN_INFO KiPlainInfo[] = {
    { 0x00000009, "A routine that requires a raised IRQL was called below it, or KeRaiseIrql was "
                  "asked to lower the IRQL.",
      { "current IRQL (kmode)", "IRQL the routine requires, or the IRQL requested (kmode)",
        "the spin lock involved, or 0 (kmode)", "address of the caller (kmode)" },
      "The ...AtDpcLevel / ...FromDpcLevel spin lock routines need DISPATCH_LEVEL: use "
      "KeAcquireSpinLock / KeReleaseSpinLock below it. Releasing a spin lock after lowering "
      "the IRQL by hand ends here too." },
    { 0x0000000F, "A thread acquired a spin lock it already holds.",
      { "address of the spin lock (kmode)", "reserved", "reserved", "reserved" },
      "On Windows the processor spins forever (until the DPC watchdog fires). Look for a "
      "routine that, with the lock held, calls another routine that takes it too." },
    { 0x00000010, "A spin lock was released by a thread that does not hold it.",
      { "address of the spin lock (kmode)", "the lock's value (0: not held)", "reserved", "reserved" },
      "The lock was released twice (an error path that releases what the common path "
      "already released), never acquired, or is held by another thread." },
    { 0x00000011, "A mutex was released by a thread that does not own it.",
      { "the releasing thread", "address of the mutex", "the owning thread (0: none)", "reserved" },
      "KeReleaseMutex / ExReleaseFastMutex must run on the thread that acquired the mutex, "
      "once per acquisition. Released twice, never acquired, or handed between threads." },
    { 0x000000BF, "A thread acquired a fast or guarded mutex it already owns.",
      { "address of the mutex", "the owning thread", "reserved", "reserved" },
      "Fast and guarded mutexes are not recursive: on Windows the thread waits for itself "
      "forever. Use a KMUTEX or an ERESOURCE if recursion is needed, or restructure." },
    { 0x000000E3, "A thread released an executive resource it does not own.",
      { "address of the ERESOURCE", "the releasing thread", "the resource's owner table",
        "reserved" },
      "Every ExReleaseResourceLite must match an ExAcquireResource*Lite of the same thread "
      "(or use ExReleaseResourceForThreadLite with the owner's id)." },
    { 0x00000048, "An IRP that has already been completed still had a cancel routine.",
      { "address of the IRP", "the cancel routine", "reserved", "reserved" },
      "Before completing an IRP the driver must clear its cancel routine "
      "(IoSetCancelRoutine(Irp, NULL)) and only complete it if that returned the routine "
      "(otherwise the cancel routine owns it)." },
    { 0x0000002A, "An IRP was found in an inconsistent state.",
      { "address of the IRP", "reserved", "reserved", "reserved" },
      "kmode raises it when IoCallDriver finds a MajorFunction beyond IRP_MJ_MAXIMUM_FUNCTION "
      "in the stack location: an uninitialized or overwritten location." },
    { 0x00000192, "A blocking lock was acquired at DISPATCH_LEVEL or above.",
      { "the acquiring thread", "address of the lock", "current IRQL", "reserved" },
      "Fast mutexes, guarded mutexes and ERESOURCEs may make the thread wait: acquire them at "
      "IRQL <= APC_LEVEL, never under a spin lock or in a DPC." },
    { 0x000000E1, "A work item routine returned at a raised IRQL.",
      { "address of the work routine", "IRQL at its return", "the work item's parameter",
        "address of the work item" },
      "The routine left a spin lock held or an IRQL raised: every raise and acquisition on "
      "its paths must be undone before it returns." },
    { 0x00000133, "The DPC watchdog found too long a run at DISPATCH_LEVEL or above.",
      { NULL, NULL, NULL, NULL }, NULL },
    { 0x0000000A, "A kernel-mode component touched paged or invalid memory at a raised IRQL "
                  "(DISPATCH_LEVEL or above).",
      { "memory referenced", "IRQL at the time of the reference",
        "bit 0: 0 read / 1 write; bit 3: execute", "address of the instruction that referenced memory" },
      "Typical causes: a bad or NULL pointer (Arg1 below 0x1000 means NULL plus an offset), "
      "touching pageable data or calling pageable code while holding a spin lock or in a DPC, "
      "or using memory after freeing it." },
    { 0x0000001E, "A kernel-mode program raised an exception that no handler caught.",
      { "exception code", "address where the exception occurred", "exception parameter 0",
        "exception parameter 1 (for an access violation: the address accessed)" },
      KiExceptionNotHandledExplanation },
    { 0x0000007E, "A system thread raised an exception that no handler caught.",
      { "exception code", "address where the exception occurred", "address of the exception record",
        "address of the context record" },
      KiExceptionNotHandledExplanation },
    { 0x0000008E, "A kernel-mode program raised an exception that no handler caught.",
      { "exception code", "address where the exception occurred", "address of the trap frame",
        "reserved" },
      KiExceptionNotHandledExplanation },
    { 0x0000003B, "An exception happened while executing a system service routine.",
      { "exception code", "address of the instruction that caused the exception",
        "address of the context record", "zero" },
      KiExceptionNotHandledExplanation },
    { 0x000000D1, "A driver accessed pageable (or completely invalid) memory at an IRQL that was too high.",
      { "memory referenced", "IRQL at the time of the reference", KI_ACCESS_RWX,
        "address of the instruction that referenced memory" },
      "Typical causes: dereferencing a NULL or freed pointer at DISPATCH_LEVEL or above, "
      "touching paged pool while holding a spin lock, or running code marked pageable from a "
      "DPC or with a lock held." },
    { 0x000000C6, "A driver accessed pool memory after freeing it.",
      { "memory referenced", KI_READ_WRITE, "0: kernel mode, 1: user mode", "reserved" },
      "Use after free: the driver kept a pointer to a pool block after ExFreePool(WithTag) "
      "and touched it. Look for a pointer that is not cleared when its block is freed, or "
      "another thread still using the block." },
    { 0x000000D5, "A driver referenced memory it had already freed (special pool).",
      { "memory address referenced", KI_READ_WRITE, "address that referenced memory (if known)",
        "reserved" },
      "Use after free caught by special pool: the freed block's pages are inaccessible, so "
      "the first access after the free faults here. A __try/__except cannot protect this." },
    { 0x000000D6, "A driver accessed memory beyond the end of its pool allocation.",
      { "memory address referenced", KI_READ_WRITE, "address that referenced memory (if known)",
        "reserved" },
      "Buffer overrun: the driver allocated N bytes and read or wrote past byte N (an off-by-one, "
      "a length in characters used as bytes, or a missing bounds check). A __try/__except "
      "cannot protect this." },
    { 0x000000CC, "A driver referenced memory that was freed earlier (special pool).",
      { "memory address referenced", KI_READ_WRITE, "address that referenced memory (if known)",
        "reserved" },
      "Use after free caught by special pool." },
    { 0x000000CD, "A driver accessed memory beyond the end of its pool allocation.",
      { "memory address referenced", KI_READ_WRITE, "address that referenced memory (if known)",
        "reserved" },
      "Buffer overrun past the end of a pool allocation." },
    { 0x000000CE, "A driver was unloaded without cancelling pending operations (its code or "
                  "data was used after unload).",
      { "memory address referenced (kmode: the routine left behind that would run)",
        "0: read, 1: write, 8: execute (kmode: 8 for a pended IRP's completion path, 0 for "
        "a work item or thread left behind)",
        "address that referenced memory, if known (kmode: the same routine, or 0)",
        "reserved (kmode: the IRP the driver pended and never completed, or 0)" },
      "The driver's Unload routine returned while timers, DPCs, work items, threads or "
      "lookaside lists still referred to its code; one of them ran after the unload." },
    { 0x00000044, "A driver asked to complete an IRP that was already completed.",
      { "address of the IRP", "reserved", "reserved", "reserved" },
      "IoCompleteRequest was called twice for the same IRP: often two drivers (or a dispatch "
      "routine and a completion or cancel routine) each believe they own it, or the driver "
      "completes it and also returns it to a caller that completes it again." },
    { 0x00000035, "IoCallDriver was given an IRP with no stack location left for the next driver.",
      { "address of the IRP", "reserved", "reserved", "reserved" },
      "The IRP was allocated with too few stack locations for the device stack "
      "(StackSize of the target device), or a driver forwarded it with "
      "IoCopyCurrentIrpStackLocationToNext more times than there are locations. Filling the "
      "missing location already wrote past the end of the IRP." },
    { 0x000000E2, "The crash was deliberately initiated (KeBugCheck(Ex) with this code).",
      { "reserved", "reserved", "reserved", "reserved" },
      "A driver called KeBugCheck(Ex) with MANUALLY_INITIATED_CRASH, or kmode stopped because "
      "it could not start one of its own threads (the line above says which)." },
    { 0x00000050, "Invalid system memory was referenced.",
      { "memory address referenced", "0: read, 1: write, 2 or 8: execute",
        "address that referenced memory (if known)", "type of page fault (reserved)" },
      "The address is plain bad or points at freed memory: an uninitialised or dangling "
      "pointer, a use after free, or an overrun. A __try/__except cannot protect this; only "
      "probing can." },
    { 0x000000BE, "A driver attempted to write to read-only memory.",
      { "virtual address of the attempted write", "PTE contents", "reserved", "reserved" },
      "Writing through a pointer into code or a constant (string literal, const table), "
      "or into a buffer mapped read-only." },
    { 0x00000018, "An object's reference count is illegal for its current state.",
      { "object type of the object whose reference count is being lowered",
        "object whose reference count is being lowered", "reserved", "reserved" },
      "More ObDereferenceObject calls than references: every dereference must match an "
      "ObReferenceObject* (or a reference returned to the driver)." },
    { 0x0000007F, "The processor raised a trap that the kernel did not expect.",
      { "trap number", "reserved", "reserved", "reserved" },
      "Trap 0 is a division by zero, 6 an invalid opcode (a corrupted code pointer), 8 a "
      "double fault (most often a kernel stack overflow from deep recursion or large locals)." },
    { 0x000000F7, "A driver overran a stack-based buffer.",
      { "actual security check cookie from the stack", "expected security check cookie",
        "complement of the expected cookie", "reserved" },
      "A local array was written past its end, overwriting the /GS cookie." },
    { 0xDEADDEAD, "The crash was deliberately initiated from the debugger.",
      { NULL, NULL, NULL, NULL }, NULL },
};

/* DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4): Arg1 selects the meaning. The common subcodes. */
static const KI_SUBCODE_INFO KiVerifierInfo[] = {
    { 0x00, "the driver requested a zero-byte pool allocation",
      { NULL, "current IRQL", "pool type", "zero" },
      "ExAllocatePool* was asked for 0 bytes: usually a length computed from data that was not checked (an empty buffer, a count of 0)." },
    { 0x01, "the driver allocated paged pool with IRQL > APC_LEVEL",
      { NULL, "current IRQL", "pool type", "size of the allocation in bytes" },
      "Paged pool can only be allocated at IRQL <= APC_LEVEL: allocate it before taking the spin lock, or use nonpaged pool (POOL_FLAG_NON_PAGED)." },
    { 0x02, "the driver allocated nonpaged pool with IRQL > DISPATCH_LEVEL",
      { NULL, "current IRQL", "pool type", "size of the allocation in bytes" },
      "Pool cannot be allocated above DISPATCH_LEVEL (in an ISR or at HIGH_LEVEL): allocate it earlier." },
    { 0x10, "the driver freed an address that no allocation returned",
      { NULL, "bad address", "zero", "zero" },
      "ExFreePool was given a pointer that no allocation returned: a stack or global address, a pointer into the middle of a block, or one freed and reused." },
    { 0x11, "the driver freed paged pool with IRQL > APC_LEVEL",
      { NULL, "current IRQL", "pool type", "address of the pool block" },
      "Paged pool can only be freed at IRQL <= APC_LEVEL: free it after releasing the spin lock, or from a work item." },
    { 0x12, "the driver freed nonpaged pool with IRQL > DISPATCH_LEVEL",
      { NULL, "current IRQL", "pool type", "address of the pool block" },
      "Pool cannot be freed above DISPATCH_LEVEL." },
    { 0x13, "the driver freed pool that was already freed",
      { NULL, "reserved", "pointer to the pool header", "pool header contents" },
      "Double free: the block was released twice." },
    { 0x14, "the driver freed pool that was already freed",
      { NULL, "reserved", "pointer to the pool header", "pool header contents" },
      "Double free: the block was released twice." },
    { 0x16, "the driver freed pool at a bad address, or passed bad parameters to a memory routine",
      { NULL, "reserved", "pool address", "zero" },
      "ExFreePool was given an address that is not the start of a pool block." },
    { 0x30, "KeRaiseIrql was asked for an IRQL lower than the current one (or above HIGH_LEVEL)",
      { NULL, "current IRQL", "requested IRQL", "zero" },
      "KeRaiseIrql must raise: the new IRQL was lower than the current one (often a KeRaiseIrql where KeLowerIrql was meant)." },
    { 0x31, "KeLowerIrql was asked for an IRQL higher than the current one (or above HIGH_LEVEL)",
      { NULL, "current IRQL", "requested IRQL", "0: new IRQL is bad, 1: invalid inside a DPC" },
      "KeLowerIrql must lower: the new IRQL was higher than the current one (often the OldIrql of another KeRaiseIrql, or a pair restored in the wrong order)." },
    { 0x32, "KeReleaseSpinLock was called at an IRQL other than DISPATCH_LEVEL",
      { NULL, "current IRQL", "spin lock address", "zero" },
      "Often a spin lock released twice, or released with the wrong OldIrql." },
    { 0x33, "the driver acquired a fast mutex with IRQL > APC_LEVEL",
      { NULL, "current IRQL", "fast mutex address", "zero" },
      "A fast mutex waits, which is impossible at DISPATCH_LEVEL: acquire it before raising IRQL or taking a spin lock." },
    { 0x34, "the driver released a fast mutex at an IRQL other than APC_LEVEL",
      { NULL, "current IRQL", "fast mutex address", "zero" },
      "ExReleaseFastMutex must run at the APC_LEVEL ExAcquireFastMutex set: something changed the IRQL in between." },
    { 0x3C, "ObReferenceObjectByHandle was given a bad handle",
      { NULL, "handle passed to the routine", "object type", "zero" },
      "The handle is not a valid handle of the expected object type in this process: a stale, closed or user-supplied handle used without checking." },
    { 0x3E, "KeLeaveCriticalRegion was called by a thread not in a critical region",
      { NULL, "zero", "zero", "zero" },
      "KeLeaveCriticalRegion without a matching KeEnterCriticalRegion." },
    { 0x3F, "an object was referenced or dereferenced while its reference count was zero",
      { NULL, "object address", "new reference count (-1: dereference, 1: reference)", "zero" },
      "More dereferences than references: an object was dereferenced once too often and may already be freed." },
    { 0x40, "KeAcquireSpinLockAtDpcLevel was called with IRQL < DISPATCH_LEVEL",
      { NULL, "current IRQL", "spin lock address", "zero" },
      "KeAcquireSpinLockAtDpcLevel only works at DISPATCH_LEVEL: below it use KeAcquireSpinLock, which raises." },
    { 0x41, "KeReleaseSpinLockFromDpcLevel was called with IRQL < DISPATCH_LEVEL",
      { NULL, "current IRQL", "spin lock address", "zero" },
      "KeReleaseSpinLockFromDpcLevel only works at DISPATCH_LEVEL: the lock was taken with KeAcquireSpinLock, or the IRQL was lowered in between." },
    { 0x42, "KeAcquireSpinLock was called with IRQL > DISPATCH_LEVEL",
      { NULL, "current IRQL", "spin lock address", "zero" },
      "Spin locks cannot be taken above DISPATCH_LEVEL (from an ISR use KeAcquireInterruptSpinLock)." },
    { 0x51, "the driver freed memory after writing past the end of the allocation",
      { NULL, "base address of the allocation", "address of the reference beyond the allocation",
        "number of charged bytes" }, "Buffer overrun detected when the block was freed." },
    { 0x52, "the driver freed memory after writing past the end of the allocation",
      { NULL, "base address of the allocation", "reserved", "number of charged bytes" },
      "Buffer overrun detected when the block was freed." },
    { 0x60, "the driver is unloading without freeing its pool allocations",
      { NULL, "bytes allocated from paged pool", "bytes allocated from nonpaged pool",
        "number of allocations not freed" }, "Pool leak at driver unload." },
    { 0x62, "the driver is unloading without freeing its pool allocations",
      { NULL, "name of the driver", "reserved", "number of allocations not freed" },
      "Pool leak at driver unload." },
    { 0x80, "KeSetEvent was called with IRQL > DISPATCH_LEVEL",
      { NULL, "current IRQL", "event address", "zero" }, NULL },
    /* I/O verification (src/verifier/vfio.c). */
    { 0xC5, "a driver dispatch routine changed the thread's APC disable count",
      { NULL, "address of the dispatch routine", "the thread's APC disable count now",
        "the thread's APC disable count before the dispatch routine was called" },
      "The dispatch routine returned inside a critical or guarded region (a "
      "KeEnterCriticalRegion or KeEnterGuardedRegion without its Leave, or a kernel mutex "
      "still held), or left one it did not enter. A negative count (0xFFFF...) means APCs "
      "were left disabled." },
    { 0xCA, "the driver re-initialized a lookaside list",
      { NULL, "address of the lookaside list", "reserved", "reserved" }, NULL },
    { 0xCB, "the driver deleted an uninitialized lookaside list",
      { NULL, "address of the lookaside list", "reserved", "reserved" }, NULL },
    { 0xCC, "the driver freed a pool block that contains an active lookaside list",
      { NULL, "address of the lookaside list", "start of the pool block", "size of the pool block" }, NULL },
    { 0xD0, "the driver re-initialized an ERESOURCE",
      { NULL, "address of the ERESOURCE", "reserved", "reserved" }, NULL },
    { 0xD1, "the driver deleted an uninitialized ERESOURCE",
      { NULL, "address of the ERESOURCE", "reserved", "reserved" }, NULL },
    { 0xD2, "the driver freed a pool block that contains an active ERESOURCE",
      { NULL, "address of the ERESOURCE", "start of the pool block", "size of the pool block" }, NULL },
    { 0xE0, "a kernel routine was given a user-mode address",
      { NULL, "user-mode address used as a parameter", "size of the address range in bytes",
        "reserved" }, NULL },
    { 0xE1, "a synchronization object has an invalid or pageable address",
      { NULL, "address of the synchronization object", "reserved", "reserved" }, NULL },
    { 0xE4, "a Zw routine was given a malformed UNICODE_STRING",
      { NULL, "address of the call", "address of the malformed UNICODE_STRING", "reserved" }, NULL },
    { 0xF0, "memcpy was called with overlapping source and destination",
      { NULL, "destination buffer", "source buffer", "number of bytes to copy" },
      "Use RtlMoveMemory (memmove) for overlapping buffers." },
    { 0xF5, "ObReferenceObjectByHandle was given a NULL handle",
      { NULL, "address of the NULL handle", "object type", "reserved" }, NULL },
    { 0xF6, "a user-mode handle was referenced as a kernel handle",
      { NULL, "handle value", "address of the current process",
        "address inside the driver making the reference" }, NULL },
    /* Waits at a bad IRQL (src/verifier/vfirql.c). */
    { 0x120, "the thread waited at IRQL > DISPATCH_LEVEL",
      { NULL, "address of the IRQL value", "address of the object waited on",
        "address of the timeout value" },
      "KeWaitForSingleObject and KeWaitForMultipleObjects run at IRQL <= DISPATCH_LEVEL." },
    { 0x121, "the thread waited at DISPATCH_LEVEL with no timeout (Timeout NULL)",
      { NULL, "address of the IRQL value", "address of the object waited on",
        "address of the timeout value" },
      "At DISPATCH_LEVEL a thread cannot be descheduled: only a zero timeout (a poll) is "
      "allowed. Wait at PASSIVE_LEVEL, outside the spin lock or DPC." },
    { 0x122, "the thread waited at DISPATCH_LEVEL with a nonzero timeout",
      { NULL, "address of the IRQL value", "address of the object waited on",
        "address of the timeout value" },
      "A wait that can block needs IRQL <= APC_LEVEL; at DISPATCH_LEVEL only a zero timeout "
      "is allowed." },
    /* I/O verification (src/verifier/vfio.c): completion routines. */
    { 0xFA, "an IRP completion routine returned at another IRQL than it was called at",
      { NULL, "address of the completion routine", "IRQL before the completion routine",
        "IRQL after the completion routine" },
      "The completion routine left a spin lock held or a raised IRQL behind: every "
      "KeAcquireSpinLock / KeRaiseIrql in it needs its release / KeLowerIrql before it "
      "returns." },
    { 0xFB, "an IRP completion routine changed the thread's APC disable count",
      { NULL, "address of the completion routine", "the thread's APC disable count now",
        "the thread's APC disable count before the completion routine" },
      "The completion routine entered a critical or guarded region (or acquired a kernel "
      "mutex) without leaving it, or left one it did not enter." },
    { 0x1000, "self-deadlock: the thread acquired again a lock it already holds",
      { NULL, "address of the lock", "reserved", "reserved" },
      "A lock that is not recursive (spin lock, fast mutex, exclusive ERESOURCE taken as a "
      "mutex) was taken twice by one thread: look for a routine that calls, with the lock "
      "held, another routine that takes it too." },
    { 0x1001, "deadlock: a lock hierarchy violation (two locks taken in opposite orders)",
      { NULL, "address of the lock that closed the cycle", "reserved", "reserved" },
      "One code path takes lock A then lock B, another takes B then A: run together they "
      "deadlock. Pick one order for every path (a lock hierarchy) and keep to it. The "
      "acquisition stacks of both orders show the two paths." },
    { 0x1002, "a lock was acquired without having been initialized",
      { NULL, "address of the lock", "reserved", "reserved" },
      "Initialize every lock (KeInitializeSpinLock, ExInitializeFastMutex, "
      "ExInitializeResourceLite) before its first use, typically in DriverEntry or AddDevice." },
    /* DDI compliance checking (src/verifier/vfddi.c): rules added with the I/O checks. */
    { 0x20007, "the driver violated the DDI compliance rule IrqlExApcLte3",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "An ERESOURCE routine (ExAcquireResource*Lite, ExAcquireShared*, ExConvertExclusiveToSharedLite, ExDeleteResourceLite) was called above APC_LEVEL: resources wait, so take them before a spin lock or a raise to DISPATCH_LEVEL." },
    { 0x2000A, "the driver violated the DDI compliance rule IrqlIoPassive1",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "IoCreateDevice or IoAttachDevice was called above PASSIVE_LEVEL, or IoBuildDeviceIoControlRequest above APC_LEVEL: create and attach devices from DriverEntry, AddDevice or a work item." },
    { 0x2000D, "the driver violated the DDI compliance rule IrqlIoPassive4",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "A symbolic link or named event routine (IoCreateSymbolicLink, IoDeleteSymbolicLink, IoCreateNotificationEvent...) was called above PASSIVE_LEVEL." },
    { 0x2000E, "the driver violated the DDI compliance rule IrqlIoPassive5",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "IoGetDeviceObjectPointer or IoInitializeTimer was called above PASSIVE_LEVEL." },
    { 0x2000F, "the driver violated the DDI compliance rule IrqlKeApcLte1",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "A guarded mutex routine or KeDelayExecutionThread was called above APC_LEVEL: both may wait." },
    { 0x20010, "the driver violated the DDI compliance rule IrqlKeApcLte2",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "KeEnter/LeaveCriticalRegion, KeEnter/LeaveGuardedRegion or KeAre(All)ApcsDisabled was called above APC_LEVEL." },
    { 0x2001C, "the driver violated the DDI compliance rule IrqlPsPassive",
      { NULL, "pointer to the string that describes the violated rule condition",
        "reserved (kmode: 0)", "reserved (kmode: 0)" },
      "PsCreateSystemThread or PsTerminateSystemThread was called above PASSIVE_LEVEL: start threads from DriverEntry or a work item." },
};

/* BAD_POOL_CALLER (0xC2): Arg1 selects the meaning. */
static const KI_SUBCODE_INFO KiBadPoolCallerInfo[] = {
    { 0x00, "the current thread requested a zero-byte pool allocation",
      { NULL, "zero", "pool type", "pool tag" }, NULL },
    { 0x01, "the pool header has been corrupted",
      { NULL, "pointer to the pool header", "first part of the pool header contents", "zero" },
      "Something wrote over the header in front of a pool block: usually an underrun of "
      "that block or an overrun of the block before it." },
    { 0x02, "the pool header has been corrupted",
      { NULL, "pointer to the pool header", "first part of the pool header contents", "zero" },
      "Something wrote over the header in front of a pool block." },
    { 0x04, "the pool header has been corrupted",
      { NULL, "pointer to the pool header", "first part of the pool header contents", "zero" },
      "Something wrote over the header in front of a pool block." },
    { 0x06, "the current thread freed pool that was already freed",
      { NULL, "reserved", "pointer to the pool header", "pool header contents" },
      "Double free: ExFreePool(WithTag) was called twice on the same block." },
    { 0x07, "the current thread freed pool that was already freed",
      { NULL, "reserved", "pool header contents", "address of the block being freed" },
      "Double free: ExFreePool(WithTag) was called twice on the same block. Clear the "
      "pointer when freeing, and check which owner frees it." },
    { 0x08, "the current thread allocated pool at an invalid IRQL",
      { NULL, "current IRQL", "pool type", "size of the allocation in bytes" },
      "Paged pool may only be allocated at IRQL <= APC_LEVEL, nonpaged pool at <= DISPATCH_LEVEL." },
    { 0x09, "the current thread freed pool at an invalid IRQL",
      { NULL, "current IRQL", "pool type", "address of the pool" },
      "Paged pool may only be freed at IRQL <= APC_LEVEL, nonpaged pool at <= DISPATCH_LEVEL: "
      "free it after releasing the spin lock, or from a work item." },
    { 0x0A, "the current thread freed pool with the wrong tag",
      { NULL, "address of the pool", "allocator's tag", "tag used in the attempted free" },
      "ExFreePoolWithTag must name the tag the block was allocated with; a mismatch often "
      "means the block belongs to another component." },
    { 0x0B, "the current thread released quota on a corrupted pool allocation",
      { NULL, "address of the pool", "pool allocation's tag", "bad quota process pointer" }, NULL },
    { 0x0C, "the current thread released quota on a corrupted pool allocation",
      { NULL, "address of the pool", "pool allocation's tag", "bad quota process pointer" }, NULL },
    { 0x0D, "the current thread released quota on a corrupted pool allocation",
      { NULL, "address of the pool", "pool allocation's tag", "bad quota process pointer" }, NULL },
    { 0x40, "the current thread freed kernel pool at a user-mode address",
      { NULL, "starting address", "start of system address space", "zero" }, NULL },
    { 0x42, "the current thread freed an address that was never in any pool",
      { NULL, "address being freed", "zero", "zero" },
      "ExFreePool was given a pointer that no pool allocation returned: a stack or static "
      "address, a pointer into the middle of a block, or a garbage pointer." },
    { 0x43, "the current thread freed an address that was never in any pool",
      { NULL, "address being freed", "zero", "zero" },
      "ExFreePool was given a pointer that no pool allocation returned." },
    { 0x46, "the current thread freed an invalid pool address",
      { NULL, "starting address", "zero", "zero" },
      "The address is not one the matching allocator returned (kmode: MmFreeNonCachedMemory "
      "of an address MmAllocateNonCachedMemory did not return, or with another size)." },
    { 0x60, "the current thread freed contiguous memory at an address no allocation returned "
            "(kmode)",
      { NULL, "address being freed", "zero", "zero" },
      "MmFreeContiguousMemory(SpecifyCache) takes the address MmAllocateContiguousMemory"
      "(SpecifyCache) returned, once, with the same size and cache type." },
    { 0x99, "the current thread freed pool with an invalid address (or the header is corrupted)",
      { NULL, "address being freed", "zero", "zero" },
      "The address is not the start of a pool block: a pointer into a block, or a block "
      "whose header an underrun overwrote." },
    { 0x9A, "the current thread requested MUST_SUCCEED pool, which is no longer supported",
      { NULL, "pool type", "number of bytes requested", "pool tag" },
      "NonPagedPoolMustSucceed is gone since Windows Vista: allocate normally and handle a "
      "failure." },
    { 0x9B, "the current thread allocated pool with a tag of 0",
      { NULL, "pool type", "number of bytes requested", "caller's address" },
      "Pool tags must be non-zero so allocations can be tracked." },
    { 0x9C, "the current thread allocated pool with the tag \"BIG\"",
      { NULL, "pool type", "number of bytes requested", "caller's address" }, NULL },
    { 0x9D, "the current thread allocated pool with a tag that has no letter or digit",
      { NULL, "incorrect pool tag", "pool type", "caller's address" }, NULL },
};

/* SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION (0xC1): Arg4 selects the meaning. */
static const KI_SUBCODE_INFO KiSpecialPoolInfo[] = {
    { 0x20, "a driver freed pool that was not allocated",
      { "address the driver tried to free", "reserved", "zero", NULL },
      "The address was never returned by an allocation: a stack or global address, or a pointer into a block." },
    { 0x21, "a driver freed a bad address",
      { "address the driver tried to free", "bytes requested", "bytes calculated (given to the caller)", NULL },
      "The address is not the start of the allocation (a pointer that was advanced), or the block's header was overwritten." },
    { 0x22, "a driver freed a bad address",
      { "address the driver tried to free", "bytes requested", "bytes calculated (given to the caller)", NULL },
      "The address is not the start of the allocation (a pointer that was advanced), or the block's header was overwritten." },
    { 0x23, "a driver freed an address, but nearby bytes in the same page were corrupted",
      { "address the driver tried to free", "address where bits are corrupted", "reserved", NULL },
      "Buffer underrun or overrun of the block (or of a neighbour) detected at free time." },
    { 0x24, "a driver freed an address, but bytes after the end of the allocation were overwritten",
      { "address the driver tried to free", "address where bits are corrupted", "reserved", NULL },
      "Buffer overrun: the driver wrote past the end of its allocation; the damage was "
      "found when the block was freed." },
    { 0x30, "a driver allocated pool at an incorrect IRQL",
      { "current IRQL", "pool type", "number of bytes", NULL },
      "Paged pool needs IRQL <= APC_LEVEL, nonpaged pool IRQL <= DISPATCH_LEVEL." },
    { 0x31, "a driver freed pool at an incorrect IRQL",
      { "current IRQL", "pool type", "address the driver tried to free", NULL },
      "Paged pool must be freed at IRQL <= APC_LEVEL, nonpaged pool at IRQL <= DISPATCH_LEVEL." },
    { 0x32, "a driver freed an address, but nearby bytes in the same page have a single-bit error",
      { "address the driver tried to free", "address where one bit is corrupted", "reserved", NULL },
      NULL },
};

/* DRIVER_VERIFIER_IOMANAGER_VIOLATION (0xC9): Arg1 selects the meaning. */
static const KI_SUBCODE_INFO KiIoVerifierInfo[] = {
    { 0x01, "the driver freed an object whose type is not IO_TYPE_IRP",
      { NULL, "address of the IRP being freed", "zero", "zero" },
      "IoFreeIrp was given something that is not an IRP (or an IRP freed already)." },
    { 0x02, "the driver freed an IRP still associated with a thread",
      { NULL, "address of the IRP being freed", "zero", "zero" },
      "An IRP queued to a thread (threaded IRP from IoBuild*Request or a user request) belongs to the I/O manager: complete it, do not free it." },
    { 0x03, "IoCallDriver was given an IRP whose Type is not IO_TYPE_IRP",
      { NULL, "address of the IRP being sent", "zero", "zero" },
      "IoCallDriver was given a pointer that is not an IRP: a freed IRP, or a wrong pointer." },
    { 0x04, "IoCallDriver was given an invalid device object",
      { NULL, "address of the device object", "zero", "zero" },
      "IoCallDriver was given a pointer that is not a device object: a deleted device, or an attached-device pointer that was never set." },
    { 0x05, "the IRQL changed during a call to a driver dispatch routine",
      { NULL, "device object of the offending driver", "IRQL before IoCallDriver",
        "IRQL after IoCallDriver" }, "A dispatch routine returned without releasing a spin lock "
      "or restoring the IRQL it raised." },
    { 0x06, "IoCompleteRequest was given a status marked as pending (or -1)",
      { NULL, "IRP status", "address of the IRP being completed", "zero" },
      "A completed IRP needs its final status, never STATUS_PENDING." },
    { 0x07, "IoCompleteRequest was called while the IRP's cancel routine was still set",
      { NULL, "address of the cancel routine", "address of the IRP being completed", "zero" },
      "Clear the cancel routine (IoSetCancelRoutine(Irp, NULL)) before completing." },
    { 0x0C, "an IRP's I/O status block is on a stack that has already unwound",
      { NULL, "address of the I/O status block", "zero", "zero" }, NULL },
    { 0x0D, "an IRP's user event is on a stack that has already unwound",
      { NULL, "address of the user event", "zero", "zero" }, NULL },
    { 0x0E, "IoCompleteRequest was called with IRQL > DISPATCH_LEVEL",
      { NULL, "current IRQL", "address of the IRP", "zero" },
      "IoCompleteRequest may be called at IRQL <= DISPATCH_LEVEL only: from an ISR, queue a DPC and complete there." },
    { 0x10, "IoCallDriver was called above DISPATCH_LEVEL",
      { NULL, "current IRQL", "reserved", "reserved" },
      "IoCallDriver may be called at IRQL <= DISPATCH_LEVEL only." },
    /* WDM DRIVER ERRORs of PnP, power and WMI IRPs, completion routines and buffered
       requests (src/verifier/vfio.c; Arg2 is the sending or completing code). */
    { 0x20E, "a PnP IRP has an invalid initial status (it must be STATUS_NOT_SUPPORTED)",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "device object the IRP was sent to" },
      "A driver that creates a PnP IRP sets Irp->IoStatus.Status = STATUS_NOT_SUPPORTED before sending it." },
    { 0x20F, "a power IRP has an invalid initial status (it must be STATUS_NOT_SUPPORTED)",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "device object the IRP was sent to" },
      "A driver that creates a power IRP sets Irp->IoStatus.Status = STATUS_NOT_SUPPORTED before sending it." },
    { 0x210, "a WMI IRP has an invalid initial status (it must be STATUS_NOT_SUPPORTED)",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "device object the IRP was sent to" },
      "A driver that creates a WMI (IRP_MJ_SYSTEM_CONTROL) IRP sets Irp->IoStatus.Status = STATUS_NOT_SUPPORTED before sending it." },
    { 0x215, "a failed IRP_MJ_PNP (not STATUS_NOT_SUPPORTED) is being passed down the stack",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "device object the IRP was sent to" },
      "A driver that fails a PnP IRP completes it; it does not pass it on." },
    { 0x216, "a status already set in an IRP_MJ_PNP was turned into STATUS_NOT_SUPPORTED",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "STATUS_NOT_SUPPORTED means nobody handled the IRP: a driver that does not handle it leaves the status alone." },
    { 0x219, "a failed IRP_MJ_POWER (not STATUS_NOT_SUPPORTED) is being passed down the stack",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "device object the IRP was sent to" },
      "A driver that fails a power IRP completes it; it does not pass it on." },
    { 0x21A, "a status already set in an IRP_MJ_POWER was turned into STATUS_NOT_SUPPORTED",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "A driver that does not handle a power IRP leaves its status alone." },
    { 0x220, "IRP_MJ_SYSTEM_CONTROL was completed by a driver other than the provider it was meant for",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "A driver that is not the WMI provider named by Parameters.WMI.ProviderId passes the IRP down." },
    { 0x228, "a completion routine did not mark the IRP pending although PendingReturned was set",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "Add \"if (Irp->PendingReturned) IoMarkIrpPending(Irp);\" to the completion routine (unless it returns STATUS_MORE_PROCESSING_REQUIRED). Arg2 is the completion routine." },
    { 0x22F, "an untouched IRP_MJ_PNP was completed instead of passed down, or failed with STATUS_NOT_SUPPORTED by a driver that is not the PDO",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "A filter or function driver passes the PnP IRPs it does not handle to the next lower driver." },
    { 0x231, "a successful IRP_MJ_POWER was completed instead of passed down",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "Every driver passes power IRPs down to the bus driver; a driver may only fail one on its own." },
    { 0x232, "an untouched IRP_MJ_POWER was completed instead of passed down, or failed with STATUS_NOT_SUPPORTED by a driver that is not the PDO",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "A driver passes the power IRPs it does not handle to the next lower driver." },
    { 0x23A, "an IRP was sent at an IRQL illegal for its major function",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "device object the IRP was sent to" },
      "Only power, read, write and (internal) device control IRPs may be sent at DISPATCH_LEVEL; send the others at PASSIVE_LEVEL." },
    { 0x247, "a driver failed an IRP that cannot legally be failed",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "IRP_MN_SURPRISE_REMOVAL, IRP_MN_CANCEL_REMOVE_DEVICE and IRP_MN_CANCEL_STOP_DEVICE must succeed." },
    { 0x306, "IRP_MN_REMOVE_DEVICE was completed with a failure status",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "A remove request cannot be failed; fail IRP_MN_QUERY_REMOVE_DEVICE instead." },
    { 0x312, "IoStatus.Information is larger than the output part of the system buffer",
      { NULL, "address in the driver's code where the error was detected",
        "address of the IRP", "address of the device object" },
      "The I/O manager copies Information bytes back to the caller: set it to the number of bytes actually written (at most OutputBufferLength, or the read's Length)." },
};

/* DPC_WATCHDOG_VIOLATION (0x133): Arg1 selects the meaning. */
static const KI_SUBCODE_INFO KiDpcWatchdogInfo[] = {
    { 0x0, "a single DPC or ISR ran longer than its time allotment",
      { NULL, "the DPC's run time (ticks)", "the DPC time allotment (ticks)",
        "watchdog triage block (reserved)" },
      "One DPC or ISR ran too long: a loop, a busy wait (KeStallExecutionProcessor), or a "
      "spin on a lock held elsewhere. Do long work in a work item or a system thread." },
    { 0x1, "the processor stayed at DISPATCH_LEVEL or above for too long in total",
      { NULL, "the watchdog period (ticks)", "watchdog triage block (reserved)", "reserved" },
      "Back-to-back DPCs, or code that keeps a spin lock or a raised IRQL for long stretches: "
      "shorten the time at DISPATCH_LEVEL and move work to PASSIVE_LEVEL." },
};

/* DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4), Driver Verifier's MDL checks (Windows Vista and
   later). */
static const KI_SUBCODE_INFO KiVerifierMdlInfo[] = {
    { 0xB0, "MmProbeAndLockPages was given an MDL with flags it cannot take",
      { NULL, "address of the MDL", "the MDL's flags", "the flags that are wrong" },
      "MmProbeAndLockPages locks the pages of an MDL that describes pageable memory and is not "
      "locked yet: not an MDL from MmBuildMdlForNonPagedPool, nor one already locked or "
      "mapped, nor a partial MDL." },
    { 0xB1, "MmProbeAndLockProcessPages was given an MDL with flags it cannot take",
      { NULL, "address of the MDL", "the MDL's flags", "the flags that are wrong" },
      "As for MmProbeAndLockPages: only an MDL whose pages are not locked yet can be locked." },
    { 0xB2, "MmMapLockedPages was given an MDL with flags it cannot take",
      { NULL, "address of the MDL", "the MDL's flags", "the flags that are wrong" },
      "The MDL is already mapped to a system address (use MappedSystemVa, or "
      "MmGetSystemAddressForMdlSafe, which maps once), or it is a partial MDL whose parent "
      "is mapped." },
    { 0xB3, "MmMapLockedPages was given an MDL without a flag it needs",
      { NULL, "address of the MDL", "the MDL's flags", "the flags of which one was expected" },
      "Only an MDL whose pages are locked (MmProbeAndLockPages), or that describes nonpaged "
      "memory (MmBuildMdlForNonPagedPool), or a partial MDL built from one, can be mapped." },
    { 0xB4, "MmUnlockPages was given a partial MDL",
      { NULL, "address of the MDL", "the MDL's flags", "the partial MDL flag" },
      "A partial MDL (IoBuildPartialMdl) shares its parent's locked pages: unlock the parent "
      "MDL, and free the partial one with IoFreeMdl." },
    { 0xB8, "the driver freed an MDL whose pages are still mapped",
      { NULL, "address of the MDL", "the MDL's flags", "reserved" },
      "Unmap the MDL's pages (MmUnmapLockedPages) before IoFreeMdl." },
};

/* DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4), deadlock detection (0x1000-0x100B; 0x1000-0x1002
   are in KiVerifierInfo). */
static const KI_SUBCODE_INFO KiVerifierDeadlockInfo[] = {
    { 0x1003, "a lock was released out of order (unexpected release)",
      { NULL, "address of the lock being released", "address of the lock that should have been "
        "released first", "reserved" },
      "Spin locks must be released in the reverse order of their acquisition when the "
      "release lowers the IRQL: releasing the first one back to PASSIVE_LEVEL leaves the later "
      "one held at an IRQL where the thread can be preempted and another CPU spins on it. "
      "The ANALYSIS shows where the later lock was acquired." },
    { 0x1004, "a lock was released by another thread than the one that acquired it",
      { NULL, "address of the lock", "the thread that acquired it", "the thread releasing it" },
      "Spin locks, mutexes and fast mutexes belong to the thread that acquired them: the "
      "release must happen on that thread. Hand the work, not the lock, to another thread "
      "(or use a synchronization event)." },
    { 0x1005, "a lock was initialized more than once",
      { NULL, "address of the lock", "reserved", "reserved" },
      "Initializing a lock again while it may be in use loses its state: initialize each "
      "lock once, in DriverEntry or AddDevice." },
    { 0x1007, "a lock was released without having been acquired",
      { NULL, "address of the lock", "reserved", "reserved" },
      "The lock was released twice (an error path releasing what the common path released "
      "already), or released on a path that never acquired it." },
    { 0x1008, "a lock was acquired through a routine meant for another kind of lock",
      { NULL, "address of the lock", "Driver Verifier internal data", "Driver Verifier internal data" },
      "Use the acquisition routine of the lock's kind (an in-stack queued spin lock is not "
      "acquired with KeAcquireSpinLock, and so on)." },
    { 0x1009, "a lock was released through a routine meant for another kind of lock",
      { NULL, "address of the lock", "Driver Verifier internal data", "Driver Verifier internal data" },
      "Release a lock with the routine that matches the one that acquired it." },
    { 0x100A, "a thread ended while it owned a lock",
      { NULL, "the thread", "Driver Verifier internal data", "reserved" },
      "A system thread must release every lock it holds before PsTerminateSystemThread." },
    { 0x100B, "a lock was deleted while a thread still owns it",
      { NULL, "address of the lock", "the owning thread", "Driver Verifier internal data" },
      "Release the lock before deleting it (ExDeleteResourceLite) or freeing its memory." },
};

/* DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4), DDI compliance checking: Arg1 is the rule id. */
#define KI_DDI_ARGS { NULL, "address of the text of the violated rule condition", \
                      "address of the rule's state (kmode: 0)", "reserved" }
static const KI_SUBCODE_INFO KiVerifierDdiInfo[] = {
    { 0x20002, "DDI compliance rule IrqlApcLte: ObGetObjectSecurity / ObReleaseObjectSecurity "
      "above APC_LEVEL", KI_DDI_ARGS,
      "Those routines may only be called at IRQL <= APC_LEVEL." },
    { 0x20003, "DDI compliance rule IrqlDispatch: a routine that requires DISPATCH_LEVEL was "
      "called at another IRQL", KI_DDI_ARGS,
      "KeAcquireSpinLockAtDpcLevel, KeReleaseSpinLockFromDpcLevel and their in-stack queued "
      "forms run only at DISPATCH_LEVEL: below it use the forms that raise (KeAcquireSpinLock, "
      "KeAcquireInStackQueuedSpinLock)." },
    { 0x20004, "DDI compliance rule IrqlExAllocatePool: pool allocated at a bad IRQL",
      KI_DDI_ARGS,
      "ExAllocatePool* may be called at IRQL <= DISPATCH_LEVEL, and only at <= APC_LEVEL for "
      "paged pool: allocate before raising the IRQL or taking a spin lock." },
    { 0x20005, "DDI compliance rule IrqlExApcLte1: ExAcquireFastMutex or "
      "ExTryToAcquireFastMutex above APC_LEVEL", KI_DDI_ARGS,
      "Fast mutexes may wait: acquire them at IRQL <= APC_LEVEL, never under a spin lock." },
    { 0x20006, "DDI compliance rule IrqlExApcLte2: an executive routine above APC_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at IRQL <= APC_LEVEL." },
    { 0x20007, "DDI compliance rule IrqlExApcLte3: an executive routine above APC_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at IRQL <= APC_LEVEL." },
    { 0x20008, "DDI compliance rule IrqlExPassive: an executive routine above PASSIVE_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x20009, "DDI compliance rule IrqlIoApcLte: an I/O manager routine above APC_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at IRQL <= APC_LEVEL." },
    { 0x2000A, "DDI compliance rule IrqlIoPassive1: an I/O manager routine above PASSIVE_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x2000B, "DDI compliance rule IrqlIoPassive2: an I/O manager routine above PASSIVE_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x2000C, "DDI compliance rule IrqlIoPassive3: an I/O manager routine above PASSIVE_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x2000D, "DDI compliance rule IrqlIoPassive4: an I/O manager routine above PASSIVE_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x2000E, "DDI compliance rule IrqlIoPassive5: an I/O manager routine above PASSIVE_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x2000F, "DDI compliance rule IrqlKeApcLte1: a kernel routine above APC_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at IRQL <= APC_LEVEL." },
    { 0x20010, "DDI compliance rule IrqlKeApcLte2: a kernel routine above APC_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at IRQL <= APC_LEVEL." },
    { 0x20011, "DDI compliance rule IrqlKeDispatchLte: a kernel routine above DISPATCH_LEVEL",
      KI_DDI_ARGS,
      "KeAcquireSpinLock, KeAcquireInStackQueuedSpinLock and the other routines of the rule "
      "may only be called at IRQL <= DISPATCH_LEVEL (from an ISR, use "
      "KeAcquireInterruptSpinLock)." },
    { 0x20015, "DDI compliance rule IrqlKeReleaseSpinLock: KeReleaseSpinLock at an IRQL other "
      "than DISPATCH_LEVEL", KI_DDI_ARGS,
      "A spin lock taken with KeAcquireSpinLock is released at DISPATCH_LEVEL: the lock was "
      "released twice, or the IRQL was lowered by hand in between." },
    { 0x20016, "DDI compliance rule IrqlKeSetEvent: KeSetEvent at a bad IRQL", KI_DDI_ARGS,
      "KeSetEvent may be called at IRQL <= DISPATCH_LEVEL with Wait FALSE, and only at "
      "<= APC_LEVEL with Wait TRUE." },
    { 0x20019, "DDI compliance rule IrqlMmApcLte: a memory manager routine above APC_LEVEL",
      KI_DDI_ARGS, "The routine may only be called at IRQL <= APC_LEVEL." },
    { 0x2001A, "DDI compliance rule IrqlMmDispatch: MmFreeContiguousMemory at a bad IRQL",
      KI_DDI_ARGS, "MmFreeContiguousMemory has the IRQL rule its page documents." },
    { 0x2001B, "DDI compliance rule IrqlObPassive: ObReferenceObjectByHandle above "
      "PASSIVE_LEVEL", KI_DDI_ARGS,
      "Reference objects by handle at PASSIVE_LEVEL: take the reference before raising the "
      "IRQL, and keep the object pointer." },
    { 0x2001C, "DDI compliance rule IrqlPsPassive: a process or thread routine above "
      "PASSIVE_LEVEL", KI_DDI_ARGS, "The routine may only be called at PASSIVE_LEVEL." },
    { 0x2001D, "DDI compliance rule IrqlReturn: a routine returned at another IRQL than it "
      "must", KI_DDI_ARGS, "Restore the IRQL the routine was called at before returning." },
    { 0x2001E, "DDI compliance rule IrqlRtlPassive: RtlDeleteRegistryValue above PASSIVE_LEVEL",
      KI_DDI_ARGS, "Registry routines run at PASSIVE_LEVEL." },
    { 0x2001F, "DDI compliance rule IrqlZwPassive: ZwClose above PASSIVE_LEVEL", KI_DDI_ARGS,
      "Zw routines run at PASSIVE_LEVEL: close handles from a work item or a system thread "
      "when the code that is done with them runs at a raised IRQL." },
    { 0x20022, "DDI compliance rule IrqlIoDispatch: an I/O manager routine above "
      "DISPATCH_LEVEL", KI_DDI_ARGS, "The routine may only be called at IRQL <= DISPATCH_LEVEL." },
    { 0x40003, "DDI compliance rule CriticalRegions: KeEnterCriticalRegion and "
      "KeLeaveCriticalRegion do not pair up", KI_DDI_ARGS,
      "Every KeEnterCriticalRegion needs its KeLeaveCriticalRegion on the same path." },
    { 0x40006, "DDI compliance rule QueuedSpinLock: an in-stack queued spin lock acquired "
      "again by its holder", KI_DDI_ARGS,
      "A queued spin lock is not recursive: release it before acquiring it again." },
    { 0x40007, "DDI compliance rule QueuedSpinLockRelease: an in-stack queued spin lock "
      "released while not held", KI_DDI_ARGS,
      "Release each queued spin lock once, with the handle its acquisition filled in." },
    { 0x40009, "DDI compliance rule SpinLock: a spin lock acquired again by its holder, or "
      "released while not held", KI_DDI_ARGS,
      "Spin locks are not recursive, and each acquisition has exactly one release: look for a "
      "routine called with the lock held that takes it again, or an error path that releases "
      "it twice." },
    { 0x4000B, "DDI compliance rule SpinlockRelease: spin locks released in a bad order",
      KI_DDI_ARGS, "Release spin locks in the reverse order of their acquisition." },
    { 0x4000E, "DDI compliance rule GuardedRegions: KeEnterGuardedRegion and "
      "KeLeaveGuardedRegion do not pair up", KI_DDI_ARGS,
      "Every KeEnterGuardedRegion needs its KeLeaveGuardedRegion on the same path." },
};

/* DRIVER_VERIFIER_IOMANAGER_VIOLATION (0xC9): the "WDM DRIVER ERROR" codes of I/O
   verification (0x200 and up). In a crash dump: the code, the address in the driver where the
   error was found, the IRP, the device object. */
#define KI_WDM_ARGS { NULL, "address in the driver where the error was found (kmode: the " \
                      "routine, or the caller of the DDI)", "address of the IRP (0: none)", \
                      "address of the device object (0: none)" }
static const KI_SUBCODE_INFO KiIoVerifierWdmInfo[] = {
    { 0x200, "WDM driver error 0x200: an I/O verification error of no known kind", KI_WDM_ARGS,
      "See the ANALYSIS text for what was found." },
    { 0x201, "WDM driver error 0x201: a device deleted itself while attached to a lower device",
      KI_WDM_ARGS, "Call IoDetachDevice before IoDeleteDevice." },
    { 0x202, "WDM driver error 0x202: a device was detached that is not attached to anything",
      KI_WDM_ARGS, "IoDetachDevice was called twice for the same device, or for one never "
      "attached." },
    { 0x203, "WDM driver error 0x203: IoCallDriver with the IRP's cancel routine still set",
      KI_WDM_ARGS, "Clear the cancel routine (IoSetCancelRoutine(Irp, NULL)) before passing "
      "the IRP down: the lower driver owns cancellation from then on." },
    { 0x204, "WDM driver error 0x204: IoCallDriver with a NULL device object", KI_WDM_ARGS,
      "The driver forwarded to a device pointer that was never set (the lower device of "
      "IoAttachDeviceToDeviceStack)." },
    { 0x205, "WDM driver error 0x205: the driver forwarded an IRP that is pending below it",
      KI_WDM_ARGS, "An IRP passed down belongs to the lower drivers until their completion "
      "reaches the driver's completion routine: its handling of STATUS_PENDING is broken." },
    { 0x206, "WDM driver error 0x206: an IRP forwarded with a stack location copied by hand "
      "(Control not cleared)", KI_WDM_ARGS,
      "Use IoCopyCurrentIrpStackLocationToNext or IoSkipCurrentIrpStackLocation." },
    { 0x207, "WDM driver error 0x207: a copied stack location kept the upper driver's "
      "completion routine", KI_WDM_ARGS, "Use IoCopyCurrentIrpStackLocationToNext, which does "
      "not copy the completion routine." },
    { 0x208, "WDM driver error 0x208: the IRP is about to run out of stack locations",
      KI_WDM_ARGS, "The IRP was forwarded from another device stack without enough "
      "locations: allocate a new IRP sized for the target stack." },
    { 0x209, "WDM driver error 0x209: the driver completed an IRP that is pending below it",
      KI_WDM_ARGS, "The IRP belongs to the lower drivers until it comes back: its handling of "
      "STATUS_PENDING is broken." },
    { 0x20A, "WDM driver error 0x20A: IoFreeIrp of an IRP that is still in use", KI_WDM_ARGS,
      "Free an IRP the driver allocated only after its completion routine saw it come back." },
    { 0x20B, "WDM driver error 0x20B: IoFreeIrp of an IRP that is still in use", KI_WDM_ARGS,
      "The IRP is still being processed (a dispatch routine has not returned, or it has not "
      "been completed): free it in its completion routine (returning "
      "STATUS_MORE_PROCESSING_REQUIRED) or after that routine signalled." },
    { 0x20C, "WDM driver error 0x20C: IoFreeIrp of an IRP still queued to a thread",
      KI_WDM_ARGS, "A threaded IRP (IoBuild*Request) belongs to the I/O manager: complete it, "
      "do not free it." },
    { 0x20D, "WDM driver error 0x20D: IoInitializeIrp on an IRP from IoAllocateIrp",
      KI_WDM_ARGS, "To reuse an IRP from IoAllocateIrp, call IoReuseIrp." },
    { 0x20E, "WDM driver error 0x20E: a PnP IRP sent with a status other than "
      "STATUS_NOT_SUPPORTED", KI_WDM_ARGS,
      "Initialize IoStatus.Status of a PnP IRP to STATUS_NOT_SUPPORTED before sending it." },
    { 0x20F, "WDM driver error 0x20F: a power IRP sent with a status other than "
      "STATUS_NOT_SUPPORTED", KI_WDM_ARGS,
      "Initialize IoStatus.Status of a power IRP to STATUS_NOT_SUPPORTED before sending it." },
    { 0x210, "WDM driver error 0x210: a WMI IRP sent with a status other than "
      "STATUS_NOT_SUPPORTED", KI_WDM_ARGS,
      "Initialize IoStatus.Status of a WMI IRP to STATUS_NOT_SUPPORTED before sending it." },
    { 0x211, "WDM driver error 0x211: an IRP forwarded past a device of the stack", KI_WDM_ARGS,
      "Send IRPs to the device IoAttachDeviceToDeviceStack returned, not to the PDO." },
    { 0x212, "WDM driver error 0x212: the IRP's stack was overwritten or not copied properly",
      KI_WDM_ARGS, NULL },
    { 0x213, "WDM driver error 0x213: the status of an IRP the driver does not handle was "
      "changed", KI_WDM_ARGS, "Pass unknown IRPs down without touching IoStatus." },
    { 0x214, "WDM driver error 0x214: the information of an IRP the driver does not handle "
      "was changed", KI_WDM_ARGS, "Pass unknown IRPs down without touching IoStatus." },
    { 0x215, "WDM driver error 0x215: a failed PnP IRP passed down", KI_WDM_ARGS,
      "A PnP IRP the driver fails must be completed, not passed down." },
    { 0x216, "WDM driver error 0x216: a PnP IRP's status turned into STATUS_NOT_SUPPORTED",
      KI_WDM_ARGS, "Drivers may not fail a PnP IRP with STATUS_NOT_SUPPORTED." },
    { 0x217, "WDM driver error 0x217: a required IRP was not handled", KI_WDM_ARGS, NULL },
    { 0x218, "WDM driver error 0x218: the driver answered an IRP reserved for another device "
      "of the stack", KI_WDM_ARGS, NULL },
    { 0x219, "WDM driver error 0x219: a failed power IRP passed down", KI_WDM_ARGS,
      "A power IRP the driver fails must be completed, not passed down." },
    { 0x21A, "WDM driver error 0x21A: a power IRP's status turned into STATUS_NOT_SUPPORTED",
      KI_WDM_ARGS, NULL },
    { 0x21B, "WDM driver error 0x21B: a dispatch routine returned a suspicious status",
      KI_WDM_ARGS, "The value returned is no NTSTATUS (a reserved bit set, or a facility that "
      "does not exist): often an uninitialized status variable returned on some path." },
    { 0x21C, "WDM driver error 0x21C: a stack location copied without a completion routine",
      KI_WDM_ARGS, "Use IoSkipCurrentIrpStackLocation when no completion routine is needed." },
    { 0x21D, "WDM driver error 0x21D: a remove IRP handled without detaching from the device "
      "below", KI_WDM_ARGS, NULL },
    { 0x21E, "WDM driver error 0x21E: a remove IRP handled without deleting the device",
      KI_WDM_ARGS, NULL },
    { 0x21F, "WDM driver error 0x21F: no dispatch routine for a required major function",
      KI_WDM_ARGS, NULL },
    { 0x220, "WDM driver error 0x220: IRP_MJ_SYSTEM_CONTROL completed by a device that is not "
      "its provider", KI_WDM_ARGS, "Pass WMI IRPs that are not for this device down." },
    { 0x224, "WDM driver error 0x224: a dispatch routine returned another status than the "
      "one it completed the IRP with", KI_WDM_ARGS,
      "A dispatch routine that completes the IRP must return the IoStatus.Status it completed "
      "it with (save it before IoCompleteRequest: the IRP may be gone after it)." },
    { 0x225, "WDM driver error 0x225: a dispatch routine returned the illegal status "
      "0xFFFFFFFF", KI_WDM_ARGS, "Probably an uninitialized status variable." },
    { 0x226, "WDM driver error 0x226: a dispatch routine returned without completing, "
      "passing down or pending the IRP", KI_WDM_ARGS,
      "Each IRP a dispatch routine gets must be completed, passed to a lower driver, or "
      "marked pending (IoMarkIrpPending) with STATUS_PENDING returned." },
    { 0x227, "WDM driver error 0x227: a completion routine in pageable code", KI_WDM_ARGS,
      "Completion routines may run at DISPATCH_LEVEL: they must not be pageable." },
    { 0x228, "WDM driver error 0x228: a completion routine did not propagate the pending "
      "state", KI_WDM_ARGS,
      "A completion routine that returns anything but STATUS_MORE_PROCESSING_REQUIRED must "
      "call IoMarkIrpPending when Irp->PendingReturned is TRUE." },
    { 0x229, "WDM driver error 0x229: a cancel routine set on an IRP lower drivers are "
      "processing", KI_WDM_ARGS, "Only the driver that holds the IRP may set its cancel "
      "routine." },
    { 0x22D, "WDM driver error 0x22D: an unknown PnP IRP completed instead of passed down",
      KI_WDM_ARGS, "Pass PnP IRPs the driver does not handle to the next lower driver." },
    { 0x22E, "WDM driver error 0x22E: a successful PnP IRP completed instead of passed down",
      KI_WDM_ARGS, NULL },
    { 0x22F, "WDM driver error 0x22F: an untouched PnP IRP completed instead of passed down",
      KI_WDM_ARGS, NULL },
    { 0x230, "WDM driver error 0x230: an unknown power IRP completed instead of passed down",
      KI_WDM_ARGS, NULL },
    { 0x231, "WDM driver error 0x231: a successful power IRP completed instead of passed down",
      KI_WDM_ARGS, NULL },
    { 0x232, "WDM driver error 0x232: an untouched power IRP completed instead of passed down",
      KI_WDM_ARGS, NULL },
    { 0x237, "WDM driver error 0x237: the driver sent an IRP reserved for the system",
      KI_WDM_ARGS, NULL },
    { 0x238, "WDM driver error 0x238: IoInitializeIrp on an IRP from IoAllocateIrp",
      KI_WDM_ARGS, "Use IoReuseIrp to recycle an IRP from IoAllocateIrp." },
    { 0x239, "WDM driver error 0x239: an IRP completed that was never sent with IoCallDriver",
      KI_WDM_ARGS, NULL },
    { 0x23A, "WDM driver error 0x23A: an IRP forwarded at an IRQL illegal for its major "
      "function", KI_WDM_ARGS, NULL },
    { 0x23C, "WDM driver error 0x23C: an IRP completed with its cancel routine still set",
      KI_WDM_ARGS, "Clear the cancel routine before completing the IRP." },
    { 0x23D, "WDM driver error 0x23D: STATUS_PENDING returned without IoMarkIrpPending",
      KI_WDM_ARGS,
      "A dispatch routine that returns STATUS_PENDING must call IoMarkIrpPending on the IRP "
      "first (before queuing it or passing it on), or the I/O manager never waits for it." },
    { 0x23E, "WDM driver error 0x23E: IoMarkIrpPending but another status returned",
      KI_WDM_ARGS,
      "A dispatch routine that marks the IRP pending must return STATUS_PENDING, even if the "
      "IRP has already completed by then." },
    { 0x240, "WDM driver error 0x240: a device object deleted twice", KI_WDM_ARGS, NULL },
    { 0x245, "WDM driver error 0x245: both DO_BUFFERED_IO and DO_DIRECT_IO set", KI_WDM_ARGS,
      "A device uses one buffering method: set one of the flags." },
    { 0x247, "WDM driver error 0x247: the driver failed an IRP that cannot be failed",
      KI_WDM_ARGS, NULL },
    { 0x24A, "WDM driver error 0x24A: a file I/O routine called above PASSIVE_LEVEL",
      KI_WDM_ARGS, "Zw file routines run at PASSIVE_LEVEL." },
    { 0x24C, "WDM driver error 0x24C: STATUS_PENDING returned without IoMarkIrpPending",
      KI_WDM_ARGS, "Call IoMarkIrpPending before returning STATUS_PENDING." },
};

/* TIMER_OR_DPC_INVALID (0xC7): Arg1 selects the meaning. */
static const KI_SUBCODE_INFO KiTimerDpcInfo[] = {
    { 0x0, "a timer object lies in memory that is going away",
      { NULL, "address of the timer object", "start of the memory range checked",
        "end of the memory range checked" },
      "A timer still set lies in the memory being released (a driver image being unloaded, "
      "or pool being freed): cancel it (KeCancelTimer) before the memory goes." },
    { 0x1, "a DPC object lies in memory that is going away",
      { NULL, "address of the DPC object", "start of the memory range checked",
        "end of the memory range checked" },
      "A queued DPC, or the DPC of a set timer, lies in the memory being released: cancel the "
      "timer, remove the DPC (KeRemoveQueueDpc) or wait for it (KeFlushQueuedDpcs) first." },
    { 0x2, "a DPC routine lies in memory that is going away",
      { NULL, "address of the DPC routine", "start of the memory range checked",
        "end of the memory range checked" },
      "A queued DPC, or the DPC of a set timer, would run a routine in the driver image being "
      "unloaded: the Unload routine must cancel its timers and flush its DPCs." },
    { 0x3, "a DPC object has an invalid processor number",
      { NULL, "address of the DPC object", "its processor number",
        "number of processors in the system" },
      "KeSetTargetProcessorDpc was given a processor that does not exist." },
    { 0x4, "a DPC routine changed the thread's APC disable count",
      { NULL, "address of the DPC routine", "APC disable count before the routine",
        "APC disable count after it" },
      "The routine left a critical or guarded region, or a mutex, unbalanced." },
    { 0x5, "a timer's DPC routine changed the thread's APC disable count",
      { NULL, "address of the DPC routine", "APC disable count before the routine",
        "APC disable count after it" },
      "The routine left a critical or guarded region, or a mutex, unbalanced." },
};

/* WORKER_INVALID (0xE4): Arg1 selects the meaning (kmode's parameters). */
static const KI_SUBCODE_INFO KiWorkerInvalidInfo[] = {
    { 0x1, "a work item was queued while it is already queued",
      { NULL, "address of the work item", "its routine (ExQueueWorkItem) or the queue type "
        "(IoQueueWorkItem)", "reserved" },
      "A work item can be queued again only after its routine has started: queue it once, "
      "or use one work item per request (and ExInitializeWorkItem before the first use)." },
    { 0x2, "a work item named no work queue, or an I/O work item was freed while queued",
      { NULL, "address of the work item", "the queue type given (ExQueueWorkItem), or the "
        "I/O work item's routine (IoFreeWorkItem)", "reserved" },
      "QueueType must be one of the WORK_QUEUE_TYPE queues (DelayedWorkQueue, "
      "CriticalWorkQueue...); an I/O work item is freed in its routine or after it ran, never "
      "while queued." },
    { 0x3, "an I/O work item was initialized with an object that is not a device or driver "
      "object",
      { NULL, "address of the I/O work item", "the object given", "reserved" },
      "IoInitializeWorkItem / IoAllocateWorkItem take the driver's device object (or driver "
      "object): the work item holds a reference to it while queued." },
    { 0x6, "an I/O work item was queued to a queue that does not exist",
      { NULL, "address of the I/O work item", "the queue type given", "reserved" },
      "QueueType must be one of the WORK_QUEUE_TYPE queues (DelayedWorkQueue...)." },
    { 0x7, "an I/O work item was queued without a routine",
      { NULL, "address of the I/O work item", "the queue type given", "reserved" },
      "IoQueueWorkItem(Ex) needs the routine to run." },
};

/* SYSTEM_PTE_MISUSE (0xDA): Arg1 selects the meaning. */
static const KI_SUBCODE_INFO KiSystemPteMisuseInfo[] = {
    { 0x6, "a mapping was released that is not the one the MDL holds",
      { NULL, "address of the MDL", "the address given to unmap", "number of pages (kmode)" },
      "MmUnmapLockedPages must get the address MmMapLockedPagesSpecifyCache returned for "
      "this MDL, once: the mapping was released already, or belongs to another MDL." },
};

/* Other codes kmode raises, whose parameters have a fixed meaning. */
static const KI_PLAIN_INFO KiPlainInfoMore[] = {
    { 0x00000001, "A thread returned to a caller with its APC disable count or APC state "
                  "unbalanced.",
      { "address of the routine that returned (the work item routine)",
        "the thread's APC state index", "the thread's combined APC disable count",
        "call type: 0 system call, 1 worker routine" },
      "The routine left a critical region (KeEnterCriticalRegion), a guarded region or a "
      "fast mutex or kernel mutex held: every one must be left or released on every path "
      "before it returns." },
    { 0x0000000C, "KeWaitForMultipleObjects was given too many objects.",
      { "number of objects (kmode)", "the WaitBlockArray given (kmode)", "reserved",
        "reserved" },
      "Up to THREAD_WAIT_OBJECTS (3) objects use the thread's own wait blocks; more need a "
      "WaitBlockArray of Count KWAIT_BLOCKs, and never more than MAXIMUM_WAIT_OBJECTS (64)." },
    { 0x0000001A, "A memory management routine was misused (kmode: a bad section handle or "
                  "address).",
      { "subtype (kmode: 0, a misuse by the caller)",
        "the address or handle given (kmode)",
        "kmode: the limit reached, or 0", "reserved" },
      "MmLockPagableCodeSection / MmLockPagableDataSection and their unlock routines must "
      "pair up, with the handle the lock returned." },
    { 0x0000001F, "A thread that owns an executive resource shared waited for it "
                  "exclusively.",
      { "address of the ERESOURCE (kmode)", "the thread (kmode)", "reserved", "reserved" },
      "A shared owner that asks for exclusive access waits for itself forever: release the "
      "shared access first (and revalidate what it protected), or take it exclusive at once." },
    { 0x00000020, "A thread ended with an APC pending, its APCs disabled or its IRQL raised.",
      { "address of the pending APC (kmode: 0)", "the thread's APC disable count",
        "the IRQL at the time", "reserved" },
      "A system thread called PsTerminateSystemThread (or returned) inside a critical or "
      "guarded region, holding a mutex, or at a raised IRQL." },
    { 0x00000032, "The system failed to initialize (phase 1).",
      { "NT status of the failure", "where it was detected (kmode: the component's tag)",
        "reserved", "reserved" },
      "kmode could not set up one of its own components at start-up: the process is out of "
      "memory or a host resource; the status says which." },
    { 0x00000039, "A worker routine returned while it owned a kernel mutex.",
      { "address of the worker routine", "the parameter passed to it",
        "address of the work item", "reserved" },
      "Release every KMUTEX (KeReleaseMutex) before the work item's routine returns." },
    { 0x00000040, "IoBuildPartialMdl was given a target MDL too small for the range.",
      { "reserved", "reserved", "reserved", "reserved" },
      "Size the target MDL for the range it will describe (IoAllocateMdl with that range's "
      "address and length, or MmSizeOfMdl)." },
    { 0x00000041, "An allocation that must succeed failed.",
      { "size of the request", "kmode: which allocation (0 or 1), or the status it failed with",
        "reserved", "reserved" },
      "kmode could not create a thread object it cannot do without: the process is out of "
      "memory." },
    { 0x00000050, "Invalid system memory was referenced.",
      { "the address referenced", "0: read, 2: write, 0x10: execute (x64)",
        "address of the instruction that referenced it", "kind of fault (0: the page is free)" },
      "kmode raises it for code or data in a driver's INIT section used after DriverEntry "
      "returned: the section is discarded then, as on Windows. A __try cannot catch it. Keep "
      "in INIT only what runs during initialization." },
    { 0x00000067, "The registry failed to initialize.",
      { "kmode: the step that failed (1-6)", "NT status of the failure, or 0", "reserved",
        "reserved" },
      "kmode could not build its registry at start-up: the process is out of memory." },
    { 0x00000076, "Pages were unlocked that are not locked (kmode), or a process ended with "
                  "pages still locked.",
      { "1: MmUnlockPages was given an MDL whose pages are not locked (kmode)",
        "address of the MDL", "number of pages locked in the process", "reserved" },
      "MmUnlockPages only unlocks what MmProbeAndLockPages locked, once: not an MDL from "
      "MmBuildMdlForNonPagedPool, not a partial MDL, not one already unlocked." },
    { 0x000000C8, "A routine returned at another IRQL than it was called at.",
      { "(current IRQL << 16) | (expected IRQL << 8) | 2 (a callout returned)",
        "the routine (DriverEntry or DriverUnload)", "its parameter (the driver object)",
        "reserved" },
      "DriverEntry and DriverUnload run at PASSIVE_LEVEL and must return at it: a spin lock "
      "is still held or an IRQL raise was not undone." },
    { 0x000000E9, "A system worker thread was ended by the work item it was running.",
      { "the exiting thread", "reserved", "reserved", "reserved" },
      "A work item routine must return, never call PsTerminateSystemThread: the worker "
      "thread belongs to the system." },
    { 0x0000012E, "IoBuildPartialMdl was asked for a range outside the source MDL.",
      { "address of the source MDL", "address of the target MDL", "start of the range",
        "length of the range" },
      "The partial range must lie within the source MDL's buffer "
      "(MmGetMdlVirtualAddress .. + MmGetMdlByteCount)." },
    { 0x00000152, "A push lock routine was given invalid flags or misused.",
      { "the flags given", "address of the push lock",
        "kmode: the lock's value when released in a mode it is not held in",
        "kmode: 1 when the lock was released in a mode it is not held in" },
      "Push lock routines take EX_DEFAULT_PUSH_LOCK_FLAGS (0); a release must match the "
      "acquisition (shared or exclusive) on the same thread." },
    { 0x4000008A, "A thread ended while it owned a kernel mutex.",
      { "the exiting thread", "the mutex it owned", "reserved", "reserved" },
      "A system thread must release every KMUTEX it acquired before it ends." },
};

/* FAST_FAIL codes (winnt.h), Arg1 of KERNEL_SECURITY_CHECK_FAILURE. */
static const struct {
    ULONG Code;
    const char *Name;
    const char *Meaning;
} KiFastFailCodes[] = {
    { 0, "FAST_FAIL_LEGACY_GS_VIOLATION", "a stack-based buffer was overrun (legacy /GS violation)" },
    { 1, "FAST_FAIL_VTGUARD_CHECK_FAILURE", "a C++ object's virtual function table was invalid" },
    { 2, "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE", "a stack-based buffer was overrun (/GS cookie)" },
    { 3, "FAST_FAIL_CORRUPT_LIST_ENTRY", "a LIST_ENTRY was corrupted" },
    { 4, "FAST_FAIL_INCORRECT_STACK", "the stack pointer was outside the thread's stack" },
    { 5, "FAST_FAIL_INVALID_ARG", "a function that treats invalid parameters as fatal got one" },
    { 6, "FAST_FAIL_GS_COOKIE_INIT", "the stack cookie was not initialised by the loader" },
    { 7, "FAST_FAIL_FATAL_APP_EXIT", "a fatal program exit was requested" },
    { 8, "FAST_FAIL_RANGE_CHECK_FAILURE", "an array bounds check failed" },
    { 9, "FAST_FAIL_UNSAFE_REGISTRY_ACCESS", "RtlQueryRegistryValues used RTL_QUERY_REGISTRY_DIRECT without type check on an untrusted hive" },
    { 10, "FAST_FAIL_GUARD_ICALL_CHECK_FAILURE", "an indirect call went to an invalid target" },
    { 11, "FAST_FAIL_GUARD_WRITE_CHECK_FAILURE", "an invalid memory write was detected" },
    { 12, "FAST_FAIL_INVALID_FIBER_SWITCH", "a switch to an invalid fiber context" },
    { 13, "FAST_FAIL_INVALID_SET_OF_CONTEXT", "an invalid register context was set" },
    { 14, "FAST_FAIL_INVALID_REFERENCE_COUNT", "an object's reference count is invalid" },
    { 18, "FAST_FAIL_INVALID_JUMP_BUFFER", "a switch to an invalid jmp_buf context" },
    { 19, "FAST_FAIL_MRDATA_MODIFIED", "read-only data was modified unsafely" },
    { 20, "FAST_FAIL_CERTIFICATION_FAILURE", "a cryptographic self-test failed" },
    { 21, "FAST_FAIL_INVALID_EXCEPTION_CHAIN", "the exception handler chain is invalid" },
    { 22, "FAST_FAIL_CRYPTO_LIBRARY", "a cryptographic library error" },
    { 23, "FAST_FAIL_INVALID_CALL_IN_DLL_CALLOUT", "an invalid call from within DllMain" },
    { 24, "FAST_FAIL_INVALID_IMAGE_BASE", "an invalid image base address" },
    { 25, "FAST_FAIL_DLOAD_PROTECTION_FAILURE", "protecting a delay-load import failed" },
    { 26, "FAST_FAIL_UNSAFE_EXTENSION_CALL", "a call to an unsafe extension" },
    { 27, "FAST_FAIL_DEPRECATED_SERVICE_INVOKED", "a deprecated service was invoked" },
    { 28, "FAST_FAIL_INVALID_BUFFER_ACCESS", "an out-of-bounds buffer access" },
    { 29, "FAST_FAIL_INVALID_BALANCED_TREE", "an RTL_BALANCED_NODE tree entry was corrupted" },
    { 30, "FAST_FAIL_INVALID_NEXT_THREAD", "an invalid next thread" },
    { 31, "FAST_FAIL_GUARD_ICALL_CHECK_SUPPRESSED", "a suppressed indirect call target" },
    { 32, "FAST_FAIL_APCS_DISABLED", "APCs were disabled where they must not be" },
    { 33, "FAST_FAIL_INVALID_IDLE_STATE", "an invalid idle state" },
    { 34, "FAST_FAIL_MRDATA_PROTECTION_FAILURE", "protecting read-only data failed" },
    { 35, "FAST_FAIL_UNEXPECTED_HEAP_EXCEPTION", "an unexpected heap exception" },
    { 36, "FAST_FAIL_INVALID_LOCK_STATE", "a lock is in an invalid state" },
    { 37, "FAST_FAIL_GUARD_JUMPTABLE", "an out-of-range switch jump table entry" },
    { 38, "FAST_FAIL_INVALID_LONGJUMP_TARGET", "a longjmp to an invalid target" },
    { 39, "FAST_FAIL_INVALID_DISPATCH_CONTEXT", "an invalid exception dispatch context" },
    { 40, "FAST_FAIL_INVALID_THREAD", "an invalid thread" },
    { 41, "FAST_FAIL_INVALID_SYSCALL_NUMBER", "an invalid system call number" },
    { 42, "FAST_FAIL_INVALID_FILE_OPERATION", "an invalid file operation" },
    { 43, "FAST_FAIL_LPAC_ACCESS_DENIED", "access denied to a low-privilege app container" },
    { 44, "FAST_FAIL_GUARD_SS_FAILURE", "the shadow stack check failed" },
    { 45, "FAST_FAIL_LOADER_CONTINUITY_FAILURE", "a loader continuity failure" },
    { 46, "FAST_FAIL_GUARD_EXPORT_SUPPRESSION_FAILURE", "an export-suppressed call target could not be made valid" },
    { 47, "FAST_FAIL_INVALID_CONTROL_STACK", "an invalid control stack" },
    { 48, "FAST_FAIL_SET_CONTEXT_DENIED", "setting a thread context was denied" },
    { 49, "FAST_FAIL_INVALID_IAT", "an invalid import address table" },
    { 50, "FAST_FAIL_HEAP_METADATA_CORRUPTION", "heap metadata was corrupted" },
    { 51, "FAST_FAIL_PAYLOAD_RESTRICTION_VIOLATION", "a payload restriction violation" },
    { 52, "FAST_FAIL_LOW_LABEL_ACCESS_DENIED", "access denied to a low integrity label" },
    { 53, "FAST_FAIL_ENCLAVE_CALL_FAILURE", "an enclave call failed" },
    { 54, "FAST_FAIL_UNHANDLED_LSS_EXCEPTON", "an unhandled exception in an isolated user mode process" },
    { 55, "FAST_FAIL_ADMINLESS_ACCESS_DENIED", "adminless access denied" },
    { 56, "FAST_FAIL_UNEXPECTED_CALL", "an unexpected call" },
    { 57, "FAST_FAIL_CONTROL_INVALID_RETURN_ADDRESS", "an invalid return address" },
    { 58, "FAST_FAIL_UNEXPECTED_HOST_BEHAVIOR", "unexpected host behaviour" },
    { 59, "FAST_FAIL_FLAGS_CORRUPTION", "flags were corrupted" },
    { 60, "FAST_FAIL_VEH_CORRUPTION", "the vectored exception handler list was corrupted" },
    { 61, "FAST_FAIL_ETW_CORRUPTION", "ETW state was corrupted" },
    { 62, "FAST_FAIL_RIO_ABORT", "a registered I/O abort" },
    { 63, "FAST_FAIL_INVALID_PFN", "an invalid page frame number" },
};

static const struct {
    ULONG Code;
    const char *Name;
} KiExceptionCodes[] = {
    { 0x80000002, "STATUS_DATATYPE_MISALIGNMENT" },
    { 0x80000003, "STATUS_BREAKPOINT" },
    { 0x80000004, "STATUS_SINGLE_STEP" },
    { 0xC0000005, "STATUS_ACCESS_VIOLATION" },
    { 0xC0000006, "STATUS_IN_PAGE_ERROR" },
    { 0xC000001D, "STATUS_ILLEGAL_INSTRUCTION" },
    { 0xC0000025, "STATUS_NONCONTINUABLE_EXCEPTION" },
    { 0xC0000026, "STATUS_INVALID_DISPOSITION" },
    { 0xC000008C, "STATUS_ARRAY_BOUNDS_EXCEEDED" },
    { 0xC000008E, "STATUS_FLOAT_DIVIDE_BY_ZERO" },
    { 0xC0000094, "STATUS_INTEGER_DIVIDE_BY_ZERO" },
    { 0xC0000095, "STATUS_INTEGER_OVERFLOW" },
    { 0xC0000096, "STATUS_PRIVILEGED_INSTRUCTION" },
    { 0xC00000FD, "STATUS_STACK_OVERFLOW" },
    { 0xC0000409, "STATUS_STACK_BUFFER_OVERRUN" },
    { 0xC0000420, "STATUS_ASSERTION_FAILURE" },
};

/* PRIVATE FUNCTIONS *********************************************************************/

/* The subcode tables of one code (a code's subcodes may be grouped in several tables). */
typedef struct _KI_SUBCODE_TABLE {
    const KI_SUBCODE_INFO *Rows;
    SIZE_T Count;
} KI_SUBCODE_TABLE;

#define KI_TABLE(t) { (t), RTL_NUMBER_OF(t) }

static const KI_SUBCODE_TABLE KiVerifierTables[] = {
    KI_TABLE(KiVerifierInfo), KI_TABLE(KiVerifierMdlInfo), KI_TABLE(KiVerifierDeadlockInfo),
    KI_TABLE(KiVerifierDdiInfo),
};
static const KI_SUBCODE_TABLE KiIoVerifierTables[] = {
    KI_TABLE(KiIoVerifierInfo), KI_TABLE(KiIoVerifierWdmInfo),
};
static const KI_SUBCODE_TABLE KiBadPoolCallerTables[] = { KI_TABLE(KiBadPoolCallerInfo) };
static const KI_SUBCODE_TABLE KiSpecialPoolTables[] = { KI_TABLE(KiSpecialPoolInfo) };
static const KI_SUBCODE_TABLE KiDpcWatchdogTables[] = { KI_TABLE(KiDpcWatchdogInfo) };
static const KI_SUBCODE_TABLE KiTimerDpcTables[] = { KI_TABLE(KiTimerDpcInfo) };
static const KI_SUBCODE_TABLE KiWorkerInvalidTables[] = { KI_TABLE(KiWorkerInvalidInfo) };
static const KI_SUBCODE_TABLE KiSystemPteMisuseTables[] = { KI_TABLE(KiSystemPteMisuseInfo) };

static const KI_SUBCODE_INFO *KipFindSubcode(const KI_SUBCODE_TABLE *Tables, SIZE_T TableCount,
                                             ULONG_PTR Value)
{
    for (SIZE_T t = 0; t < TableCount; t++)
        for (SIZE_T i = 0; i < Tables[t].Count; i++)
            if (Tables[t].Rows[i].Value == Value)
                return &Tables[t].Rows[i];
    return NULL;
}

/* Describes a code whose parameter number Selector (0-based) selects the meaning. */
static VOID KipDescribeSubcode(KI_BUGCHECK_DESCRIPTION *Desc, const ULONG_PTR Args[4],
                               ULONG Selector, const KI_SUBCODE_TABLE *Tables, SIZE_T Count)
{
    const KI_SUBCODE_INFO *sub = KipFindSubcode(Tables, Count, Args[Selector]);

    if (!sub) {
        Desc->Args[Selector] = "type of violation (a subcode kmode does not describe; see the "
                               "documentation page of this bug check)";
        return;
    }
    snprintf(Desc->Scratch[Selector], sizeof Desc->Scratch[Selector], "type of violation: %s",
             sub->Meaning);
    Desc->Args[Selector] = Desc->Scratch[Selector];
    for (ULONG i = 0; i < 4; i++)
        if (i != Selector)
            Desc->Args[i] = sub->Args[i];
    if (sub->Explanation)
        Desc->Explanation = sub->Explanation;
}

/* PUBLIC FUNCTIONS **********************************************************************/

const char *KiFastFailName(ULONG_PTR Code)
{
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(KiFastFailCodes); i++)
        if (KiFastFailCodes[i].Code == Code)
            return KiFastFailCodes[i].Name;
    return NULL;
}

const char *KiExceptionCodeName(ULONG_PTR Code)
{
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(KiExceptionCodes); i++)
        if (KiExceptionCodes[i].Code == Code)
            return KiExceptionCodes[i].Name;
    return NULL;
}

VOID KiDescribeBugCheck(ULONG Code, const ULONG_PTR Args[4], KI_BUGCHECK_DESCRIPTION *Desc)
{
    memset(Desc, 0, sizeof *Desc);

    for (SIZE_T i = 0; i < RTL_NUMBER_OF(KiPlainInfo) + RTL_NUMBER_OF(KiPlainInfoMore); i++) {
        const KI_PLAIN_INFO *Info = i < RTL_NUMBER_OF(KiPlainInfo)
                                        ? &KiPlainInfo[i]
                                        : &KiPlainInfoMore[i - RTL_NUMBER_OF(KiPlainInfo)];
        if (Info->Code == Code) {
            Desc->Summary = Info->Summary;
            memcpy(Desc->Args, Info->Args, sizeof Desc->Args);
            Desc->Explanation = Info->Explanation;
            break;
        }
    }

    switch (Code) {
    case 0x1E: case 0x7E: case 0x8E: case 0x3B: {
        /* Arg1 is an exception code (x64 Windows shows it sign-extended): name it, and
           explain the ones with a known story. */
        ULONG status = (ULONG)Args[0];
        const char *name = KiExceptionCodeName(status);
        if (name) {
            snprintf(Desc->Scratch[0], sizeof Desc->Scratch[0], "exception code (%s)", name);
            Desc->Args[0] = Desc->Scratch[0];
        }
        if (status == (ULONG)STATUS_BREAKPOINT)
            Desc->Explanation =
                "A breakpoint (DbgBreakPoint, KdBreakPoint, or ASSERT via RtlAssert) was hit "
                "with no debugger attached, and no __try/__except handled the STATUS_BREAKPOINT "
                "exception. Run under gdb to stop there, or set KMODE_BREAK=continue to log "
                "breakpoints and go on.";
        else if (status == (ULONG)STATUS_ASSERTION_FAILURE)
            Desc->Explanation =
                "An NT_ASSERT (or DbgRaiseAssertionFailure) failed with no debugger attached, and "
                "no __try/__except handled the STATUS_ASSERTION_FAILURE exception. The assertion "
                "text and its source line were printed just before this report.";
        else if (status == (ULONG)STATUS_ACCESS_VIOLATION && Code == 0x1E)
            Desc->Explanation =
                "An access violation that no __try/__except handled: Arg4 is the address the "
                "driver tried to access (Arg3: 0 read, 1 write, 8 execute). A value below 0x1000 "
                "is a NULL pointer plus an offset.";
        break;
    }
    case 0x139: {
        const char *name = KiFastFailName(Args[0]);
        const char *meaning = NULL;
        for (SIZE_T i = 0; i < RTL_NUMBER_OF(KiFastFailCodes); i++)
            if (KiFastFailCodes[i].Code == Args[0])
                meaning = KiFastFailCodes[i].Meaning;
        Desc->Summary = "A kernel component detected the corruption of a critical data structure "
                        "(__fastfail).";
        if (name)
            snprintf(Desc->Scratch[0], sizeof Desc->Scratch[0], "type of corruption: %s, %s",
                     name, meaning);
        else
            snprintf(Desc->Scratch[0], sizeof Desc->Scratch[0],
                     "type of corruption (a FAST_FAIL code kmode does not name)");
        Desc->Args[0] = Desc->Scratch[0];
        Desc->Args[1] = "address of the trap frame for the exception that caused the bugcheck";
        Desc->Args[2] = "address of the exception record for the exception that caused the bugcheck";
        Desc->Args[3] = "reserved";
        if (Args[0] == 3)
            Desc->Explanation =
                "A LIST_ENTRY was corrupted: the Flink/Blink of a neighbour do not point back "
                "to the entry being inserted or removed. Typical causes: removing an entry twice "
                "(RemoveEntryList without reinserting it in between), inserting an entry that "
                "is already in a list, freeing memory that holds a LIST_ENTRY still linked in a "
                "list (use after free), or changing a list from two threads without a lock. "
                "The damage may be older than this call: check the neighbours.";
        else if (Args[0] == 0 || Args[0] == 2)
            Desc->Explanation =
                "A local buffer was written past its end and overwrote the stack cookie.";
        else if (Args[0] == 5)
            Desc->Explanation =
                "A routine that treats invalid parameters as fatal was given one (for example "
                "a NULL or out-of-range argument to a safe-CRT function).";
        break;
    }
    case 0xC4:
        Desc->Summary = "Driver Verifier detected a fatal error in a driver.";
        KipDescribeSubcode(Desc, Args, 0, KiVerifierTables, RTL_NUMBER_OF(KiVerifierTables));
        break;
    case 0xC2:
        Desc->Summary = "The current thread made a bad pool request.";
        KipDescribeSubcode(Desc, Args, 0, KiBadPoolCallerTables, 1);
        break;
    case 0xC1:
        Desc->Summary = "A driver wrote to an invalid part of special pool.";
        KipDescribeSubcode(Desc, Args, 3, KiSpecialPoolTables, 1);
        break;
    case 0xC9:
        Desc->Summary = "Driver Verifier's I/O verification found a violation.";
        KipDescribeSubcode(Desc, Args, 0, KiIoVerifierTables, RTL_NUMBER_OF(KiIoVerifierTables));
        break;
    case 0x133:
        KipDescribeSubcode(Desc, Args, 0, KiDpcWatchdogTables, 1);
        break;
    case 0xC7:
        Desc->Summary = "A timer or DPC was found in memory where it may not be.";
        KipDescribeSubcode(Desc, Args, 0, KiTimerDpcTables, 1);
        break;
    case 0xE4:
        Desc->Summary = "A work item was misused.";
        KipDescribeSubcode(Desc, Args, 0, KiWorkerInvalidTables, 1);
        break;
    case 0xDA:
        Desc->Summary = "A system mapping (PTEs) was misused.";
        KipDescribeSubcode(Desc, Args, 0, KiSystemPteMisuseTables, 1);
        break;
    case 0x44:
        /* kmode's Arg2 tells which of IoCompleteRequest's (or IoFreeIrp's) checks fired. */
        switch (Args[1]) {
        case 1: Desc->Args[1] = "kmode: 1, the IRP was already completed (CurrentLocation past the last location)"; break;
        case 2: Desc->Args[1] = "kmode: 2, not a live IRP (Type is not IO_TYPE_IRP: freed already)"; break;
        case 3: Desc->Args[1] = "kmode: 3, completed with STATUS_PENDING (or -1) as its status"; break;
        case 4: Desc->Args[1] = "kmode: 4, completed to the top but it belongs to no thread"; break;
        default: break;
        }
        break;
    case 0x7F:
        switch (Args[0]) {
        case 0x0: Desc->Args[0] = "trap number: 0, divide error"; break;
        case 0x4: Desc->Args[0] = "trap number: 4, overflow"; break;
        case 0x5: Desc->Args[0] = "trap number: 5, bound check fault"; break;
        case 0x6: Desc->Args[0] = "trap number: 6, invalid opcode"; break;
        case 0x8: Desc->Args[0] = "trap number: 8, double fault"; break;
        case 0xD: Desc->Args[0] = "trap number: 0xD, general protection fault"; break;
        default: break;
        }
        break;
    default:
        break;
    }
}
