/*
 * PURPOSE: KMODE_HIDDEN marks runtime variables that only the runtime itself (and the tests,
 * which link its objects) touches. The shared library then reads them PC-relative, not
 * through the GOT: one load less each time, on paths such as every I/O request. Public
 * DDI data (IoFileObjectType & co) stays exported.
 */
#ifndef _KMODE_INTERNAL_HIDDEN_H_
#define _KMODE_INTERNAL_HIDDEN_H_

#define KMODE_HIDDEN __attribute__((__visibility__("hidden")))

#endif
