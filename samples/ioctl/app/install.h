/*
 * PURPOSE: KmIoctl test app: installing and removing the driver through the service control
 *          manager (install.c).
 */
#ifndef KMIOCTL_INSTALL_H
#define KMIOCTL_INSTALL_H

/* Registers SysFileName (in the current directory) as a demand-start kernel driver service
   named ServiceName and starts it. On success *Service is the open service handle. */
BOOL InstallAndStartDriver(LPCSTR ServiceName, LPCSTR SysFileName, SC_HANDLE *Service);

/* Stops the service (the driver unloads), marks it for deletion and closes the handle. */
BOOL StopAndRemoveDriver(SC_HANDLE Service);

#endif
