/* PURPOSE: a header the toolchain tests include as Windows sources do: "Inc\CC_Shared.h". */
#ifndef CC_SHARED_H
#define CC_SHARED_H
#define CC_GREETING "kmode-cc"
#endif
