/*
 * PURPOSE: A scripted stand-in for the driver loader behind the SCM (tests/win32), so tests
 * can produce every outcome of ZwLoadDriver / ZwUnloadDriver. Plain C types only: app-mode
 * tests include it too.
 */
#ifndef WIN32_SCM_FAKE_H
#define WIN32_SCM_FAKE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Installs the fake for the SCM, with nothing loaded, loads succeeding, drivers stoppable. */
void win32_scm_fake_reset(void);
/* Gives the SCM back the kernel's ZwLoadDriver / ZwUnloadDriver. */
void win32_scm_fake_use_kernel(void);
/* The NTSTATUS the next loads return (STATUS_SUCCESS: the driver object appears). */
void win32_scm_fake_set_load_status(int status);
/* Whether drivers loaded next have a DriverUnload routine. */
void win32_scm_fake_set_stoppable(int stoppable);
/* Makes a driver object (L"\\Driver\\Name") exist, as if loaded by other means. */
void win32_scm_fake_preload(const unsigned short *object);
unsigned win32_scm_fake_loads(void);
unsigned win32_scm_fake_unloads(void);
/* The service name of the i-th load since the reset (first 8). */
const unsigned short *win32_scm_fake_load_order(unsigned i);

#ifdef __cplusplus
}
#endif

#endif
