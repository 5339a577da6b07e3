/*
 * PURPOSE: The host's blocking locks and one-time initialization (HOST_MUTEX, HOST_RWLOCK,
 * HOST_ONCE) over POSIX threads, for kmode code that must not include pthread.h.
 *
 * The _INIT values of host.h are all zeros; glibc's (and musl's) default static
 * initializers are all zeros too, which a constructor below checks once.
 */

/* ==== INCLUDES ======================================================================== */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <internal/host.h>

/* ==== GLOBALS ========================================================================= */

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(HOST_MUTEX), "HOST_MUTEX too small");
_Static_assert(_Alignof(pthread_mutex_t) <= _Alignof(HOST_MUTEX), "HOST_MUTEX alignment");
_Static_assert(sizeof(pthread_rwlock_t) <= sizeof(HOST_RWLOCK), "HOST_RWLOCK too small");
_Static_assert(_Alignof(pthread_rwlock_t) <= _Alignof(HOST_RWLOCK), "HOST_RWLOCK alignment");
_Static_assert(sizeof(pthread_once_t) <= sizeof(HOST_ONCE), "HOST_ONCE too small");
_Static_assert(_Alignof(pthread_once_t) <= _Alignof(HOST_ONCE), "HOST_ONCE alignment");

/* ==== PRIVATE FUNCTIONS =============================================================== */

/* A C library whose default initializers are not zeros would need real _INIT values. */
__attribute__((constructor)) static void HostpCheckLockInitializers(void)
{
    static const pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    static const pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
    static const pthread_once_t once = PTHREAD_ONCE_INIT;
    static const unsigned char zeros[sizeof(HOST_RWLOCK)];
    static const char message[] = "kmode: the C library's lock initializers are not zeros\n";

    if (memcmp(&mutex, zeros, sizeof mutex) != 0 || memcmp(&rwlock, zeros, sizeof rwlock) != 0 ||
        memcmp(&once, zeros, sizeof once) != 0) {
        HostWriteStderr(message, sizeof message - 1);
        abort();
    }
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

VOID HostMutexLock(HOST_MUTEX *Mutex)
{
    pthread_mutex_lock((pthread_mutex_t *)Mutex);
}

VOID HostMutexUnlock(HOST_MUTEX *Mutex)
{
    pthread_mutex_unlock((pthread_mutex_t *)Mutex);
}

VOID HostRwLockAcquireShared(HOST_RWLOCK *Lock)
{
    pthread_rwlock_rdlock((pthread_rwlock_t *)Lock);
}

VOID HostRwLockAcquireExclusive(HOST_RWLOCK *Lock)
{
    pthread_rwlock_wrlock((pthread_rwlock_t *)Lock);
}

VOID HostRwLockRelease(HOST_RWLOCK *Lock)
{
    pthread_rwlock_unlock((pthread_rwlock_t *)Lock);
}

VOID HostRunOnce(HOST_ONCE *Once, VOID (*Routine)(VOID))
{
    pthread_once((pthread_once_t *)Once, Routine);
}
