/*
 * PURPOSE: GUID type and DEFINE_GUID. (Completed by the headers work: initguid semantics.)
 */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    unsigned int Data1;
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
} GUID;
#endif
