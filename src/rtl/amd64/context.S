/*
 * PURPOSE: RtlCaptureContext: the caller's registers into a CONTEXT (Windows x64 layout:
 * ContextFlags 0x30, MxCsr 0x34, segments 0x38.., EFlags 0x44, Rax 0x78 .. R15 0xF0,
 * Rip 0xF8, FltSave 0x100). Rip/Rsp describe the caller just after the call returns, as on
 * Windows.
 */
    .text
    .globl RtlCaptureContext
    .type RtlCaptureContext, @function
RtlCaptureContext:
    .cfi_startproc
    endbr64
    pushfq
    .cfi_adjust_cfa_offset 8
    movq %rax, 0x78(%rdi)
    movq %rcx, 0x80(%rdi)
    movq %rdx, 0x88(%rdi)
    movq %rbx, 0x90(%rdi)
    leaq 16(%rsp), %rax         /* caller's rsp after return: past flags and return address */
    movq %rax, 0x98(%rdi)
    movq %rbp, 0xA0(%rdi)
    movq %rsi, 0xA8(%rdi)
    movq %rdi, 0xB0(%rdi)
    movq %r8,  0xB8(%rdi)
    movq %r9,  0xC0(%rdi)
    movq %r10, 0xC8(%rdi)
    movq %r11, 0xD0(%rdi)
    movq %r12, 0xD8(%rdi)
    movq %r13, 0xE0(%rdi)
    movq %r14, 0xE8(%rdi)
    movq %r15, 0xF0(%rdi)
    movq 8(%rsp), %rax          /* return address = the caller's Rip */
    movq %rax, 0xF8(%rdi)
    movl (%rsp), %eax
    movl %eax, 0x44(%rdi)
    movw %cs, 0x38(%rdi)
    movw %ds, 0x3A(%rdi)
    movw %es, 0x3C(%rdi)
    movw %fs, 0x3E(%rdi)
    movw %gs, 0x40(%rdi)
    movw %ss, 0x42(%rdi)
    fxsave 0x100(%rdi)
    stmxcsr 0x34(%rdi)
    movl $0x0010000F, 0x30(%rdi) /* CONTROL | INTEGER | SEGMENTS | FLOATING_POINT */
    movq 0x78(%rdi), %rax
    popfq
    .cfi_adjust_cfa_offset -8
    ret
    .cfi_endproc
    .size RtlCaptureContext, .-RtlCaptureContext

    .section .note.GNU-stack, "", @progbits
