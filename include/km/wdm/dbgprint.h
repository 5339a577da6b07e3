/* PURPOSE: wdm.h part: dbgprint. */
#ifndef _KMODE_WDM_DBGPRINT_H_
#define _KMODE_WDM_DBGPRINT_H_
#endif
