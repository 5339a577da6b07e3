/*
 * PURPOSE: initguid.h: makes every DEFINE_GUID that follows define its GUID object instead
 * of only declaring it (see guiddef.h for the one-definition rule kmode applies).
 */
#ifndef INITGUID
#define INITGUID
#endif
#include <guiddef.h>
