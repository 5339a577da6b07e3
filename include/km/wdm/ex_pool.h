/* PURPOSE: wdm.h part: ex_pool. */
#ifndef _KMODE_WDM_EX_POOL_H_
#define _KMODE_WDM_EX_POOL_H_
#endif
