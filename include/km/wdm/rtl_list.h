/*
 * PURPOSE: wdm.h part: LIST_ENTRY / SINGLE_LIST_ENTRY helpers with the WDK's integrity
 * checks, and RtlFailFast / __fastfail.
 *
 * As in the WDK every helper is an inline function. Unless NO_KERNEL_LIST_ENTRY_CHECKS is
 * defined before this header is included, a helper checks the links it is about to rewrite
 * and, when they are inconsistent, calls RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY): the
 * kernel bugchecks KERNEL_SECURITY_CHECK_FAILURE (0x139) with Arg1 = 3. The checks are the
 * WDK's, helper by helper:
 *
 *   InsertHeadList   ListHead->Flink->Blink == ListHead
 *   InsertTailList   ListHead->Blink->Flink == ListHead
 *   RemoveEntryList  Entry->Flink->Blink == Entry  and  Entry->Blink->Flink == Entry
 *   RemoveHeadList   First->Blink == ListHead      and  First->Flink->Blink == First
 *   RemoveTailList   Last->Flink == ListHead       and  Last->Blink->Flink == Last
 *   AppendTailList   RtlpCheckListEntry on both list heads
 *
 * A checked build (DBG nonzero) also runs RtlpCheckListEntry(ListHead) at the start of the
 * insert and remove-head/tail helpers. Singly linked lists carry no checks (there is no back
 * link to check). The *Unsafe variant is never checked.
 */
#ifndef _KMODE_WDM_RTL_LIST_H_
#define _KMODE_WDM_RTL_LIST_H_

KMODE_EXTERN_C_START

/* ---- Fast fail ------------------------------------------------------------------------- */

/* __fastfail codes (values are Windows'); Arg1 of bugcheck 0x139. */
#define FAST_FAIL_LEGACY_GS_VIOLATION              0
#define FAST_FAIL_VTGUARD_CHECK_FAILURE            1
#define FAST_FAIL_STACK_COOKIE_CHECK_FAILURE       2
#define FAST_FAIL_CORRUPT_LIST_ENTRY               3
#define FAST_FAIL_INCORRECT_STACK                  4
#define FAST_FAIL_INVALID_ARG                      5
#define FAST_FAIL_GS_COOKIE_INIT                   6
#define FAST_FAIL_FATAL_APP_EXIT                   7
#define FAST_FAIL_RANGE_CHECK_FAILURE              8
#define FAST_FAIL_UNSAFE_REGISTRY_ACCESS           9
#define FAST_FAIL_GUARD_ICALL_CHECK_FAILURE        10
#define FAST_FAIL_GUARD_WRITE_CHECK_FAILURE        11
#define FAST_FAIL_INVALID_FIBER_SWITCH             12
#define FAST_FAIL_INVALID_SET_OF_CONTEXT           13
#define FAST_FAIL_INVALID_REFERENCE_COUNT          14
#define FAST_FAIL_INVALID_JUMP_BUFFER              18
#define FAST_FAIL_MRDATA_MODIFIED                  19
#define FAST_FAIL_CERTIFICATION_FAILURE            20
#define FAST_FAIL_INVALID_EXCEPTION_CHAIN          21
#define FAST_FAIL_CRYPTO_LIBRARY                   22
#define FAST_FAIL_INVALID_CALL_IN_DLL_CALLOUT      23
#define FAST_FAIL_INVALID_IMAGE_BASE               24
#define FAST_FAIL_DLOAD_PROTECTION_FAILURE         25
#define FAST_FAIL_UNSAFE_EXTENSION_CALL            26
#define FAST_FAIL_DEPRECATED_SERVICE_INVOKED       27
#define FAST_FAIL_INVALID_BUFFER_ACCESS            28
#define FAST_FAIL_INVALID_BALANCED_TREE            29
#define FAST_FAIL_INVALID_NEXT_THREAD              30
#define FAST_FAIL_GUARD_ICALL_CHECK_SUPPRESSED     31
#define FAST_FAIL_APCS_DISABLED                    32
#define FAST_FAIL_INVALID_IDLE_STATE               33
#define FAST_FAIL_MRDATA_PROTECTION_FAILURE        34
#define FAST_FAIL_UNEXPECTED_HEAP_EXCEPTION        35
#define FAST_FAIL_INVALID_LOCK_STATE               36
#define FAST_FAIL_GUARD_JUMPTABLE                  37
#define FAST_FAIL_INVALID_LONGJUMP_TARGET          38
#define FAST_FAIL_INVALID_DISPATCH_CONTEXT         39
#define FAST_FAIL_INVALID_THREAD                   40
#define FAST_FAIL_INVALID_SYSCALL_NUMBER           41
#define FAST_FAIL_INVALID_FILE_OPERATION           42
#define FAST_FAIL_LPAC_ACCESS_DENIED               43
#define FAST_FAIL_GUARD_SS_FAILURE                 44
#define FAST_FAIL_LOADER_CONTINUITY_FAILURE        45
#define FAST_FAIL_GUARD_EXPORT_SUPPRESSION_FAILURE 46
#define FAST_FAIL_INVALID_FAST_FAIL_CODE           0xFFFFFFFF

/*
 * The MSVC intrinsic. On Windows it is "int 29h": in kernel mode the trap handler raises a
 * security check failure and the system bugchecks KERNEL_SECURITY_CHECK_FAILURE (0x139),
 * Arg1 = Code, Arg2 = trap frame, Arg3 = exception record, Arg4 = reserved. In kmode it is a
 * call into the runtime that bugchecks the same way (see src/rtl/list.c). Does not return.
 */
DECLSPEC_NORETURN VOID __fastfail(_In_ unsigned int Code);

/* @implemented: any IRQL. Does not return. */
DECLSPEC_NORETURN FORCEINLINE VOID RtlFailFast(_In_ ULONG Code)
{
    __fastfail(Code);
}

/* ---- Doubly linked lists --------------------------------------------------------------- */

#define RTL_STATIC_LIST_HEAD(x) LIST_ENTRY x = { &x, &x }

FORCEINLINE VOID InitializeListHead(_Out_ PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead;
    ListHead->Blink = ListHead;
}

_Must_inspect_result_ FORCEINLINE BOOLEAN IsListEmpty(_In_ const LIST_ENTRY *ListHead)
{
    return (BOOLEAN)(ListHead->Flink == ListHead);
}

/* Unlinks Entry without any check. Returns TRUE if the list is empty afterwards. */
FORCEINLINE BOOLEAN RemoveEntryListUnsafe(_In_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY Next = Entry->Flink;
    PLIST_ENTRY Prev = Entry->Blink;

    Next->Blink = Prev;
    Prev->Flink = Next;
    return (BOOLEAN)(Next == Prev);
}

#if !defined(NO_KERNEL_LIST_ENTRY_CHECKS)

/* The three pointers describe the corrupt neighbourhood; like the WDK, they are not used. */
DECLSPEC_NORETURN FORCEINLINE VOID FatalListEntryError(_In_opt_ PVOID P1, _In_opt_ PVOID P2,
                                                       _In_opt_ PVOID P3)
{
    UNREFERENCED_PARAMETER(P1);
    UNREFERENCED_PARAMETER(P2);
    UNREFERENCED_PARAMETER(P3);
    RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY);
}

/* Both neighbours of Entry must point back at it. */
FORCEINLINE VOID RtlpCheckListEntry(_In_ PLIST_ENTRY Entry)
{
    if (Entry->Flink->Blink != Entry || Entry->Blink->Flink != Entry)
        FatalListEntryError(Entry->Blink, Entry, Entry->Flink);
}

#define KMODE_LIST_CHECK(cond, p1, p2, p3) \
    do { if (!(cond)) FatalListEntryError((p1), (p2), (p3)); } while (0)
#if defined(DBG) && DBG
#define KMODE_LIST_CHECK_HEAD_DBG(h) RtlpCheckListEntry(h)
#else
#define KMODE_LIST_CHECK_HEAD_DBG(h) ((void)0)
#endif

#else /* NO_KERNEL_LIST_ENTRY_CHECKS */

#define KMODE_LIST_CHECK(cond, p1, p2, p3) ((void)0)
#define KMODE_LIST_CHECK_HEAD_DBG(h) ((void)0)

#endif /* NO_KERNEL_LIST_ENTRY_CHECKS */

/* Unlinks Entry. Returns TRUE if the list is empty afterwards. */
FORCEINLINE BOOLEAN RemoveEntryList(_In_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY Next = Entry->Flink;
    PLIST_ENTRY Prev = Entry->Blink;

    KMODE_LIST_CHECK(Next->Blink == Entry && Prev->Flink == Entry, Prev, Entry, Next);
    Next->Blink = Prev;
    Prev->Flink = Next;
    return (BOOLEAN)(Next == Prev);
}

/* Unlinks and returns the first entry. On an empty list this returns ListHead itself. */
FORCEINLINE PLIST_ENTRY RemoveHeadList(_Inout_ PLIST_ENTRY ListHead)
{
    PLIST_ENTRY First;
    PLIST_ENTRY Next;

    KMODE_LIST_CHECK_HEAD_DBG(ListHead);
    First = ListHead->Flink;
    Next = First->Flink;
    KMODE_LIST_CHECK(First->Blink == ListHead && Next->Blink == First, ListHead, First, Next);
    ListHead->Flink = Next;
    Next->Blink = ListHead;
    return First;
}

/* Unlinks and returns the last entry. On an empty list this returns ListHead itself. */
FORCEINLINE PLIST_ENTRY RemoveTailList(_Inout_ PLIST_ENTRY ListHead)
{
    PLIST_ENTRY Last;
    PLIST_ENTRY Prev;

    KMODE_LIST_CHECK_HEAD_DBG(ListHead);
    Last = ListHead->Blink;
    Prev = Last->Blink;
    KMODE_LIST_CHECK(Last->Flink == ListHead && Prev->Flink == Last, Prev, Last, ListHead);
    ListHead->Blink = Prev;
    Prev->Flink = ListHead;
    return Last;
}

FORCEINLINE VOID InsertTailList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY Last;

    KMODE_LIST_CHECK_HEAD_DBG(ListHead);
    Last = ListHead->Blink;
    Entry->Flink = ListHead;
    Entry->Blink = Last;
    KMODE_LIST_CHECK(Last->Flink == ListHead, Last->Blink, Last, ListHead);
    Last->Flink = Entry;
    ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY First;

    KMODE_LIST_CHECK_HEAD_DBG(ListHead);
    First = ListHead->Flink;
    Entry->Flink = First;
    Entry->Blink = ListHead;
    KMODE_LIST_CHECK(First->Blink == ListHead, ListHead, First, First->Flink);
    First->Blink = Entry;
    ListHead->Flink = Entry;
}

/*
 * Splices the list headed by ListToAppend (a headless ring: ListToAppend is its first entry,
 * not a separate head) onto the tail of ListHead.
 */
FORCEINLINE VOID AppendTailList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY ListToAppend)
{
    PLIST_ENTRY OldLast = ListHead->Blink;

#if !defined(NO_KERNEL_LIST_ENTRY_CHECKS)
    RtlpCheckListEntry(ListHead);
    RtlpCheckListEntry(ListToAppend);
#endif
    ListHead->Blink->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = OldLast;
}

#undef KMODE_LIST_CHECK
#undef KMODE_LIST_CHECK_HEAD_DBG

/* ---- Singly linked lists --------------------------------------------------------------- */

/* Returns the first entry (NULL if the list is empty) and unlinks it. */
FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead)
{
    PSINGLE_LIST_ENTRY First = ListHead->Next;

    if (First != NULL)
        ListHead->Next = First->Next;
    return First;
}

FORCEINLINE VOID PushEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead,
                               _Inout_ PSINGLE_LIST_ENTRY Entry)
{
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_RTL_LIST_H_ */
