/*
 * PURPOSE: The invoke layer: the only place the runtime calls driver code through a
 * function pointer. One small inline function per callback shape; every call site in the
 * runtime goes through these, so tracing, verifier checks, IRQL checks and (later) a calling
 * convention switch for PE .sys binaries hook in here and nowhere else.
 *
 * Callbacks kmode calls today: DPC routines (ke/dpc.c), system thread start routines
 * (ps/thread.c), work items (ex/worker.c), lookaside allocate/free (ex/lookaside.c),
 * generic-table compare/allocate/free (rtl/avltable.c, rtl/gentable.c) and registry query
 * routines (cm/cmrtl.c). The I/O manager's dispatch/completion/cancel/StartIo/unload,
 * DriverEntry and CSQ callbacks join this file with issue 4.
 */
#ifndef _KMODE_INTERNAL_INVOKE_H_
#define _KMODE_INTERNAL_INVOKE_H_

#include <ntddk.h>     /* the generic tables are ntddk.h DDIs */
#include <internal/vfhooks.h>

FORCEINLINE VOID KiInvokeDeferredRoutine(PKDEFERRED_ROUTINE Routine, PKDPC Dpc, PVOID Context,
                                         PVOID Argument1, PVOID Argument2)
{
    Routine(Dpc, Context, Argument1, Argument2);
}

FORCEINLINE VOID KiInvokeThreadStart(PKSTART_ROUTINE Routine, PVOID Context)
{
    Routine(Context);
}

FORCEINLINE VOID KiInvokeWorkerRoutine(PWORKER_THREAD_ROUTINE Routine, PVOID Parameter)
{
    Routine(Parameter);
}

FORCEINLINE PVOID KiInvokeLookasideAllocate(PALLOCATE_FUNCTION Routine, POOL_TYPE PoolType,
                                            SIZE_T Bytes, ULONG Tag)
{
    return Routine(PoolType, Bytes, Tag);
}

FORCEINLINE VOID KiInvokeLookasideFree(PFREE_FUNCTION Routine, PVOID Buffer)
{
    Routine(Buffer);
}

FORCEINLINE PVOID KiInvokeLookasideAllocateEx(PALLOCATE_FUNCTION_EX Routine, POOL_TYPE PoolType,
                                              SIZE_T Bytes, ULONG Tag, PLOOKASIDE_LIST_EX List)
{
    return Routine(PoolType, Bytes, Tag, List);
}

FORCEINLINE VOID KiInvokeLookasideFreeEx(PFREE_FUNCTION_EX Routine, PVOID Buffer,
                                         PLOOKASIDE_LIST_EX List)
{
    Routine(Buffer, List);
}

FORCEINLINE RTL_GENERIC_COMPARE_RESULTS KiInvokeAvlCompare(PRTL_AVL_COMPARE_ROUTINE Routine,
                                                           PRTL_AVL_TABLE Table, PVOID First,
                                                           PVOID Second)
{
    return Routine(Table, First, Second);
}

FORCEINLINE PVOID KiInvokeAvlAllocate(PRTL_AVL_ALLOCATE_ROUTINE Routine, PRTL_AVL_TABLE Table,
                                      CLONG Bytes)
{
    return Routine(Table, Bytes);
}

FORCEINLINE VOID KiInvokeAvlFree(PRTL_AVL_FREE_ROUTINE Routine, PRTL_AVL_TABLE Table,
                                 PVOID Buffer)
{
    Routine(Table, Buffer);
}

FORCEINLINE RTL_GENERIC_COMPARE_RESULTS KiInvokeGenericCompare(
    PRTL_GENERIC_COMPARE_ROUTINE Routine, PRTL_GENERIC_TABLE Table, PVOID First, PVOID Second)
{
    return Routine(Table, First, Second);
}

FORCEINLINE PVOID KiInvokeGenericAllocate(PRTL_GENERIC_ALLOCATE_ROUTINE Routine,
                                          PRTL_GENERIC_TABLE Table, CLONG Bytes)
{
    return Routine(Table, Bytes);
}

FORCEINLINE VOID KiInvokeGenericFree(PRTL_GENERIC_FREE_ROUTINE Routine, PRTL_GENERIC_TABLE Table,
                                     PVOID Buffer)
{
    Routine(Table, Buffer);
}

FORCEINLINE NTSTATUS KiInvokeQueryRegistryRoutine(PRTL_QUERY_REGISTRY_ROUTINE Routine,
                                                  PWSTR ValueName, ULONG ValueType,
                                                  PVOID ValueData, ULONG ValueLength,
                                                  PVOID Context, PVOID EntryContext)
{
    return Routine(ValueName, ValueType, ValueData, ValueLength, Context, EntryContext);
}

/* ===== I/O manager: DriverEntry, DriverUnload, AddDevice (src/io/driver.c) ============ */

FORCEINLINE NTSTATUS KiInvokeDriverEntry(PDRIVER_INITIALIZE Routine, PDRIVER_OBJECT DriverObject,
                                         PUNICODE_STRING RegistryPath)
{
    return Routine(DriverObject, RegistryPath);
}

FORCEINLINE VOID KiInvokeDriverUnload(PDRIVER_UNLOAD Routine, PDRIVER_OBJECT DriverObject)
{
    Routine(DriverObject);
}

/* ===== I/O manager: dispatch, completion, cancel routines (src/io/irp.c, cancel.c) ===== */

/* IRP_MJ_xxx dispatch routine (IofCallDriver). With I/O verification, force pending or IRP
   logging on, the verifier makes the call; inlined into IofCallDriver (noinline), the
   return address is that of IoCallDriver's caller. */
FORCEINLINE NTSTATUS IopInvokeDispatch(PDRIVER_DISPATCH Routine, PDEVICE_OBJECT DeviceObject,
                                       PIRP Irp)
{
    if (__builtin_expect(VfAnyDriver(VF_IO_HOOK_FLAGS), 0)) {
        VF_DISPATCH_CALL Call;
        VfDispatchBegin(&Call, Routine, DeviceObject, Irp, __builtin_return_address(0));
        return VfDispatchEnd(&Call, Irp, Routine(DeviceObject, Irp));
    }
    return Routine(DeviceObject, Irp);
}

/* Completion routine (IofCompleteRequest's walk). DeviceObject is NULL for the IRP's
   originator (the routine set in the first driver's location). */
FORCEINLINE NTSTATUS IopInvokeCompletionRoutine(PIO_COMPLETION_ROUTINE Routine,
                                                PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                                PVOID Context)
{
    if (__builtin_expect(VfAnyDriver(VF_IO_HOOK_FLAGS), 0)) {
        VF_COMPLETION_CALL Call;
        NTSTATUS Result;
        VfCompletionBegin(&Call, Routine, DeviceObject, Irp);
        Result = Routine(DeviceObject, Irp, Context);
        VfCompletionEnd(&Call, Routine, Irp, Result);
        return Result;
    }
    return Routine(DeviceObject, Irp, Context);
}

/* Cancel routine (IoCancelIrp): DISPATCH_LEVEL, cancel spin lock held. */
FORCEINLINE VOID IopInvokeCancelRoutine(PDRIVER_CANCEL Routine, PDEVICE_OBJECT DeviceObject,
                                        PIRP Irp)
{
    Routine(DeviceObject, Irp);
}

/* ===== I/O manager: StartIo, CSQ callbacks, I/O work items, I/O timers ================ */

/* StartIo (IoStartPacket, IoStartNextPacket(ByKey)): DISPATCH_LEVEL. */
FORCEINLINE VOID IopInvokeStartIo(PDRIVER_STARTIO Routine, PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Routine(DeviceObject, Irp);
}

/* Cancel-safe queue callbacks (src/io/csq.c). Insert, remove and peek run between the
   queue's acquire and release; CompleteCanceledIrp after the release. */
FORCEINLINE VOID IopInvokeCsqInsertIrp(PIO_CSQ_INSERT_IRP Routine, PIO_CSQ Csq, PIRP Irp)
{
    Routine(Csq, Irp);
}

FORCEINLINE NTSTATUS IopInvokeCsqInsertIrpEx(PIO_CSQ_INSERT_IRP_EX Routine, PIO_CSQ Csq,
                                             PIRP Irp, PVOID InsertContext)
{
    return Routine(Csq, Irp, InsertContext);
}

FORCEINLINE VOID IopInvokeCsqRemoveIrp(PIO_CSQ_REMOVE_IRP Routine, PIO_CSQ Csq, PIRP Irp)
{
    Routine(Csq, Irp);
}

FORCEINLINE PIRP IopInvokeCsqPeekNextIrp(PIO_CSQ_PEEK_NEXT_IRP Routine, PIO_CSQ Csq, PIRP Irp,
                                         PVOID PeekContext)
{
    return Routine(Csq, Irp, PeekContext);
}

FORCEINLINE VOID IopInvokeCsqAcquireLock(PIO_CSQ_ACQUIRE_LOCK Routine, PIO_CSQ Csq, PKIRQL Irql)
{
    Routine(Csq, Irql);
}

FORCEINLINE VOID IopInvokeCsqReleaseLock(PIO_CSQ_RELEASE_LOCK Routine, PIO_CSQ Csq, KIRQL Irql)
{
    Routine(Csq, Irql);
}

FORCEINLINE VOID IopInvokeCsqCompleteCanceledIrp(PIO_CSQ_COMPLETE_CANCELED_IRP Routine,
                                                 PIO_CSQ Csq, PIRP Irp)
{
    Routine(Csq, Irp);
}

FORCEINLINE VOID KiInvokeIoWorkItemRoutine(PIO_WORKITEM_ROUTINE Routine,
                                           PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    Routine(DeviceObject, Context);
}

FORCEINLINE VOID KiInvokeIoWorkItemRoutineEx(PIO_WORKITEM_ROUTINE_EX Routine, PVOID IoObject,
                                             PVOID Context, PIO_WORKITEM IoWorkItem)
{
    Routine(IoObject, Context, IoWorkItem);
}

FORCEINLINE VOID KiInvokeIoTimerRoutine(PIO_TIMER_ROUTINE Routine, PDEVICE_OBJECT DeviceObject,
                                        PVOID Context)
{
    Routine(DeviceObject, Context);
}

/* ===== Win32 side: user thread start routines, user-mode APCs (src/ps, src/win32) ===== */

FORCEINLINE NTSTATUS KiInvokeUserThreadStart(NTSTATUS (*Routine)(PVOID), PVOID Parameter)
{
    return Routine(Parameter);
}

FORCEINLINE VOID KiInvokeUserApc(VOID (NTAPI *Routine)(PVOID, PVOID, PVOID), PVOID Argument1,
                                 PVOID Argument2, PVOID Argument3)
{
    Routine(Argument1, Argument2, Argument3);
}

#endif
