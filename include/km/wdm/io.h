/*
 * PURPOSE: wdm.h part: driver objects, device objects, symbolic links, device stacks, I/O work items and timers (src/io).
 */
#ifndef _KMODE_WDM_IO_H_
#define _KMODE_WDM_IO_H_

KMODE_EXTERN_C_START

KMODE_EXTERN_C_END

#endif
