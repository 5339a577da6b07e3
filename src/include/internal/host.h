/*
 * PURPOSE: The host interface. Everything kmode needs from Linux goes through these
 * primitives, implemented in src/host/linux/. No Linux or glibc header is included by
 * code outside src/host/ except the C library basics (string.h, stdlib.h, stdio.h).
 */
#ifndef _KMODE_INTERNAL_HOST_H_
#define _KMODE_INTERNAL_HOST_H_

#include <internal/hidden.h>
#include <ntdef.h>

/* ---- Output and process ---------------------------------------------------------------- */

/* Writes all of Buffer to stderr (retrying short writes), unbuffered. Any IRQL, signal-safe. */
VOID HostWriteStderr(_In_reads_bytes_(Length) const char *Buffer, SIZE_T Length);

/* Ends the process immediately with Status, without running atexit handlers. */
DECLSPEC_NORETURN VOID HostExitProcess(int Status);

/* TRUE when a debugger (ptrace tracer, e.g. gdb) is attached to the process. */
BOOLEAN HostDebuggerPresent(VOID);

/* Raises SIGTRAP so an attached debugger stops at the caller. */
VOID HostBreakIntoDebugger(VOID);

/* Makes sure a breakpoint instruction (int3) executed while a tracer that is not a debugger
   (strace, ...) is attached cannot kill the process: installs a SIGTRAP handler that
   resumes after the instruction, unless the process already handles SIGTRAP. A debugger
   (gdb) intercepts the trap itself and never delivers it. Idempotent. */
VOID HostPrepareBreakpointTrap(VOID);

/* Reads an environment variable; NULL when unset. */
const char *HostGetEnvironment(const char *Name);

/* ---- Symbols and stacks ---------------------------------------------------------------- */

typedef struct _HOST_SYMBOL {
    const char *ModulePath;    /* full path of the ELF object holding the address, or NULL */
    const char *ModuleName;    /* its base name without directory and extension ("foo" for foo.sys) */
    const char *Function;      /* demangled function name, or NULL */
    ULONG_PTR Offset;          /* address - function start (or - module base when no function) */
    ULONG_PTR ModuleBase;
    const char *File;          /* source file from debug info, or NULL */
    int Line;                  /* source line, or 0 */
} HOST_SYMBOL;

/* Symbolizes Address (libdw). Strings stay valid for the life of the process.
   Returns FALSE when nothing at all is known about the address (no module maps it).
   Address is taken as an exact instruction or data address: a function's address, or the
   faulting PC of a signal context. For return addresses use HostSymbolizeEx. */
BOOLEAN HostSymbolize(PVOID Address, HOST_SYMBOL *Symbol);

/* Address is a return address (from a stack walk or __builtin_return_address): it points
   after the call, possibly already into the next function or line, so function and
   file:line are looked up at Address - 1 (inside the call instruction). Offset is still
   Address - function start, as a debugger prints a return address. */
#define HOST_SYMBOLIZE_RETURN_ADDRESS 0x1

/* HostSymbolize with Flags (HOST_SYMBOLIZE_*). */
BOOLEAN HostSymbolizeEx(PVOID Address, ULONG Flags, HOST_SYMBOL *Symbol);

/* Captures up to MaxFrames return addresses of the calling thread, skipping SkipFrames
   innermost frames (0 = the caller of HostCaptureStack). Returns the number captured.
   Entries are return addresses (symbolize them with HOST_SYMBOLIZE_RETURN_ADDRESS), except
   the PC of a frame interrupted by a signal, which the unwinder reports exactly. */
ULONG HostCaptureStack(PVOID *Frames, ULONG MaxFrames, ULONG SkipFrames);

/* ---- Fault signals --------------------------------------------------------------------- */

/* Installs the SIGSEGV/SIGBUS/SIGFPE/SIGILL handlers (chained to any previous handler, on
   an alternate signal stack per thread) that turn hardware faults into NT exceptions.
   Idempotent; called lazily the first time a thread enters a __try. */
VOID HostInstallFaultHandlers(VOID);
/* Makes sure the calling thread has an alternate signal stack. */
VOID HostEnsureAltStack(VOID);

/* Accesses to memory a user-mode caller named (src/host/linux/useraccess.S), for the I/O
   paths that Windows runs under __try: a fault (after the kernel's own resolution, e.g.
   special pool) ends the access and is returned as its NT status (STATUS_ACCESS_VIOLATION,
   STATUS_IN_PAGE_ERROR, ...); nothing is raised. STATUS_SUCCESS otherwise. Cheap: no frame
   is set up. The fault handlers must be installed (HostInstallFaultHandlers). */
NTSTATUS HostCopyUserMemory(PVOID Destination, const VOID *Source, SIZE_T Length);
/* One read (Write FALSE) or locked write of zero (Write TRUE) per page of the range. */
NTSTATUS HostTouchUserMemory(const volatile VOID *Address, SIZE_T Length, BOOLEAN Write);
/* Address[1] = Second, then Address[0] = First: an IO_STATUS_BLOCK's Information, then its
   Status, in the order a poller of the block relies on. */
NTSTATUS HostStoreUserPair(ULONG_PTR *Address, ULONG_PTR First, ULONG_PTR Second);

/* ---- Address space --------------------------------------------------------------------- */

/* Reserves Size bytes of address space (page multiple), inaccessible and not backed by memory
   until committed. Returns NULL on failure. */
PVOID HostReserveAddressSpace(SIZE_T Size);

/* Makes [Address, Address + Size) of a reservation readable and writable (zero-filled on
   first touch). Page-aligned. Returns FALSE when the host refuses. */
BOOLEAN HostCommitMemory(PVOID Address, SIZE_T Size);
/* The same, readable, writable and executable (the executable pool). */
BOOLEAN HostCommitExecutableMemory(PVOID Address, SIZE_T Size);

/* Gives the physical memory behind a committed range back to the host. The range stays
   committed (readable and writable) and reads as zeros afterwards. Page-aligned. */
VOID HostDiscardMemory(PVOID Address, SIZE_T Size);

/* Makes a committed range of a reservation inaccessible again and gives its memory back
   (a later HostCommitMemory reads zeros). Page-aligned. */
VOID HostDecommitMemory(PVOID Address, SIZE_T Size);

/* Makes a committed range inaccessible, keeping its contents (HostCommitMemory makes it
   accessible again). Page-aligned. */
VOID HostProtectNoAccess(PVOID Address, SIZE_T Size);

/* ---- Processors and scheduling ---------------------------------------------------------- */

/* Number of host CPUs the process may run on (at least 1). */
ULONG HostProcessorCount(VOID);

/* Gives up the host CPU to other runnable threads (a contended spin's back-off). */
VOID HostYieldProcessor(VOID);

/* A process-wide memory barrier (Windows' FlushProcessWriteBuffers): when
   HostFlushProcessWriteBuffers returns TRUE, every other thread of the process has executed
   a full memory barrier since it was called, so its stores before that point are visible
   and its loads after it see the caller's earlier stores. HostInitializeProcessBarrier
   (once, at start-up) says whether the host has one; without it the flush returns FALSE. */
BOOLEAN HostInitializeProcessBarrier(VOID);
BOOLEAN HostFlushProcessWriteBuffers(VOID);
/* TRUE once HostInitializeProcessBarrier succeeded (set before main, never cleared; a fork
   child registers again). Lets a fast path drop a full barrier that its rare slow side
   replaces with a process-wide flush. */
extern KMODE_HIDDEN BOOLEAN HostProcessBarrierReady;

/* ---- Threads and wake-ups ----------------------------------------------------------------- */

/* Starts a detached host thread running Routine(Context). FALSE on failure. */
BOOLEAN HostCreateThread(VOID (*Routine)(PVOID Context), PVOID Context);

/* A sleep/wake-up primitive for kmode's own threads: a mutex and a condition variable.
   Passive-level use only (never from a thread at DISPATCH_LEVEL that others wait for). */
typedef struct _HOST_CONDITION {
    ULONG64 Opaque[12];
} HOST_CONDITION;

VOID HostConditionInitialize(HOST_CONDITION *Condition);
VOID HostConditionLock(HOST_CONDITION *Condition);
VOID HostConditionUnlock(HOST_CONDITION *Condition);
/* Called with the lock held; returns with it held. */
VOID HostConditionWait(HOST_CONDITION *Condition);
/* As HostConditionWait, but gives up at Deadline, in 100-ns units of the monotonic clock
   (HostQueryMonotonicClock() / 100); FALSE then. */
BOOLEAN HostConditionWaitUntil(HOST_CONDITION *Condition, ULONG64 Deadline);
VOID HostConditionBroadcast(HOST_CONDITION *Condition);

/* Runs Routine in the child after fork() (kmode's threads do not exist there). */
VOID HostAtForkChild(VOID (*Routine)(VOID));

/* Runs Prepare in the thread that calls fork() just before it, and Parent / Child after it in
   the parent / the child (pthread_atfork order: prepare hooks last-registered first). */
VOID HostAtFork(VOID (*Prepare)(VOID), VOID (*Parent)(VOID), VOID (*Child)(VOID));

/* Interrupting a thread (src/host/linux/interrupt.c; the DPC watchdog uses it).
   HostThreadFromStaticTls: the host thread whose initial-exec thread-local variable is at
   Address, given the same variable's address on the calling thread (Here).
   HostInterruptThread: makes Thread run Routine in a signal handler on its own stack as soon
   as the host delivers it (one routine for all interrupts: the last one given). Routine may
   leave by longjmp. FALSE when the thread does not exist. */
ULONG_PTR HostThreadFromStaticTls(const void *Address, const void *Here);
BOOLEAN HostInterruptThread(ULONG_PTR Thread, VOID (*Routine)(VOID));

/* ---- Locks and one-time initialization (src/host/linux/lock.c) ---------------------------- */

/* Plain blocking locks for kmode's own bookkeeping (object namespace, handle tables,
   registry): never held across a call into driver code, never taken at DISPATCH_LEVEL.
   Statically initialized with the _INIT values (all zeros); nothing to destroy. */
typedef struct _HOST_MUTEX {
    ULONG64 Opaque[5];
} HOST_MUTEX;
#define HOST_MUTEX_INIT { { 0 } }

VOID HostMutexLock(_Inout_ HOST_MUTEX *Mutex);
VOID HostMutexUnlock(_Inout_ HOST_MUTEX *Mutex);

/* Reader/writer lock: any number of shared holders or one exclusive holder. */
typedef struct _HOST_RWLOCK {
    ULONG64 Opaque[7];
} HOST_RWLOCK;
#define HOST_RWLOCK_INIT { { 0 } }

VOID HostRwLockAcquireShared(_Inout_ HOST_RWLOCK *Lock);
VOID HostRwLockAcquireExclusive(_Inout_ HOST_RWLOCK *Lock);
/* Releases either kind of hold. */
VOID HostRwLockRelease(_Inout_ HOST_RWLOCK *Lock);

/* Runs Routine exactly once per HOST_ONCE (statically HOST_ONCE_INIT); every caller returns
   after it has finished. */
typedef struct _HOST_ONCE {
    LONG Opaque;
} HOST_ONCE;
#define HOST_ONCE_INIT { 0 }

VOID HostRunOnce(_Inout_ HOST_ONCE *Once, _In_ VOID (*Routine)(VOID));

/* ---- Clocks (src/host/linux/clock.c) ------------------------------------------------------ */

/* Nanoseconds since 1970-01-01 00:00:00 UTC (CLOCK_REALTIME); negative before 1970. */
LONG64 HostQueryRealTime(VOID);

/* Nanoseconds of the host's monotonic clock that keeps counting while the host is suspended
   (CLOCK_BOOTTIME). Never goes backwards; any IRQL, signal-safe (vDSO, no lock). */
ULONG64 HostQueryBootClock(VOID);

/* Nanoseconds of the host's monotonic clock that stops while the host is suspended
   (CLOCK_MONOTONIC). Never goes backwards; any IRQL, signal-safe. */
ULONG64 HostQueryMonotonicClock(VOID);

/* The host's current offset of local time from UTC in seconds, positive east of Greenwich
   (TZ, else /etc/localtime; re-read when TZ changes); 0 when unknown. Takes the C library's
   time-zone lock: not signal-safe. */
LONG HostQueryLocalTimeOffset(VOID);

/* ---- Randomness --------------------------------------------------------------------------- */

/* Fills Buffer with Length cryptographically random bytes (getrandom). FALSE on failure. */
BOOLEAN HostRandomBytes(PVOID Buffer, SIZE_T Length);

/* ---- Files and directories (src/host/linux/fs.c) ------------------------------------------ */

/* Paths are Linux paths: NUL-terminated byte strings (UTF-8 by convention). Failures come back
   as the NTSTATUS a Windows file system gives for the same condition (HostStatusFromErrno). */

typedef enum _HOST_FILE_TYPE {
    HostFileRegular,
    HostFileDirectory,
    HostFileOther            /* device, FIFO, socket */
} HOST_FILE_TYPE;

typedef struct _HOST_FILE_INFO {
    HOST_FILE_TYPE Type;
    BOOLEAN ReadOnly;        /* the owner has no write permission */
    ULONG64 Size;            /* bytes */
    /* Nanoseconds since 1970-01-01 UTC. CreationTime is the birth time where the file
       system records one, otherwise the oldest of the other three. */
    LONG64 CreationTime;
    LONG64 AccessTime;
    LONG64 WriteTime;
    LONG64 ChangeTime;
} HOST_FILE_INFO;

/* The NTSTATUS for a Linux errno value of a failed path operation (ENOENT is
   STATUS_OBJECT_NAME_NOT_FOUND, ENOTDIR STATUS_OBJECT_PATH_NOT_FOUND, EACCES/EPERM
   STATUS_ACCESS_DENIED, EEXIST STATUS_OBJECT_NAME_COLLISION, ...). For host/linux code. */
NTSTATUS HostStatusFromErrno(int Error);

/* stat() following symbolic links. */
NTSTATUS HostQueryFileInformation(_In_z_ const char *Path, _Out_ HOST_FILE_INFO *Info);

/* Calls Callback for every entry of the directory except "." and "..", in the order the
   file system returns them, until it returns FALSE. */
typedef BOOLEAN (*HOST_DIRECTORY_CALLBACK)(PVOID Context, _In_z_ const char *Name);
NTSTATUS HostEnumerateDirectory(_In_z_ const char *Path, HOST_DIRECTORY_CALLBACK Callback,
                                PVOID Context);

/* mkdir (mode 0777 less the umask): STATUS_OBJECT_NAME_COLLISION when the name exists. */
NTSTATUS HostCreateDirectory(_In_z_ const char *Path);
/* rmdir: STATUS_DIRECTORY_NOT_EMPTY, STATUS_NOT_A_DIRECTORY for a file. */
NTSTATUS HostRemoveDirectory(_In_z_ const char *Path);
/* unlink: STATUS_FILE_IS_A_DIRECTORY for a directory. */
NTSTATUS HostDeleteFile(_In_z_ const char *Path);

/* Renames From to To without replacing an existing To (STATUS_OBJECT_NAME_COLLISION), as
   MoveFile does; works for files and directories on one file system (STATUS_NOT_SAME_DEVICE
   across file systems). */
NTSTATUS HostRenameFile(_In_z_ const char *From, _In_z_ const char *To);

/* The process's current directory (getcwd), malloc'd; and chdir. */
NTSTATUS HostGetCurrentDirectory(_Out_ char **Path);
NTSTATUS HostSetCurrentDirectory(_In_z_ const char *Path);

/* The absolute, symlink-free form of an existing path (realpath), malloc'd. */
NTSTATUS HostCanonicalizePath(_In_z_ const char *Path, _Out_ char **Canonical);

/* The file of the loaded ELF object whose base address is Base (the executable when Base is
   NULL), malloc'd: STATUS_DLL_NOT_FOUND when no loaded object starts at Base. */
NTSTATUS HostGetModulePath(_In_opt_ PVOID Base, _Out_ char **Path);

/* The real user id (for per-user defaults). */
ULONG HostGetUserId(VOID);

/* ---- Open files (src/host/linux/hostfile.c) ------------------------------------------------ */

/* What the host file system driver (src/fs/hostfs.c) does with Linux files it has open. A
   HOST_FD is a Linux file descriptor; failures are NTSTATUS (HostStatusFromErrno). */
typedef int HOST_FD;

#define HOST_OPEN_READ       0x0001   /* read data */
#define HOST_OPEN_WRITE      0x0002   /* write data */
#define HOST_OPEN_CREATE     0x0004   /* create when missing */
#define HOST_OPEN_EXCLUSIVE  0x0008   /* with CREATE: fail (STATUS_OBJECT_NAME_COLLISION) if it exists */
#define HOST_OPEN_DIRECTORY  0x0010   /* must be a directory (STATUS_NOT_A_DIRECTORY) */
#define HOST_OPEN_META       0x0020   /* no data access: only metadata (O_PATH) */
#define HOST_OPEN_READONLY   0x0040   /* with CREATE: the new file has no write permission */

/* Identity and state of an open file (fstat). */
typedef struct _HOST_FILE_IDENTITY {
    ULONG64 Device;
    ULONG64 Inode;
    ULONG Links;
    ULONG64 AllocatedBytes;
} HOST_FILE_IDENTITY;

/* open(2) with the flags above (close-on-exec). */
NTSTATUS HostOpenFile(_In_z_ const char *Path, _In_ ULONG Flags, _Out_ HOST_FD *Fd);
VOID HostCloseFile(_In_ HOST_FD Fd);
/* fstat/statx of the open file; Identity optional. */
NTSTATUS HostQueryOpenFile(_In_ HOST_FD Fd, _Out_ HOST_FILE_INFO *Info,
                           _Out_opt_ HOST_FILE_IDENTITY *Identity);
/* pread until Length bytes or the end of the file (*Transferred 0 at or beyond it). */
NTSTATUS HostReadFile(_In_ HOST_FD Fd, _Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length,
                      _In_ ULONG64 Offset, _Out_ PULONG Transferred);
/* pwrite of all Length bytes (STATUS_DISK_FULL when the file system is full). */
NTSTATUS HostWriteFile(_In_ HOST_FD Fd, _In_reads_bytes_(Length) const VOID *Buffer,
                       _In_ ULONG Length, _In_ ULONG64 Offset, _Out_ PULONG Transferred);
/* ftruncate. */
NTSTATUS HostSetFileSize(_In_ HOST_FD Fd, _In_ ULONG64 Size);
/* fsync. */
NTSTATUS HostFlushFile(_In_ HOST_FD Fd);
/* utimensat on the path: a time of -1 leaves it (nanoseconds since 1970-01-01 UTC). */
NTSTATUS HostSetFileTimes(_In_z_ const char *Path, _In_ LONG64 AccessTime, _In_ LONG64 WriteTime);
/* Gives the owner write permission, or takes write permission from everyone. */
NTSTATUS HostSetFileReadOnly(_In_z_ const char *Path, _In_ BOOLEAN ReadOnly);
/* rename(2), replacing an existing To (a file; a non-empty directory is refused). */
NTSTATUS HostReplaceFile(_In_z_ const char *From, _In_z_ const char *To);

/* ---- Standard streams for the console driver (src/host/linux/hoststd.c) ------------------- */

/* What a standard descriptor (0, 1, 2) is connected to. */
typedef enum _HOST_STD_KIND {
    HostStdTerminal,
    HostStdFile,             /* a regular file or a block device */
    HostStdPipe,             /* a pipe, FIFO or socket */
    HostStdOther,            /* a character device that is no terminal (/dev/null) */
    HostStdClosed
} HOST_STD_KIND;

HOST_STD_KIND HostStdKind(_In_ int Fd);
/* Writes to descriptor 1 or 2 after the C library's stream of it is flushed, so the output
   stays in order with printf. All Length bytes (STATUS_PIPE_BROKEN when the reader left). */
NTSTATUS HostStdWrite(_In_ int Fd, _In_reads_bytes_(Length) const VOID *Buffer, _In_ ULONG Length,
                      _Out_ PULONG Written);
/* Reads from descriptor 0: what the C library's stdin has buffered first, else one read(2)
   (a line on a terminal). *Read 0 at the end of the input. */
NTSTATUS HostStdRead(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length, _Out_ PULONG Read);
/* Flushes the C library's stream of descriptor 1 or 2. */
VOID HostStdFlush(_In_ int Fd);

/* ---- Console input (src/host/linux/console.c) ---------------------------------------------- */

/* conio semantics over standard input. On a terminal each call switches it to raw mode (no
   echo, no line buffering) for its own duration; otherwise stdin is read as it is (a pipe or
   a file). Bytes already buffered in the C library's stdin are consumed first, so conio and
   stdio reads stay in order. */

/* TRUE when a byte can be read from standard input without blocking; FALSE when none is
   waiting or at end of file. */
BOOLEAN HostConsoleInputAvailable(VOID);
/* Reads one byte (0-255), waiting for it; -1 at end of file or on error. */
int HostConsoleReadByte(VOID);
/* ---- Memory manager (src/host/linux/mmhost.c) -------------------------------------------- */

/* Maps Size bytes (page multiple) of zero-filled read/write memory exactly at Address
   (page-aligned) if nothing is mapped anywhere in that range; NULL otherwise (never
   replaces an existing mapping). */
PVOID HostMapMemoryAt(PVOID Address, SIZE_T Size);

/* Maps Size bytes (page multiple) of zero-filled read/write memory wherever the host
   chooses; NULL on failure. */
PVOID HostMapMemory(SIZE_T Size);

/* Unmaps a range mapped by HostMapMemory(At) (page-aligned, page multiple). */
VOID HostUnmapMemory(PVOID Address, SIZE_T Size);

/* TRUE when a read of the byte at Address would not fault (it is mapped and readable).
   Never faults itself; any IRQL, thread-safe. */
BOOLEAN HostIsAddressReadable(const void *Address);

/* Base address of the loaded module (executable, shared library, driver image) holding
   Address; NULL when no module holds it. Cheap (no debug information). */
PVOID HostModuleBase(const void *Address);

/* The address range [*Low, *High) of the loaded module's segments holding Address. FALSE
   when no module holds it. Walks the module list (not for hot paths). */
BOOLEAN HostModuleRange(const void *Address, ULONG_PTR *Low, ULONG_PTR *High);

/* Bytes of physical memory the host has (0 when unknown). */
ULONG64 HostPhysicalMemoryBytes(VOID);

/* TRUE when a C library FILE is line buffered, which glibc makes a stream on a terminal:
   the user CRT flushes such a stream after each printf, as the MS CRT shows console
   output at once. */
BOOLEAN HostStreamIsLineBuffered(PVOID Stream);

/* ---- Driver images (src/host/linux/image.c) --------------------------------------------- */

typedef enum _HOST_IMAGE_STATUS {
    HostImageLoaded,
    HostImageNotFound,          /* no such file */
    HostImageIsDirectory,       /* the path names a directory */
    HostImageAccessDenied,      /* the file cannot be read */
    HostImageNotElf,            /* not an ELF file (Detail "PE" for a Windows PE image) */
    HostImageBadFormat,         /* ELF, but not a shared object for this machine */
    HostImageMissingSymbol,     /* imports a symbol nothing in the process defines (Detail) */
    HostImageMissingLibrary,    /* needs a shared library that cannot be found */
    HostImageFailed,            /* anything else the dynamic loader refuses (Detail) */
} HOST_IMAGE_STATUS;

/* A section of a driver image that kmode pages on its own: pageable code (PAGE, PAGExxxx)
   and INIT, the page-aligned, page-padded output sections kmode's driver link script makes
   of #pragma alloc_text's functions (docs/toolchain.md). */
#define HOST_IMAGE_MAX_SECTIONS 8
typedef struct _HOST_IMAGE_SECTION {
    char Name[16];              /* "PAGE", "INIT" */
    PVOID Start;                /* page-aligned */
    SIZE_T Size;                /* a page multiple */
} HOST_IMAGE_SECTION;

typedef struct _HOST_IMAGE {
    PVOID Handle;               /* the dynamic loader's handle */
    PVOID Base;                 /* lowest address of the image's loaded segments (page) */
    SIZE_T Size;                /* bytes from Base to the end of its highest segment (pages) */
    PVOID CodeStart;            /* its executable segment (pages; NULL: none) */
    SIZE_T CodeSize;
    ULONG SectionCount;
    HOST_IMAGE_SECTION Sections[HOST_IMAGE_MAX_SECTIONS];
} HOST_IMAGE;

/*
 * Loads the ELF shared object at Path (dlopen RTLD_NOW | RTLD_LOCAL: everything it imports
 * is bound now, against the symbols the process exports; its own symbols stay private).
 * On failure *Image is untouched and Detail (DetailSize bytes, may be 0) receives a
 * NUL-terminated explanation: the first missing symbol, "PE" for a Windows image, or the
 * dynamic loader's message. Passive use only (the dynamic loader takes locks).
 */
HOST_IMAGE_STATUS HostLoadImage(_In_z_ const char *Path, _Out_ HOST_IMAGE *Image,
                                _Out_writes_opt_(DetailSize) char *Detail, _In_ SIZE_T DetailSize);

/* The address of the symbol Name that the image itself defines (not one of the libraries it
   depends on), or NULL. */
PVOID HostImageSymbol(_In_ const HOST_IMAGE *Image, _In_z_ const char *Name);

/*
 * Calls Callback(Name, Readable, Context) for every symbol the ELF file at Path imports
 * (undefined, not weak) that neither the process nor the libraries the file needs define,
 * in the file's symbol-table order; Readable is a C++ name demangled, else NULL. Returns
 * how many there were; 0 as well when the file cannot be read. Not thread-safe (the lazy
 * demangler lookup): call it under the loader's lock.
 */
ULONG HostImageMissingSymbols(_In_z_ const char *Path,
                              _In_ VOID (*Callback)(_In_z_ const char *Name,
                                                    _In_opt_z_ const char *Readable,
                                                    _In_opt_ PVOID Context),
                              _In_opt_ PVOID Context);

/* Unloads an image HostLoadImage loaded (dlclose). */
VOID HostUnloadImage(_Inout_ HOST_IMAGE *Image);

/* Paging an image's code out and in (force IRQL checking, src/mm/mmmisc.c): makes
   [Address, Address + Size) of a loaded image inaccessible, or readable and executable
   again (as code is mapped). Page-aligned. Any IRQL, also in the fault handler. */
VOID HostProtectImageCode(_In_ PVOID Address, _In_ SIZE_T Size, _In_ BOOLEAN Accessible);

#endif
