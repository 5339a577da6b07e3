/* PURPOSE: wdm.h part: types. */
#ifndef _KMODE_WDM_TYPES_H_
#define _KMODE_WDM_TYPES_H_
#endif
