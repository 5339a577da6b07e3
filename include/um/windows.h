/*
 * PURPOSE: windows.h: kmode's Win32 subset for user-mode console apps (the test apps that
 * drive a driver). Compiles as C and C++. Implemented in src/win32.
 */
#ifndef _WINDOWS_
#define _WINDOWS_

#include <win/base.h>     /* types, constants, handles, last-error */
#include <win/sync.h>     /* events, semaphores, mutexes, waits, critical sections */
#include <win/process.h>  /* threads, the process, time, heap, system information */
#include <win/file.h>     /* paths and files on the Linux file system */
#include <win/io.h>       /* DeviceIoControl, overlapped I/O, completion ports, APCs */
#include <winsvc.h>       /* the service control manager */

#endif /* _WINDOWS_ */
