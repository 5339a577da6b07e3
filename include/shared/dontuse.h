/*
 * PURPOSE: dontuse.h: the WDK header that marks "banned" C runtime routines (strcpy,
 * sprintf, ... in favour of ntstrsafe.h) deprecated with #pragma deprecated, so that a use
 * becomes warning C4995 under MSVC.
 *
 * It lives in include/shared: user-mode test apps include it too (through a header they
 * share with their driver, as the WDK event sample's public.h does).
 *
 * kmode accepts the include and declares nothing: gcc and clang have no equivalent of the
 * MSVC pragma that would not also reject the header declarations of those routines, and
 * the check is advisory (code that compiles cleanly with the WDK never triggers it).
 */
#ifndef _DONTUSE_H_
#define _DONTUSE_H_

#include <kmode/msvc.h>

#endif /* _DONTUSE_H_ */
