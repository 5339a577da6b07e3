/*
 * PURPOSE: winioctl.h: what an app needs to build and decode the I/O control codes it
 * sends with DeviceIoControl: CTL_CODE, the transfer methods, the access bits and the
 * device types (the same facts the driver sees, from the shared <devioctl.h>).
 */
#ifndef _WINIOCTL_
#define _WINIOCTL_

#include <win/base.h>
#include <devioctl.h>

#endif /* _WINIOCTL_ */
