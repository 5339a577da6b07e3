/*
 * PURPOSE: fork() hooks with all three stages (kmode's internal locks must not be held by
 * another thread at the moment of the fork: the child would inherit them held forever).
 */
#include <pthread.h>
#include <internal/host.h>

VOID HostAtFork(VOID (*Prepare)(VOID), VOID (*Parent)(VOID), VOID (*Child)(VOID))
{
    pthread_atfork(Prepare, Parent, Child);
}
