/*
 * PURPOSE: Kernel queue objects (src/ke/queue.c): the internal parts (the public DDIs are
 * in include/km/wdm/io_file.h, visible with ntifs.h).
 */
#ifndef _KMODE_INTERNAL_KQUEUE_H_
#define _KMODE_INTERNAL_KQUEUE_H_

#include <wdm.h>

/*
 * The current thread is ending: if it is associated with a queue (it called KeRemoveQueue),
 * it leaves it, so its running slot goes to a waiter. Called by src/ps when a thread ends.
 */
VOID KiRundownThreadQueue(VOID);

#endif
