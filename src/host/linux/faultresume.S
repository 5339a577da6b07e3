/*
 * PURPOSE: Where a faulting thread resumes after kmode's fault signal handler returned
 * (src/host/linux/fault.c): HostpFaultTrampoline calls HostpFaultResume, which dispatches
 * the fault as an NT exception on the thread's own stack.
 *
 * The handler leaves the faulting context as it was, except rip (here) and rsp (one
 * quadword lower, holding the faulting instruction's address, as a call would have left a
 * return address). The unwind information below presents this frame as a signal frame
 * whose caller is the faulting function at the faulting instruction, so stack walks
 * (bugcheck reports, debuggers) go through it to the code that faulted.
 */
    .text

    .globl HostpFaultTrampoline
    .hidden HostpFaultTrampoline
    .type HostpFaultTrampoline, @function
    /* The unwinder looks a return address up one byte early; a signal frame's FDE is
       found by its own address, so the entry is preceded by a padding byte. */
    nop
HostpFaultTrampoline:
    .cfi_startproc
    .cfi_signal_frame
    pushq %rbp
    .cfi_adjust_cfa_offset 8
    .cfi_offset %rbp, -16
    movq %rsp, %rbp
    .cfi_def_cfa_register %rbp
    andq $-16, %rsp             /* the fault may have happened with any alignment */
    call HostpFaultResume
    ud2                         /* HostpFaultResume does not return */
    .cfi_endproc
    .size HostpFaultTrampoline, .-HostpFaultTrampoline

    .section .note.GNU-stack,"",@progbits
