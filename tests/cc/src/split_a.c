/* PURPOSE: toolchain test: a source without main, compiled on its own. */
#include <windows.h>
#include "inc\cc_shared.h"

ULONG SplitTwice(ULONG Value);

ULONG SplitTwice(ULONG Value)
{
    return Value * 2;
}
