/*
 * PURPOSE: Hardware faults to NT exceptions: the SIGSEGV/SIGBUS/SIGFPE/SIGILL handlers.
 *
 * The handlers run on a per-thread alternate signal stack (so a stack overflow can still be
 * reported), translate the signal and its ucontext into an NT status, exception parameters
 * and a CONTEXT, and hand them to the kernel (KiHandleHostFault), which dispatches the
 * exception to the thread's __try frames and never returns. When kmode declines the fault
 * (KMODE_FAULTS=chain with no __try active), the previously installed handler runs, so
 * sanitizers and other libraries keep working.
 *
 * Under gdb, a fault stops in the debugger first; `handle SIGSEGV nostop noprint` lets
 * expected faults inside __try pass silently (docs/seh.md).
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <internal/host.h>
#include <internal/seh.h>

/* GLOBALS *******************************************************************************/

#define HOSTP_ALT_STACK_SIZE (256 * 1024)

static const int HostpFaultSignals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
static struct sigaction HostpPrevious[NSIG];
static pthread_once_t HostpInstallOnce = PTHREAD_ONCE_INIT;
static __thread BOOLEAN HostpAltStackReady;

/* A fault the handler translated, for HostpFaultResume to dispatch. */
typedef struct _HOSTP_FAULT {
    NTSTATUS Status;
    ULONG Count;
    ULONG_PTR Params[EXCEPTION_MAXIMUM_PARAMETERS];
    CONTEXT Context;
} HOSTP_FAULT;
static __thread HOSTP_FAULT HostpPendingFault;


/* PRIVATE FUNCTIONS *********************************************************************/

static VOID HostpContextFromUcontext(const ucontext_t *uc, PCONTEXT ctx)
{
    const greg_t *g = uc->uc_mcontext.gregs;

    memset(ctx, 0, sizeof *ctx);
    ctx->ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS;
    ctx->Rax = g[REG_RAX];
    ctx->Rcx = g[REG_RCX];
    ctx->Rdx = g[REG_RDX];
    ctx->Rbx = g[REG_RBX];
    ctx->Rsp = g[REG_RSP];
    ctx->Rbp = g[REG_RBP];
    ctx->Rsi = g[REG_RSI];
    ctx->Rdi = g[REG_RDI];
    ctx->R8 = g[REG_R8];
    ctx->R9 = g[REG_R9];
    ctx->R10 = g[REG_R10];
    ctx->R11 = g[REG_R11];
    ctx->R12 = g[REG_R12];
    ctx->R13 = g[REG_R13];
    ctx->R14 = g[REG_R14];
    ctx->R15 = g[REG_R15];
    ctx->Rip = g[REG_RIP];
    ctx->EFlags = (ULONG)g[REG_EFL];
    ctx->SegCs = (USHORT)(g[REG_CSGSFS] & 0xffff);
    ctx->SegGs = (USHORT)((g[REG_CSGSFS] >> 16) & 0xffff);
    ctx->SegFs = (USHORT)((g[REG_CSGSFS] >> 32) & 0xffff);
    if (uc->uc_mcontext.fpregs) {
        /* Linux keeps the FXSAVE image, the same format as CONTEXT.FltSave. */
        _Static_assert(sizeof(XMM_SAVE_AREA32) == 512, "FXSAVE image is 512 bytes");
        memcpy(&ctx->FltSave, uc->uc_mcontext.fpregs, sizeof ctx->FltSave);
        ctx->MxCsr = ctx->FltSave.MxCsr;
        ctx->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

/* Translates a fault into a status and its exception parameters (Windows conventions:
   access violations carry [0] = 0 read / 1 write / 8 execute, [1] = the address). */
static NTSTATUS HostpStatusFromSignal(int sig, const siginfo_t *si, const ucontext_t *uc,
                                      ULONG_PTR *Params, ULONG *Count)
{
    ULONG_PTR err = (ULONG_PTR)uc->uc_mcontext.gregs[REG_ERR];

    *Count = 0;
    switch (sig) {
    case SIGSEGV:
        Params[0] = (err & 0x10) ? 8 : (err & 0x2) ? 1 : 0;
        /* A general-protection fault (e.g. a non-canonical address) reports no address;
           Windows reports -1 for it. */
        Params[1] = si->si_code == SI_KERNEL ? (ULONG_PTR)-1 : (ULONG_PTR)si->si_addr;
        *Count = 2;
        return STATUS_ACCESS_VIOLATION;
    case SIGBUS:
        if (si->si_code == BUS_ADRALN)
            return STATUS_DATATYPE_MISALIGNMENT;
        Params[0] = (err & 0x2) ? 1 : 0;
        Params[1] = (ULONG_PTR)si->si_addr;
        Params[2] = (ULONG_PTR)(ULONG)STATUS_END_OF_FILE;   /* access past a mapped file's end */
        *Count = 3;
        return STATUS_IN_PAGE_ERROR;
    case SIGFPE:
        switch (si->si_code) {
        case FPE_INTDIV: return STATUS_INTEGER_DIVIDE_BY_ZERO;
        case FPE_INTOVF: return STATUS_INTEGER_OVERFLOW;
        case FPE_FLTDIV: return STATUS_FLOAT_DIVIDE_BY_ZERO;
        case FPE_FLTOVF: return STATUS_FLOAT_OVERFLOW;
        case FPE_FLTUND: return STATUS_FLOAT_UNDERFLOW;
        case FPE_FLTRES: return STATUS_FLOAT_INEXACT_RESULT;
        default:         return STATUS_FLOAT_INVALID_OPERATION;
        }
    case SIGILL:
        if (si->si_code == ILL_PRVOPC || si->si_code == ILL_PRVREG)
            return STATUS_PRIVILEGED_INSTRUCTION;
        return STATUS_ILLEGAL_INSTRUCTION;
    }
    return STATUS_UNSUCCESSFUL;
}

static VOID HostpChain(int sig, siginfo_t *si, void *uc)
{
    struct sigaction *prev = &HostpPrevious[sig];

    if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
        prev->sa_sigaction(sig, si, uc);
        return;
    }
    if (prev->sa_handler == SIG_IGN)
        return;
    if (prev->sa_handler != SIG_DFL && prev->sa_handler) {
        prev->sa_handler(sig);
        return;
    }
    /* Default action: restore it and return; the faulting instruction faults again. */
    signal(sig, SIG_DFL);
}

/* The bounds of the user-access routines and their resume point (useraccess.S). */
extern const char HostpUserAccessBegin[], HostpUserAccessEnd[], HostpUserAccessFixup[];

/* A fault in HostCopyUserMemory & co: the routine returns the status instead. */
static BOOLEAN HostpFixupUserAccess(ucontext_t *uc, NTSTATUS Status)
{
    ULONG_PTR Rip = (ULONG_PTR)uc->uc_mcontext.gregs[REG_RIP];

    if (Rip < (ULONG_PTR)HostpUserAccessBegin || Rip >= (ULONG_PTR)HostpUserAccessEnd)
        return FALSE;
    uc->uc_mcontext.gregs[REG_RAX] = (greg_t)(ULONG)Status;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(ULONG_PTR)HostpUserAccessFixup;
    return TRUE;
}

/* Entered in place of the faulting instruction, on the thread's own stack, after the fault
   handler returned (see HostpFaultHandler): calls HostpFaultResume (faultresume.S). */
VOID HostpFaultTrampoline(VOID);

/* Dispatches the fault HostpFaultHandler recorded. */
__attribute__((visibility("hidden"), used)) void HostpFaultResume(void);
__attribute__((visibility("hidden"), used)) void HostpFaultResume(void)
{
    HOSTP_FAULT Fault = HostpPendingFault;     /* a nested fault reuses the slot */

    KiHandleHostFault(Fault.Status, Fault.Count, Fault.Params, &Fault.Context);
    abort();                                   /* accepted faults never come back */
}

static void HostpFaultHandler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = (ucontext_t *)ucv;
    HOSTP_FAULT *Fault = &HostpPendingFault;
    ULONG_PTR Sp, NewSp, Addr;
    sigset_t unblock;

    Fault->Status = HostpStatusFromSignal(sig, si, uc, Fault->Params, &Fault->Count);
    HostpContextFromUcontext(uc, &Fault->Context);
    if (KiResolveHostFault(Fault->Status, Fault->Count, Fault->Params, &Fault->Context))
        return;                                /* run the instruction again */
    if (HostpFixupUserAccess(uc, Fault->Status))
        return;                                /* the access routine returns the status */
    if (!KiAcceptsHostFault()) {
        HostpChain(sig, si, ucv);
        return;
    }

    /* Leave the handler by returning into HostpFaultTrampoline rather than by jumping out
       of it: the dispatch then runs as ordinary code (ThreadSanitizer and the C library see
       the handler end). The faulting instruction's address goes just below the faulting
       stack pointer, as a return address (the faulting frame is abandoned by the dispatch,
       so the red-zone quadword it takes is dead), and the trampoline's unwind information
       leads stack walks from there to the faulting code. Not for a fault on the stack
       itself (an overflow): that one is dispatched here, on the alternate stack. */
    Sp = (ULONG_PTR)uc->uc_mcontext.gregs[REG_RSP];
    NewSp = Sp - 8;
    Addr = (ULONG_PTR)si->si_addr;
    if (sig != SIGSEGV || Addr < Sp - 65536 || Addr >= Sp + 4096) {
        *(ULONG_PTR *)NewSp = (ULONG_PTR)uc->uc_mcontext.gregs[REG_RIP];
        uc->uc_mcontext.gregs[REG_RSP] = (greg_t)NewSp;
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(ULONG_PTR)HostpFaultTrampoline;
        return;
    }

    /* Dispatch leaves this handler by a jump, never by returning: unblock the fault
       signals now, as returning would have, so the next fault is delivered too. */
    sigemptyset(&unblock);
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(HostpFaultSignals); i++)
        sigaddset(&unblock, HostpFaultSignals[i]);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);

    if (!KiHandleHostFault(Fault->Status, Fault->Count, Fault->Params, &Fault->Context))
        HostpChain(sig, si, ucv);
}

static void HostpInstall(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = HostpFaultHandler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(HostpFaultSignals); i++)
        sigaction(HostpFaultSignals[i], &sa, &HostpPrevious[HostpFaultSignals[i]]);
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID HostEnsureAltStack(VOID)
{
    stack_t cur, ss;

    if (HostpAltStackReady)
        return;
    pthread_once(&HostpInstallOnce, HostpInstall);
    /* Keep an existing alternate stack if it is big enough (a sanitizer may own one). */
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) &&
        cur.ss_size >= HOSTP_ALT_STACK_SIZE) {
        HostpAltStackReady = TRUE;
        return;
    }
    ss.ss_sp = mmap(NULL, HOSTP_ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (ss.ss_sp == MAP_FAILED)
        return;
    ss.ss_size = HOSTP_ALT_STACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) == 0)
        HostpAltStackReady = TRUE;
    else
        munmap(ss.ss_sp, HOSTP_ALT_STACK_SIZE);
    /* The alternate stack of an exiting thread is not reclaimed; kmode's own threads
       (Foundation II) will own theirs. */
}

VOID HostInstallFaultHandlers(VOID)
{
    HostEnsureAltStack();
}

/* Faults outside any __try are kernel-mode crashes too: install at load time. */
__attribute__((constructor)) static void HostpInstallAtLoad(void)
{
    HostInstallFaultHandlers();
}
