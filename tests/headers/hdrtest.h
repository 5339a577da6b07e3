/*
 * PURPOSE: Helpers shared by the header tests. Each *_drv.c / *_drv.cpp file includes the
 * header under test FIRST (proving it compiles standalone, as a driver would include it),
 * then this file, then the cases (*.inc) common to its C and C++ variant.
 */
#ifndef HDRTEST_H
#define HDRTEST_H

#include "ktest.h"

/* Stringizes the full expansion of its arguments: "" when every annotation vanished. */
#define HDR_STR_(...) #__VA_ARGS__
#define HDR_STR(...) HDR_STR_(__VA_ARGS__)

/* One suite per language variant: headers_x_c and headers_x_cpp. */
#ifdef __cplusplus
#define HDR_SUITE(name, table) KTEST_SUITE(name##_cpp, table)
#define HDR_LANG "C++"
#else
#define HDR_SUITE(name, table) KTEST_SUITE(name##_c, table)
#define HDR_LANG "C"
#endif

#define HDR_ZERO(x) __builtin_memset(&(x), 0, sizeof(x))

#endif /* HDRTEST_H */
