/*
 * PURPOSE: The GUID type, its aliases (IID, CLSID, FMTID, REFGUID, ...), comparisons, and
 * DEFINE_GUID with the SDK's one-definition semantics.
 *
 * DEFINE_GUID(name, l, w1, w2, b1..b8):
 *   - without INITGUID it declares `extern const GUID name;`
 *   - with INITGUID (include <initguid.h>) it defines the object. The definition is weak,
 *     kmode's spelling of MSVC's __declspec(selectany): every translation unit that
 *     includes <initguid.h> before the same DEFINE_GUID defines it, and the linker keeps one.
 * Like the SDK, the DEFINE_GUID part below sits outside the include guard, so including
 * <initguid.h> after <guiddef.h> re-arms DEFINE_GUID for the headers that follow.
 *
 * Comparisons are header inline code (no library function): in C, IsEqualGUID takes
 * pointers (REFGUID is const GUID *); in C++ it takes references and operator== exists.
 */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    unsigned int Data1;          /* ULONG on Windows: 32-bit */
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
} GUID;
#endif /* GUID_DEFINED */

#ifndef _KMODE_GUIDDEF_TYPES_
#define _KMODE_GUIDDEF_TYPES_

#ifndef FAR
#define FAR
#endif

/* Declaration linkage, and the linkage a definition is written with (in C a file-scope
   const object is already external; writing `extern` with an initializer warns). */
#ifdef __cplusplus
#define KMODE_GUID_EXTERN_C extern "C"
#define KMODE_GUID_DEFINE_C extern "C"
#else
#define KMODE_GUID_EXTERN_C extern
#define KMODE_GUID_DEFINE_C
#endif

#ifndef __LPGUID_DEFINED__
#define __LPGUID_DEFINED__
typedef GUID *LPGUID;
#endif
#ifndef __LPCGUID_DEFINED__
#define __LPCGUID_DEFINED__
typedef const GUID *LPCGUID;
#endif

#ifndef __IID_DEFINED__
#define __IID_DEFINED__
typedef GUID IID;
typedef IID *LPIID;
#define IID_NULL GUID_NULL
#define IsEqualIID(riid1, riid2) IsEqualGUID(riid1, riid2)
typedef GUID CLSID;
typedef CLSID *LPCLSID;
#define CLSID_NULL GUID_NULL
#define IsEqualCLSID(rclsid1, rclsid2) IsEqualGUID(rclsid1, rclsid2)
typedef GUID FMTID;
typedef FMTID *LPFMTID;
#define FMTID_NULL GUID_NULL
#define IsEqualFMTID(rfmtid1, rfmtid2) IsEqualGUID(rfmtid1, rfmtid2)
#endif

#ifndef _REFGUID_DEFINED
#define _REFGUID_DEFINED
#ifdef __cplusplus
#define REFGUID const GUID &
#else
#define REFGUID const GUID *
#endif
#endif
#ifndef _REFIID_DEFINED
#define _REFIID_DEFINED
#ifdef __cplusplus
#define REFIID const IID &
#else
#define REFIID const IID *
#endif
#endif
#ifndef _REFCLSID_DEFINED
#define _REFCLSID_DEFINED
#ifdef __cplusplus
#define REFCLSID const IID &
#else
#define REFCLSID const IID *
#endif
#endif
#ifndef _REFFMTID_DEFINED
#define _REFFMTID_DEFINED
#ifdef __cplusplus
#define REFFMTID const IID &
#else
#define REFFMTID const IID *
#endif
#endif

/* Field-by-field comparison: no memcmp, so no C library is needed. */
static __inline__ __attribute__((__unused__)) int
KmodepGuidEqual(const GUID *a, const GUID *b)
{
    return a->Data1 == b->Data1 && a->Data2 == b->Data2 && a->Data3 == b->Data3 &&
           a->Data4[0] == b->Data4[0] && a->Data4[1] == b->Data4[1] &&
           a->Data4[2] == b->Data4[2] && a->Data4[3] == b->Data4[3] &&
           a->Data4[4] == b->Data4[4] && a->Data4[5] == b->Data4[5] &&
           a->Data4[6] == b->Data4[6] && a->Data4[7] == b->Data4[7];
}

#ifdef __cplusplus
extern "C++" {
__inline int InlineIsEqualGUID(REFGUID rguid1, REFGUID rguid2)
{
    return KmodepGuidEqual(&rguid1, &rguid2);
}
__inline int IsEqualGUID(REFGUID rguid1, REFGUID rguid2)
{
    return KmodepGuidEqual(&rguid1, &rguid2);
}
__inline bool operator==(REFGUID guidOne, REFGUID guidOther)
{
    return KmodepGuidEqual(&guidOne, &guidOther) != 0;
}
__inline bool operator!=(REFGUID guidOne, REFGUID guidOther)
{
    return !(guidOne == guidOther);
}
}
#else
#define InlineIsEqualGUID(rguid1, rguid2) KmodepGuidEqual((rguid1), (rguid2))
#define IsEqualGUID(rguid1, rguid2) KmodepGuidEqual((rguid1), (rguid2))
#endif

/*
 * GUID_NULL (cguid.h in the SDK, defined in uuid.lib). Here: a weak all-zero object in
 * every translation unit. In C it is a tentative definition, so a later
 * DEFINE_GUID(GUID_NULL, 0, ...) under INITGUID in the same file is still valid; C++ has
 * no tentative definitions, so there such a DEFINE_GUID is a redefinition.
 */
#ifdef __cplusplus
extern "C" const GUID GUID_NULL __attribute__((__weak__)) = { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 0 } };
#else
const GUID GUID_NULL __attribute__((__weak__));
#endif

/* ks.h-style named GUID structures; without __uuidof they become plain GUID objects. */
#define DEFINE_GUIDEX(name) KMODE_GUID_EXTERN_C const GUID name
#define DEFINE_GUIDSTRUCT(guid, name) DEFINE_GUIDEX(name)
#define DEFINE_GUIDNAMED(name) name
#define STATICGUIDOF(guid) STATIC_##guid

#endif /* _KMODE_GUIDDEF_TYPES_ */

/* Re-evaluated on every inclusion: <initguid.h> defines INITGUID and includes us again. */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    KMODE_GUID_DEFINE_C const GUID name __attribute__((__weak__)) \
        = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    KMODE_GUID_EXTERN_C const GUID FAR name
#endif

#ifdef DEFINE_OLEGUID
#undef DEFINE_OLEGUID
#endif
#define DEFINE_OLEGUID(name, l, w1, w2) \
    DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
