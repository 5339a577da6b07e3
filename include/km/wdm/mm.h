/*
 * PURPOSE: wdm.h part: memory descriptor lists (MDLs) and the Mm routines that lock and map them (src/mm).
 */
#ifndef _KMODE_WDM_MM_H_
#define _KMODE_WDM_MM_H_

KMODE_EXTERN_C_START

KMODE_EXTERN_C_END

#endif
