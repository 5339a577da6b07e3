/* PURPOSE: driver-specific SAL annotations (_IRQL_*, __drv_*): all expand to nothing. */
#ifndef _KMODE_DRIVERSPECS_H_
#define _KMODE_DRIVERSPECS_H_
#include <sal.h>
#endif
