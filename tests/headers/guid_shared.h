/*
 * PURPOSE: The GUID the guiddef/initguid tests share, written once. Included after
 * <guiddef.h> it declares HDRTEST_GUID; after <initguid.h> it defines it (weakly), so the
 * translation units that define it link together and the others reference that object.
 */
/* {6B1C9A2E-3D4F-4A5B-8C7D-9E0F1A2B3C4D} */
DEFINE_GUID(HDRTEST_GUID, 0x6b1c9a2e, 0x3d4f, 0x4a5b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d);

#ifdef __cplusplus
extern "C" {
#endif
/* Address of HDRTEST_GUID as each defining translation unit sees it. */
const GUID *hdrtest_guid_address_initguid_c(void);
const GUID *hdrtest_guid_address_initguid_second_c(void);
const GUID *hdrtest_guid_address_initguid_cpp(void);
#ifdef __cplusplus
}
#endif
