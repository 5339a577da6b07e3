/*
 * PURPOSE: wdm.h part: the Interlocked intrinsics (full barriers, as on x64 Windows).
 * Return values follow MSVC: Increment/Decrement return the new value; Exchange, the
 * ...ExchangeAdd, And, Or and Xor forms return the old value; CompareExchange returns the
 * old value whether or not it swapped.
 */
#ifndef _KMODE_WDM_INTERLOCKED_H_
#define _KMODE_WDM_INTERLOCKED_H_

#define KMODE_INTERLOCKED_FAMILY(Suffix, T) \
    FORCEINLINE T InterlockedIncrement##Suffix(T volatile *Addend) \
    { return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); } \
    FORCEINLINE T InterlockedDecrement##Suffix(T volatile *Addend) \
    { return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); } \
    FORCEINLINE T InterlockedExchange##Suffix(T volatile *Target, T Value) \
    { return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); } \
    FORCEINLINE T InterlockedExchangeAdd##Suffix(T volatile *Addend, T Value) \
    { return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST); } \
    FORCEINLINE T InterlockedCompareExchange##Suffix(T volatile *Destination, T Exchange, \
                                                     T Comparand) \
    { __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, __ATOMIC_SEQ_CST, \
                                  __ATOMIC_SEQ_CST); return Comparand; } \
    FORCEINLINE T InterlockedAnd##Suffix(T volatile *Destination, T Value) \
    { return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST); } \
    FORCEINLINE T InterlockedOr##Suffix(T volatile *Destination, T Value) \
    { return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST); } \
    FORCEINLINE T InterlockedXor##Suffix(T volatile *Destination, T Value) \
    { return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST); }

KMODE_INTERLOCKED_FAMILY(, LONG)
KMODE_INTERLOCKED_FAMILY(64, LONG64)
KMODE_INTERLOCKED_FAMILY(16, SHORT)

#undef KMODE_INTERLOCKED_FAMILY

FORCEINLINE CHAR InterlockedExchange8(CHAR volatile *Target, CHAR Value)
{
    return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE CHAR InterlockedCompareExchange8(CHAR volatile *Destination, CHAR Exchange,
                                             CHAR Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return Comparand;
}

FORCEINLINE PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange,
                                                    PVOID Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return Comparand;
}

/* The 64-bit forms also go by these names on x64. */
#define InterlockedIncrementSizeT(a) ((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a) ((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))
#define InterlockedExchangeAddSizeT(a, b) \
    ((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(b)))
#define InterlockedIncrementAcquire InterlockedIncrement
#define InterlockedIncrementRelease InterlockedIncrement
#define InterlockedDecrementAcquire InterlockedDecrement
#define InterlockedDecrementRelease InterlockedDecrement
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedExchangeAcquire InterlockedExchange
#define InterlockedOrRelease InterlockedOr
#define InterlockedAndRelease InterlockedAnd
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedExchangePointerAcquire InterlockedExchangePointer

/* Full memory barrier and compiler-only barriers. */
#define KeMemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define KeMemoryBarrierWithoutFence() __asm__ __volatile__("" ::: "memory")
#define _ReadWriteBarrier() __asm__ __volatile__("" ::: "memory")
#define YieldProcessor() __builtin_ia32_pause()

#endif
