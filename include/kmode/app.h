/*
 * PURPOSE: How a console app built by kmode-cc starts (implemented in src/win32/appstart.c).
 *
 * Windows sources declare their entry as `int main(int, char **)`, `VOID main(ULONG, PCHAR[])`,
 * `int wmain(int, wchar_t **)` or `_tmain`. kmode-cc compiles the function under the name
 * KmodeAppMain (KmodeAppWMain) and generates the program's real `int main`, which calls
 * KmodeAppStart with a thunk that calls the app's function with the arguments it declares
 * (a void one returns 0, as with MSVC's C runtime). Apps never call this themselves; it is
 * public because the generated main in every app links against it.
 *
 * KmodeAppStart prepares the Win32 side of the process, loads the drivers `kmode run` asks
 * for (KMODE_RUN_DRIVERS_VARIABLE), runs Main (ANSI arguments as given) or WMain (arguments
 * and environment converted from UTF-8 to UTF-16), then unloads those drivers and returns
 * the app's exit code. When a driver cannot be loaded it prints why and returns
 * KMODE_RUN_LOAD_FAILED without running the app.
 */
#ifndef _KMODE_APP_API_H_
#define _KMODE_APP_API_H_

#include <kmode/msvc.h>

KMODE_EXTERN_C_START

#ifdef __cplusplus
typedef wchar_t KMODE_APP_WCHAR;
#else
typedef __WCHAR_TYPE__ KMODE_APP_WCHAR;
#endif

typedef int (*KMODE_APP_MAIN)(int Argc, char **Argv, char **Envp);
typedef int (*KMODE_APP_WMAIN)(int Argc, KMODE_APP_WCHAR **Argv, KMODE_APP_WCHAR **Envp);

/* Exactly one of Main and WMain is non-NULL. Returns the process exit code. */
int KmodeAppStart(int Argc, char **Argv, char **Envp, KMODE_APP_MAIN Main, KMODE_APP_WMAIN WMain);

/*
 * `kmode run DRIVER.sys... -- APP` runs APP with this environment variable holding the
 * drivers' absolute Linux paths, one per line. KmodeAppStart registers each as a
 * demand-start kernel-driver service named after the file (foo.sys: service "foo"), loads
 * them in order with ZwLoadDriver, removes the variable (child processes do not load them
 * again) and after the app's main returns unloads them in reverse order.
 */
#define KMODE_RUN_DRIVERS_VARIABLE "KMODE_RUN_DRIVERS"

/* KmodeAppStart's result when a driver named by `kmode run` fails to load. */
#define KMODE_RUN_LOAD_FAILED 1

KMODE_EXTERN_C_END

#endif /* _KMODE_APP_API_H_ */
