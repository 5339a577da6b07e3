/* PURPOSE: wdm.h part: excpt. */
#ifndef _KMODE_WDM_EXCPT_H_
#define _KMODE_WDM_EXCPT_H_
#endif
