/*
 * PURPOSE: wdm.h part: executive pool allocation (ExAllocatePool2/3, the classic
 * ExAllocatePoolWithTag family, ExFreePool(WithTag)) and driver-runtime NX opt-in.
 *
 * POOL_TYPE and POOL_FLAG_* live in wdm/types.h. All pool memory comes from one reserved
 * address range in kmode (see docs/pool.md); every block records its tag, pool type, size
 * and the address of the call that allocated it.
 */
#ifndef _KMODE_WDM_EX_POOL_H_
#define _KMODE_WDM_EX_POOL_H_

KMODE_EXTERN_C_START

/* ---- Priorities and ExAllocatePool3 extended parameters -------------------------------- */

typedef _Enum_is_bitflag_ enum _EX_POOL_PRIORITY {
    LowPoolPriority,
    LowPoolPrioritySpecialPoolOverrun = 8,
    LowPoolPrioritySpecialPoolUnderrun = 9,
    NormalPoolPriority = 16,
    NormalPoolPrioritySpecialPoolOverrun = 24,
    NormalPoolPrioritySpecialPoolUnderrun = 25,
    HighPoolPriority = 32,
    HighPoolPrioritySpecialPoolOverrun = 40,
    HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;

typedef enum POOL_EXTENDED_PARAMETER_TYPE {
    PoolExtendedParameterInvalidType = 0,
    PoolExtendedParameterPriority,
    PoolExtendedParameterSecurePool,
    PoolExtendedParameterNumaNode,
    PoolExtendedParameterMax
} POOL_EXTENDED_PARAMETER_TYPE, *PPOOL_EXTENDED_PARAMETER_TYPE;

#define POOL_EXTENDED_PARAMETER_TYPE_BITS           8
#define POOL_EXTENDED_PARAMETER_REQUIRED_FIELD_BITS 1
#define POOL_EXTENDED_PARAMETER_RESERVED_BITS \
    (64 - POOL_EXTENDED_PARAMETER_TYPE_BITS - POOL_EXTENDED_PARAMETER_REQUIRED_FIELD_BITS)

typedef ULONG POOL_NODE_REQUIREMENT;
#ifndef MM_ANY_NODE_OK
#define MM_ANY_NODE_OK 0x80000000
#endif

/* Secure pools (ExCreatePool) are not part of kmode: the structure stays incomplete. */
typedef struct _POOL_EXTENDED_PARAMS_SECURE_POOL POOL_EXTENDED_PARAMS_SECURE_POOL;

typedef struct _POOL_EXTENDED_PARAMETER {
    struct {
        ULONG64 Type : POOL_EXTENDED_PARAMETER_TYPE_BITS;
        ULONG64 Optional : POOL_EXTENDED_PARAMETER_REQUIRED_FIELD_BITS;
        ULONG64 Reserved : POOL_EXTENDED_PARAMETER_RESERVED_BITS;
    };
    union {
        ULONG64 Reserved2;
        PVOID Reserved3;
        EX_POOL_PRIORITY Priority;
        POOL_EXTENDED_PARAMS_SECURE_POOL *SecurePoolParams;
        POOL_NODE_REQUIREMENT PreferredNode;
    };
} POOL_EXTENDED_PARAMETER, *PPOOL_EXTENDED_PARAMETER;
typedef const POOL_EXTENDED_PARAMETER *PCPOOL_EXTENDED_PARAMETER;

/* ---- Allocation ------------------------------------------------------------------------ */

/*
 * @implemented
 * Paged pool: IRQL <= APC_LEVEL; nonpaged: <= DISPATCH_LEVEL. Zeroes the block unless
 * POOL_FLAG_UNINITIALIZED. Returns NULL (or raises STATUS_INSUFFICIENT_RESOURCES with
 * POOL_FLAG_RAISE_ON_FAILURE) when memory runs out, Tag is 0, or Flags is invalid (not exactly
 * one of NON_PAGED / NON_PAGED_EXECUTE / PAGED, or an unknown required flag).
 */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePool2(_In_ POOL_FLAGS Flags,
                                                         _In_ SIZE_T NumberOfBytes,
                                                         _In_ ULONG Tag);

/*
 * @implemented
 * ExAllocatePool2 with extended parameters. Priority is accepted; NumaNode 0 (kmode has one
 * node) or any node with MM_ANY_NODE_OK is accepted, another node fails; SecurePool and
 * unknown types fail unless marked Optional, in which case they are ignored.
 */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePool3(
    _In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag,
    _In_reads_opt_(ExtendedParametersCount) PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
    _In_ ULONG ExtendedParametersCount);

/*
 * @implemented
 * Uninitialized memory. PoolType may carry POOL_RAISE_IF_ALLOCATION_FAILURE (raise
 * STATUS_INSUFFICIENT_RESOURCES instead of returning NULL) and POOL_ZERO_ALLOCATION.
 * MUST_SUCCEED types bugcheck 0xC2/0x9A; Tag 0 bugchecks 0xC2/0x9B.
 */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolWithTag(
    _In_ __drv_strictTypeMatch(__drv_typeExpr) POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
    _In_ ULONG Tag);

/* @implemented: as ExAllocatePoolWithTag; kmode never runs low on pool, so Priority never
   makes a difference. */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolWithTagPriority(
    _In_ __drv_strictTypeMatch(__drv_typeCond) POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
    _In_ ULONG Tag, _In_ __drv_strictTypeMatch(__drv_typeExpr) EX_POOL_PRIORITY Priority);

/*
 * @implemented
 * Charged to the current process (kmode has no quota limits). Raises
 * STATUS_INSUFFICIENT_RESOURCES on failure unless PoolType has
 * POOL_QUOTA_FAIL_INSTEAD_OF_RAISE, in which case it returns NULL.
 */
_Must_inspect_result_
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolWithQuotaTag(
    _In_ __drv_strictTypeMatch(__drv_typeExpr) POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
    _In_ ULONG Tag);

/* @implemented: ExAllocatePoolWithTag, zero-filled. */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolZero(_In_ POOL_TYPE PoolType,
                                                            _In_ SIZE_T NumberOfBytes,
                                                            _In_ ULONG Tag);

/* @implemented: ExAllocatePoolWithTag (contents undefined). */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolUninitialized(_In_ POOL_TYPE PoolType,
                                                                     _In_ SIZE_T NumberOfBytes,
                                                                     _In_ ULONG Tag);

/* @implemented: ExAllocatePoolWithQuotaTag, zero-filled. */
_Must_inspect_result_
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolQuotaZero(_In_ POOL_TYPE PoolType,
                                                                 _In_ SIZE_T NumberOfBytes,
                                                                 _In_ ULONG Tag);

/* @implemented: ExAllocatePoolWithQuotaTag (contents undefined). */
_Must_inspect_result_
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolQuotaUninitialized(
    _In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);

/* @implemented (deprecated): ExAllocatePoolWithTag with the tag 'None'. */
_IRQL_requires_max_(DISPATCH_LEVEL)
DECLSPEC_DEPRECATED_DDK
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePool(
    _In_ __drv_strictTypeMatch(__drv_typeExpr) POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);

/* @implemented (deprecated): ExAllocatePoolWithQuotaTag with the tag 'None'. */
_IRQL_requires_max_(APC_LEVEL)
DECLSPEC_DEPRECATED_DDK
NTKERNELAPI DECLSPEC_RESTRICT PVOID NTAPI ExAllocatePoolWithQuota(
    _In_ __drv_strictTypeMatch(__drv_typeExpr) POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);

/* ---- Free ------------------------------------------------------------------------------ */

/*
 * @implemented
 * <= DISPATCH_LEVEL (<= APC_LEVEL for paged pool). Tag 0 skips the tag check. Bugchecks
 * BAD_POOL_CALLER (0xC2): 0x0A wrong tag, 0x07 already freed, 0x42 address outside the
 * pool, 0x99 address inside the pool that no allocation returned.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExFreePoolWithTag(_Pre_notnull_ __drv_freesMem(Mem) PVOID P,
                                         _In_ ULONG Tag);

/* @implemented: ExFreePoolWithTag(P, 0). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExFreePool(_Pre_notnull_ __drv_freesMem(Mem) PVOID P);

/*
 * @implemented
 * The usable size of a pool block (at least what was requested) and whether it charged
 * quota. <= DISPATCH_LEVEL. The block must be a live pool allocation (same checks as
 * ExFreePool).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI SIZE_T NTAPI ExQueryPoolBlockSize(_In_ PVOID PoolBlock,
                                              _Out_ PBOOLEAN QuotaCharged);

/* ---- Driver runtime: non-executable pool opt-in ---------------------------------------- */

#define DrvRtPoolNxOptIn 0x00000001

/*
 * With POOL_NX_OPTIN=1 a driver calls ExInitializeDriverRuntime(DrvRtPoolNxOptIn) in
 * DriverEntry and its NonPagedPool requests become NonPagedPoolNx: NonPagedPool expands to
 * a per-driver variable. With POOL_NX_OPTIN_AUTO=1 the substitution happens at compile time.
 * kmode never makes pool executable, so NX pool is what every driver gets either way; the
 * substitution still shows in the pool type recorded for each block.
 */
#if defined(POOL_NX_OPTIN_AUTO) && POOL_NX_OPTIN_AUTO
#define NonPagedPool NonPagedPoolNx
#define NonPagedPoolCacheAligned NonPagedPoolNxCacheAligned
#elif defined(POOL_NX_OPTIN) && POOL_NX_OPTIN && !(defined(POOL_NX_OPTOUT) && POOL_NX_OPTOUT)
DECLSPEC_SELECTANY POOL_TYPE ExDefaultNonPagedPoolType = (POOL_TYPE)NonPagedPoolExecute;

/* @implemented (inline): records the opt-in in the driver's ExDefaultNonPagedPoolType. */
FORCEINLINE VOID ExInitializeDriverRuntime(_In_ ULONG RuntimeFlags)
{
    if ((RuntimeFlags & DrvRtPoolNxOptIn) != 0)
        ExDefaultNonPagedPoolType = NonPagedPoolNx;
}
#define NonPagedPool ExDefaultNonPagedPoolType
#endif

KMODE_EXTERN_C_END

#endif
