/*
 * PURPOSE: wdm.h part: file objects and kernel-mode file I/O on devices (Zw*File) (src/io).
 */
#ifndef _KMODE_WDM_IO_FILE_H_
#define _KMODE_WDM_IO_FILE_H_

KMODE_EXTERN_C_START

KMODE_EXTERN_C_END

#endif
