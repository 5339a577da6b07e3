/* PURPOSE: wdm.h part: ke_irql. */
#ifndef _KMODE_WDM_KE_IRQL_H_
#define _KMODE_WDM_KE_IRQL_H_
#endif
