/*
 * PURPOSE: Interrupting another host thread: the DPC watchdog (src/ke/dpc.c) makes the thread
 * that holds a virtual processor too long run the bugcheck itself, as the clock interrupt
 * does on the offending processor on Windows, so the report shows that thread's stack and
 * KmodeCatchBugCheck on that thread catches it.
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

static VOID (*volatile HostpInterruptRoutine)(VOID);
static pthread_once_t HostpInterruptOnce = PTHREAD_ONCE_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

static int HostpInterruptSignal(void)
{
    return SIGRTMIN + 4;    /* glibc's SIGRTMIN already skips the signals it keeps for itself */
}

static void HostpInterruptHandler(int Signal)
{
    VOID (*Routine)(VOID) = __atomic_load_n(&HostpInterruptRoutine, __ATOMIC_ACQUIRE);

    (void)Signal;
    if (Routine)
        Routine();
}

static void HostpInstallInterruptHandler(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = HostpInterruptHandler;
    /* SA_NODEFER: the routine may leave by longjmp (a caught bugcheck) without unblocking
       the signal. No SA_ONSTACK: the handler runs on the interrupted stack, so a stack walk
       from it goes through the interrupted code. */
    sa.sa_flags = SA_RESTART | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(HostpInterruptSignal(), &sa, NULL);
}

/* PUBLIC FUNCTIONS **********************************************************************/

ULONG_PTR HostThreadFromStaticTls(const void *Address, const void *Here)
{
    /* x86-64 static TLS (initial-exec) sits at one fixed offset below each thread's thread
       pointer, and glibc's pthread_t is that thread pointer. */
    return (ULONG_PTR)pthread_self() + ((ULONG_PTR)Address - (ULONG_PTR)Here);
}

BOOLEAN HostInterruptThread(ULONG_PTR Thread, VOID (*Routine)(VOID))
{
    pthread_once(&HostpInterruptOnce, HostpInstallInterruptHandler);
    __atomic_store_n(&HostpInterruptRoutine, Routine, __ATOMIC_RELEASE);
    return pthread_kill((pthread_t)Thread, HostpInterruptSignal()) == 0;
}
