/*
 * PURPOSE: The WDM kernel interface, as kmode provides it.
 *
 * This umbrella only orders the parts; each part under wdm/ holds one family of
 * declarations. Every function declared here is implemented by the kmode runtime and
 * tested; something kmode does not provide yet is simply absent (the driver fails to link,
 * naming it).
 */
#ifndef _WDMDDK_
#define _WDMDDK_

#include <sdkddkver.h>
#include <ntdef.h>
#include <ntstatus.h>
#include <driverspecs.h>
#include <devioctl.h>
#include <string.h>

#include <wdm/types.h>       /* constants, enums, structures with Windows x64 layout, role typedefs */
#include <wdm/excpt.h>       /* structured exception handling: __try/__except/__finally */
#include <wdm/bugcheck.h>    /* KeBugCheck(Ex), bugcheck codes, breakpoints and assertions */
#include <wdm/dbgprint.h>    /* DbgPrint family and component filtering */
#include <wdm/rtl_list.h>    /* LIST_ENTRY / SINGLE_LIST_ENTRY helpers with corruption checks */
#include <wdm/rtl_string.h>  /* counted strings, conversions, GUID and integer strings */
#include <wdm/rtl_misc.h>    /* memory, bitmaps, generic tables, versions */
#include <wdm/rtl_status.h>  /* RtlNtStatusToDosError */
#include <wdm/interlocked.h> /* Interlocked intrinsics, memory barriers */
#include <wdm/ke_irql.h>     /* processors, IRQL, spin locks */
#include <wdm/ke_dpc.h>      /* deferred procedure calls */
#include <wdm/ke_time.h>     /* system time, interrupt time, counters, time fields */
#include <wdm/ke_dispatcher.h> /* events, semaphores, mutexes, waits */
#include <wdm/ke_timer.h>    /* kernel timers */
#include <wdm/ex_pool.h>     /* pool allocation */
#include <wdm/ex_sync.h>     /* fast/guarded mutexes, ERESOURCE, rundown, SLISTs, lookaside */
#include <wdm/ex_pushlock.h> /* push locks */
#include <wdm/ex_misc.h>     /* ExUuidCreate, ExGetPreviousMode */
#include <wdm/ob.h>          /* object manager: references, handles, namespace */
#include <wdm/cm.h>          /* registry */
#include <wdm/ex_event.h>    /* named events, event handles */
#include <wdm/ps.h>          /* threads, processes, work items */
#include <wdm/mm.h>          /* MDLs, locking and mapping pages */
#include <wdm/io.h>          /* driver and device objects, symbolic links, device stacks */
#include <wdm/io_irp.h>      /* IRPs, stack locations, completion, cancellation */
#include <wdm/io_queue.h>    /* cancel-safe queues, StartIo, device queues, remove locks */
#include <wdm/io_file.h>     /* file objects, Zw*File on devices */
#include <wdm/io_share.h>    /* share access of file objects (file systems) */
#include <wdm/loader.h>      /* ZwLoadDriver, ZwUnloadDriver, MmGetSystemRoutineAddress */
#include <wdm/verifier.h>    /* MmIsVerifierEnabled, MmIsDriverVerifying */

#endif /* _WDMDDK_ */
