/* PURPOSE: wdm.h part: ob. */
#ifndef _KMODE_WDM_OB_H_
#define _KMODE_WDM_OB_H_
#endif
