/*
 * PURPOSE: The jump point of a __try frame (KmodeSehSetJump) and the jump back to it
 * (RtlpSehLongJump). Like setjmp/longjmp, but with no signal-mask or pointer-mangling
 * business: kmode controls both ends and the fault path restores the signal mask itself.
 *
 * KMODE_SEH_JUMP layout (9 quadwords): rbx rbp r12 r13 r14 r15 rsp rip [mxcsr | fpcw].
 */
    .text

    .globl KmodeSehSetJump
    .type KmodeSehSetJump, @function
KmodeSehSetJump:
    .cfi_startproc
    endbr64
    movq %rbx, 0(%rdi)
    movq %rbp, 8(%rdi)
    movq %r12, 16(%rdi)
    movq %r13, 24(%rdi)
    movq %r14, 32(%rdi)
    movq %r15, 40(%rdi)
    leaq 8(%rsp), %rdx          /* the caller's stack pointer after we return */
    movq %rdx, 48(%rdi)
    movq (%rsp), %rdx           /* where we return to */
    movq %rdx, 56(%rdi)
    stmxcsr 64(%rdi)
    fnstcw 68(%rdi)
    xorl %eax, %eax
    ret
    .cfi_endproc
    .size KmodeSehSetJump, .-KmodeSehSetJump

    .globl RtlpSehLongJump
    .hidden RtlpSehLongJump
    .type RtlpSehLongJump, @function
RtlpSehLongJump:
    .cfi_startproc
    endbr64
    movl %esi, %eax
    testl %eax, %eax
    jnz 1f
    movl $1, %eax               /* a jump never makes the jump point return 0 */
1:
    ldmxcsr 64(%rdi)
    fldcw 68(%rdi)
    movq 0(%rdi), %rbx
    movq 8(%rdi), %rbp
    movq 16(%rdi), %r12
    movq 24(%rdi), %r13
    movq 32(%rdi), %r14
    movq 40(%rdi), %r15
    movq 48(%rdi), %rsp
    jmpq *56(%rdi)
    .cfi_endproc
    .size RtlpSehLongJump, .-RtlpSehLongJump

    .section .note.GNU-stack, "", @progbits
