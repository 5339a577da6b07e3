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

/* NTSTATUS HostCopyUserMemory(PVOID Destination, const VOID *Source, SIZE_T Length)
   Below 512 bytes no byte loop: a size class copies its first k and its last k bytes, the
   two moves overlapping in the middle, as small memcpys do (k = 4, 8, 16, 32, 64 for 4..7 up
   to 65..128 bytes; 1..3 bytes: the first byte, then the last two); 129..511 bytes copy
   64-byte blocks until 65..128 remain, then those so. Every load lies inside the source,
   every store inside the destination, and a first move is stored before the last is read:
   a fault ends the copy with the moves before it done (the I/O paths only use its status). */
    .globl HostCopyUserMemory
    .hidden HostCopyUserMemory
    .type HostCopyUserMemory, @function
HostCopyUserMemory:
    .cfi_startproc
    endbr64
    xorl %eax, %eax
    cmpq $32, %rdx
    ja .Lcopy_over32
    cmpq $16, %rdx
    jb .Lcopy_under16
    movdqu (%rsi), %xmm0            /* 16..32 */
    movdqu %xmm0, (%rdi)
    movdqu -16(%rsi,%rdx), %xmm1
    movdqu %xmm1, -16(%rdi,%rdx)
    ret
.Lcopy_over32:
    cmpq $64, %rdx
    ja .Lcopy_over64
    movdqu (%rsi), %xmm0            /* 33..64 */
    movdqu 16(%rsi), %xmm1
    movdqu %xmm0, (%rdi)
    movdqu %xmm1, 16(%rdi)
    movdqu -32(%rsi,%rdx), %xmm2
    movdqu -16(%rsi,%rdx), %xmm3
    movdqu %xmm2, -32(%rdi,%rdx)
    movdqu %xmm3, -16(%rdi,%rdx)
    ret
.Lcopy_over64:
    movq %rdx, %rcx
    cmpq $128, %rdx
    jbe .Lcopy_last64               /* 65..128 */
    cmpq $512, %rdx
    jae .Lcopy_string
1:  movdqu (%rsi), %xmm0            /* 129..511: 64-byte blocks while more than 64 remain */
    movdqu 16(%rsi), %xmm1
    movdqu 32(%rsi), %xmm2
    movdqu 48(%rsi), %xmm3
    movdqu %xmm0, (%rdi)
    movdqu %xmm1, 16(%rdi)
    movdqu %xmm2, 32(%rdi)
    movdqu %xmm3, 48(%rdi)
    addq $64, %rsi
    addq $64, %rdi
    subq $64, %rcx
    cmpq $128, %rcx
    ja 1b
.Lcopy_last64:                      /* rcx = 65..128 bytes left: the first 64, the last 64 */
    movdqu (%rsi), %xmm0
    movdqu 16(%rsi), %xmm1
    movdqu 32(%rsi), %xmm2
    movdqu 48(%rsi), %xmm3
    movdqu %xmm0, (%rdi)
    movdqu %xmm1, 16(%rdi)
    movdqu %xmm2, 32(%rdi)
    movdqu %xmm3, 48(%rdi)
    movdqu -64(%rsi,%rcx), %xmm0
    movdqu -48(%rsi,%rcx), %xmm1
    movdqu -32(%rsi,%rcx), %xmm2
    movdqu -16(%rsi,%rcx), %xmm3
    movdqu %xmm0, -64(%rdi,%rcx)
    movdqu %xmm1, -48(%rdi,%rcx)
    movdqu %xmm2, -32(%rdi,%rcx)
    movdqu %xmm3, -16(%rdi,%rcx)
    ret
.Lcopy_under16:
    cmpl $8, %edx
    jb .Lcopy_under8
    movq (%rsi), %rcx               /* 8..15 */
    movq %rcx, (%rdi)
    movq -8(%rsi,%rdx), %r8
    movq %r8, -8(%rdi,%rdx)
    ret
.Lcopy_under8:
    cmpl $4, %edx
    jb .Lcopy_under4
    movl (%rsi), %ecx               /* 4..7 */
    movl %ecx, (%rdi)
    movl -4(%rsi,%rdx), %r8d
    movl %r8d, -4(%rdi,%rdx)
    ret
.Lcopy_under4:
    testl %edx, %edx
    jz 2f
    movzbl (%rsi), %ecx             /* 1..3: the first byte, then the last two */
    movb %cl, (%rdi)
    cmpl $2, %edx
    jb 2f
    movzwl -2(%rsi,%rdx), %ecx
    movw %cx, -2(%rdi,%rdx)
2:  ret
.Lcopy_string:
    rep movsb                       /* 512 and more: the string move is faster */
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
    testb %dl, %dl
    jz 2f
1:  movb (%rdi), %cl            /* writing */
    movb %cl, (%rdi)
    andq $-4096, %rdi
    addq $4096, %rdi
    cmpq %r8, %rdi
    jb 1b
    ret
2:  movb (%rdi), %cl            /* reading */
    andq $-4096, %rdi
    addq $4096, %rdi
    cmpq %r8, %rdi
    jb 2b
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
