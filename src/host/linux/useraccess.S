/*
 * PURPOSE: Accesses to memory a user-mode caller named that stop at a fault instead of
 * raising: HostCopyUserMemory, HostTouchUserMemory, HostStoreUserPair (internal/host.h).
 *
 * Windows' I/O manager probes and copies a caller's buffers inside __try. kmode's __try is
 * a source-level construct costing a frame, two jump points and a dozen calls; the I/O
 * paths use these routines instead (a kernel's exception-table idea): every instruction that
 * may fault lies between HostpUserAccessBegin and HostpUserAccessEnd, none of the routines
 * touches the stack, so the fault handler (fault.c) resumes a fault there at
 * HostpUserAccessFixup, a plain `ret`, with the fault's NT status in eax. They return
 * STATUS_SUCCESS (0) otherwise. Sanitizers do not see these accesses: the bytes are the
 * caller's, another thread may be writing them.
 */
    .text

    .globl HostpUserAccessBegin
    .hidden HostpUserAccessBegin
HostpUserAccessBegin:

/* NTSTATUS HostCopyUserMemory(PVOID Destination, const VOID *Source, SIZE_T Length) */
    .globl HostCopyUserMemory
    .hidden HostCopyUserMemory
    .type HostCopyUserMemory, @function
HostCopyUserMemory:
    .cfi_startproc
    endbr64
    xorl %eax, %eax
    cmpq $512, %rdx
    jae 5f
    movq %rdx, %rcx
    shrq $4, %rcx
    jz 2f
1:  movdqu (%rsi), %xmm0
    movdqu %xmm0, (%rdi)
    addq $16, %rsi
    addq $16, %rdi
    decq %rcx
    jnz 1b
2:  testb $8, %dl
    jz 6f
    movq (%rsi), %r8
    movq %r8, (%rdi)
    addq $8, %rsi
    addq $8, %rdi
6:  andl $7, %edx
    jz 4f
3:  movb (%rsi), %r8b
    movb %r8b, (%rdi)
    incq %rsi
    incq %rdi
    decl %edx
    jnz 3b
4:  ret
5:  movq %rdx, %rcx             /* large copies: the string move is faster */
    rep movsb
    ret
    .cfi_endproc
    .size HostCopyUserMemory, .-HostCopyUserMemory

/* NTSTATUS HostTouchUserMemory(const volatile VOID *Address, SIZE_T Length, BOOLEAN Write):
   one access per page; a write access stores back the byte it read, as ProbeForWrite does
   on Windows (not locked: a store the owner makes to that very byte at the same moment can
   be undone, as there; the buffer is being handed to the request anyway). */
    .globl HostTouchUserMemory
    .hidden HostTouchUserMemory
    .type HostTouchUserMemory, @function
HostTouchUserMemory:
    .cfi_startproc
    endbr64
    xorl %eax, %eax
    testq %rsi, %rsi
    jz 4f
    leaq (%rdi,%rsi), %r8       /* end */
1:  testb %dl, %dl
    jz 2f
    movb (%rdi), %cl
    movb %cl, (%rdi)
    jmp 3f
2:  movb (%rdi), %cl
3:  andq $-4096, %rdi
    addq $4096, %rdi
    cmpq %r8, %rdi
    jb 1b
4:  ret
    .cfi_endproc
    .size HostTouchUserMemory, .-HostTouchUserMemory

/* NTSTATUS HostStoreUserPair(ULONG_PTR *Address, ULONG_PTR First, ULONG_PTR Second):
   Address[1] = Second, then Address[0] = First (x86 stores are seen in program order: a
   reader that sees First sees Second). */
    .globl HostStoreUserPair
    .hidden HostStoreUserPair
    .type HostStoreUserPair, @function
HostStoreUserPair:
    .cfi_startproc
    endbr64
    xorl %eax, %eax
    movq %rdx, 8(%rdi)
    movq %rsi, (%rdi)
    ret
    .cfi_endproc
    .size HostStoreUserPair, .-HostStoreUserPair

/* Where a fault in the routines above resumes: eax holds the status the handler put. */
    .globl HostpUserAccessFixup
    .hidden HostpUserAccessFixup
    .type HostpUserAccessFixup, @function
HostpUserAccessFixup:
    .cfi_startproc
    ret
    .cfi_endproc
    .size HostpUserAccessFixup, .-HostpUserAccessFixup

    .globl HostpUserAccessEnd
    .hidden HostpUserAccessEnd
HostpUserAccessEnd:

    .section .note.GNU-stack, "", @progbits
