/*
 * PURPOSE: wdm.h part: push locks (src/ex/pushlock.c).
 *
 * A push lock is one pointer-sized word the caller provides (paged or nonpaged memory),
 * acquired shared or exclusive, never recursively (a thread that asks again for a push
 * lock it holds hangs, as on Windows; shared again succeeds only while no exclusive waiter
 * exists). A shared request waits while the lock is held exclusive or an exclusive request
 * waits; who gets the lock next among waiters is not defined. Broken rules bugcheck:
 *
 *   acquiring at DISPATCH_LEVEL or above
 *       0x192 KERNEL_AUTO_BOOST_LOCK_ACQUISITION_WITH_RAISED_IRQL (thread, lock, IRQL, 0)
 *   Flags other than EX_DEFAULT_PUSH_LOCK_FLAGS
 *       0x152 INVALID_PUSH_LOCK_FLAGS (flags, lock, 0, 0)
 *   releasing a push lock that is not held in that mode
 *       0x152 INVALID_PUSH_LOCK_FLAGS (flags, lock, lock value, 1) (kmode's; Windows
 *       corrupts the lock)
 *
 * Callers must be in a critical region (KeEnterCriticalRegion); as for ERESOURCE this is not
 * checked (Windows checks it only in checked builds).
 */
#ifndef _KMODE_WDM_EX_PUSHLOCK_H_
#define _KMODE_WDM_EX_PUSHLOCK_H_

KMODE_EXTERN_C_START

typedef ULONG_PTR EX_PUSH_LOCK, *PEX_PUSH_LOCK;

#define EX_DEFAULT_PUSH_LOCK_FLAGS 0

/* @implemented: any IRQL. The lock starts free. */
NTKERNELAPI VOID NTAPI ExInitializePushLock(_Out_ PEX_PUSH_LOCK PushLock);

/* @implemented: <= APC_LEVEL. Wait until the lock can be granted. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExAcquirePushLockExclusiveEx(_Inout_ PEX_PUSH_LOCK PushLock,
                                                       _In_ ULONG Flags);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExAcquirePushLockSharedEx(_Inout_ PEX_PUSH_LOCK PushLock,
                                                    _In_ ULONG Flags);

/* @implemented: <= APC_LEVEL. TRUE (holding it) when the lock could be granted at once. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN FASTCALL ExTryAcquirePushLockExclusiveEx(_Inout_ PEX_PUSH_LOCK PushLock,
                                                             _In_ ULONG Flags);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN FASTCALL ExTryAcquirePushLockSharedEx(_Inout_ PEX_PUSH_LOCK PushLock,
                                                          _In_ ULONG Flags);

/* @implemented: <= APC_LEVEL. ExReleasePushLockEx releases whichever mode is held. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleasePushLockExclusiveEx(_Inout_ PEX_PUSH_LOCK PushLock,
                                                       _In_ ULONG Flags);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleasePushLockSharedEx(_Inout_ PEX_PUSH_LOCK PushLock,
                                                    _In_ ULONG Flags);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleasePushLockEx(_Inout_ PEX_PUSH_LOCK PushLock, _In_ ULONG Flags);

#define ExAcquirePushLockExclusive(Lock) \
    ExAcquirePushLockExclusiveEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExAcquirePushLockShared(Lock) ExAcquirePushLockSharedEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExTryAcquirePushLockExclusive(Lock) \
    ExTryAcquirePushLockExclusiveEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExTryAcquirePushLockShared(Lock) \
    ExTryAcquirePushLockSharedEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExReleasePushLockExclusive(Lock) \
    ExReleasePushLockExclusiveEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExReleasePushLockShared(Lock) ExReleasePushLockSharedEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)
#define ExReleasePushLock(Lock) ExReleasePushLockEx((Lock), EX_DEFAULT_PUSH_LOCK_FLAGS)

KMODE_EXTERN_C_END

#endif
