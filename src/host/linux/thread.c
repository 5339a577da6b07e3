/*
 * PURPOSE: Host threads and the condition primitive kmode's own threads sleep on.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <internal/host.h>

typedef struct _HOSTP_CONDITION {
    pthread_mutex_t Mutex;
    pthread_cond_t Cond;
} HOSTP_CONDITION;

_Static_assert(sizeof(HOSTP_CONDITION) <= sizeof(HOST_CONDITION), "HOST_CONDITION too small");

typedef struct _HOSTP_START {
    VOID (*Routine)(PVOID);
    PVOID Context;
} HOSTP_START;

static void *HostpThreadStart(void *arg)
{
    HOSTP_START start = *(HOSTP_START *)arg;
    free(arg);
    start.Routine(start.Context);
    return NULL;
}

BOOLEAN HostCreateThread(VOID (*Routine)(PVOID Context), PVOID Context)
{
    pthread_t th;
    pthread_attr_t attr;
    HOSTP_START *start = malloc(sizeof *start);
    int rc;

    if (!start)
        return FALSE;
    start->Routine = Routine;
    start->Context = Context;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&th, &attr, HostpThreadStart, start);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(start);
        return FALSE;
    }
    return TRUE;
}

VOID HostConditionInitialize(HOST_CONDITION *Condition)
{
    HOSTP_CONDITION *c = (HOSTP_CONDITION *)Condition;
    pthread_condattr_t attr;

    pthread_mutex_init(&c->Mutex, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);   /* deadlines are monotonic */
    pthread_cond_init(&c->Cond, &attr);
    pthread_condattr_destroy(&attr);
}

BOOLEAN HostConditionWaitUntil(HOST_CONDITION *Condition, ULONG64 Deadline)
{
    HOSTP_CONDITION *c = (HOSTP_CONDITION *)Condition;
    struct timespec ts;

    ts.tv_sec = (time_t)(Deadline / 10000000ull);
    ts.tv_nsec = (long)(Deadline % 10000000ull) * 100;
    return pthread_cond_timedwait(&c->Cond, &c->Mutex, &ts) == 0;
}

VOID HostConditionLock(HOST_CONDITION *Condition)
{
    pthread_mutex_lock(&((HOSTP_CONDITION *)Condition)->Mutex);
}

VOID HostConditionUnlock(HOST_CONDITION *Condition)
{
    pthread_mutex_unlock(&((HOSTP_CONDITION *)Condition)->Mutex);
}

VOID HostConditionWait(HOST_CONDITION *Condition)
{
    HOSTP_CONDITION *c = (HOSTP_CONDITION *)Condition;
    pthread_cond_wait(&c->Cond, &c->Mutex);
}

VOID HostConditionBroadcast(HOST_CONDITION *Condition)
{
    pthread_cond_broadcast(&((HOSTP_CONDITION *)Condition)->Cond);
}

VOID HostAtForkChild(VOID (*Routine)(VOID))
{
    pthread_atfork(NULL, NULL, Routine);
}
