/*
 * PURPOSE: wdm.h part: cancel-safe queues, StartIo and device queues, remove locks (src/io, src/ke).
 */
#ifndef _KMODE_WDM_IO_QUEUE_H_
#define _KMODE_WDM_IO_QUEUE_H_

KMODE_EXTERN_C_START

KMODE_EXTERN_C_END

#endif
