/*
 * PURPOSE: What test-loader's drivers (tests/loader/drivers) and test-loader share: the
 * recording hook the drivers import from test-loader (exported with -rdynamic).
 */
#ifndef LDR_TEST_H
#define LDR_TEST_H

#ifdef __cplusplus
extern "C" {
#endif

/* Called by the drivers; test-loader keeps the events in order. */
void LdrTestRecord(const char *Event, void *A, void *B, long Status);

/* Defined by test-loader and by ldr_basic.sys: the driver must call its own (-Bsymbolic). */
int LdrTestShadowed(void);

#ifdef __cplusplus
}
#endif

#endif
