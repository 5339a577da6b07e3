/*
 * PURPOSE: wdm.h part: IRPs and their stack locations, IoCallDriver, completion and cancellation (src/io).
 */
#ifndef _KMODE_WDM_IO_IRP_H_
#define _KMODE_WDM_IO_IRP_H_

KMODE_EXTERN_C_START

KMODE_EXTERN_C_END

#endif
