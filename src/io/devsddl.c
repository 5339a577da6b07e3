/*
 * PURPOSE: Device security from SDDL (IoCreateDeviceSecure): parsing and validating the
 * device-object subset of SDDL, and the access check of a user-mode open against it.
 *
 * The subset (WDK "SDDL for Device Objects"): "D:P" followed by zero or more
 * "(A;;Access;;;SID)" entries. Access is "0x" and hex digits, or two-letter codes
 * GA GR GW GX (generic) and RC SD WD WO (READ_CONTROL, DELETE, WRITE_DAC, WRITE_OWNER).
 * SID is SY LS NS BA BU BG AU AN IU NU WD RC UD, or a full "S-1-..." form. Anything else
 * is STATUS_INVALID_PARAMETER. Letters are accepted in either case.
 */

/* ==== INCLUDES ======================================================================== */

#include <internal/io.h>
#include <internal/ob.h>

/* ==== GLOBALS ========================================================================= */

#define IOP_TAG_SECURITY 'DSoI'

typedef struct _IOP_SDDL_CODE {
    char Code[3];
    ULONG Value;
} IOP_SDDL_CODE;

static const IOP_SDDL_CODE IopSddlRights[] = {
    { "GA", GENERIC_ALL }, { "GR", GENERIC_READ }, { "GW", GENERIC_WRITE },
    { "GX", GENERIC_EXECUTE }, { "RC", READ_CONTROL }, { "SD", DELETE },
    { "WD", WRITE_DAC }, { "WO", WRITE_OWNER },
};

static const IOP_SDDL_CODE IopSddlSids[] = {
    { "SY", IOP_SID_SYSTEM }, { "LS", IOP_SID_LOCAL_SERVICE }, { "NS", IOP_SID_NETWORK_SERVICE },
    { "BA", IOP_SID_ADMINISTRATORS }, { "BU", IOP_SID_USERS }, { "BG", IOP_SID_GUESTS },
    { "AU", IOP_SID_AUTHENTICATED }, { "AN", IOP_SID_ANONYMOUS }, { "IU", IOP_SID_INTERACTIVE },
    { "NU", IOP_SID_NETWORK }, { "WD", IOP_SID_WORLD }, { "RC", IOP_SID_RESTRICTED },
    { "UD", IOP_SID_USER_MODE_DRIVERS },
};

/* Well-known SIDs in S-1-... form: authority, sub-authorities. */
typedef struct _IOP_SID_FORM {
    ULONG64 Authority;
    ULONG Count;
    ULONG Sub[6];
    ULONG Value;
} IOP_SID_FORM;

static const IOP_SID_FORM IopSidForms[] = {
    { 5, 1, { 18 }, IOP_SID_SYSTEM },
    { 5, 1, { 19 }, IOP_SID_LOCAL_SERVICE },
    { 5, 1, { 20 }, IOP_SID_NETWORK_SERVICE },
    { 5, 2, { 32, 544 }, IOP_SID_ADMINISTRATORS },
    { 5, 2, { 32, 545 }, IOP_SID_USERS },
    { 5, 2, { 32, 546 }, IOP_SID_GUESTS },
    { 5, 1, { 11 }, IOP_SID_AUTHENTICATED },
    { 5, 1, { 7 }, IOP_SID_ANONYMOUS },
    { 5, 1, { 4 }, IOP_SID_INTERACTIVE },
    { 5, 1, { 2 }, IOP_SID_NETWORK },
    { 1, 1, { 0 }, IOP_SID_WORLD },
    { 5, 1, { 12 }, IOP_SID_RESTRICTED },
    { 5, 6, { 84, 0, 0, 0, 0, 0 }, IOP_SID_USER_MODE_DRIVERS },
};

/* The SIDs of kmode's user-mode caller: an elevated administrator's token. */
static BOOLEAN IopSidInCallerToken(ULONG Sid)
{
    switch (Sid) {
    case IOP_SID_ADMINISTRATORS:
    case IOP_SID_USERS:
    case IOP_SID_WORLD:
    case IOP_SID_AUTHENTICATED:
    case IOP_SID_INTERACTIVE:
        return TRUE;
    default:
        return FALSE;
    }
}

/* ==== PRIVATE FUNCTIONS =============================================================== */

typedef struct _IOP_SDDL_CURSOR {
    const WCHAR *Text;
    ULONG Length;     /* characters */
    ULONG Pos;
} IOP_SDDL_CURSOR;

static WCHAR IopUpper(WCHAR c)
{
    return (c >= L'a' && c <= L'z') ? (WCHAR)(c - L'a' + L'A') : c;
}

static BOOLEAN IopSddlAccept(IOP_SDDL_CURSOR *c, WCHAR Expected)
{
    if (c->Pos < c->Length && IopUpper(c->Text[c->Pos]) == Expected) {
        c->Pos++;
        return TRUE;
    }
    return FALSE;
}

/* A two-letter code from Table at the cursor. */
static BOOLEAN IopSddlCode(IOP_SDDL_CURSOR *c, const IOP_SDDL_CODE *Table, ULONG Count,
                           ULONG *Value)
{
    if (c->Pos + 2 > c->Length)
        return FALSE;
    for (ULONG i = 0; i < Count; i++) {
        if (IopUpper(c->Text[c->Pos]) == (WCHAR)Table[i].Code[0] &&
            IopUpper(c->Text[c->Pos + 1]) == (WCHAR)Table[i].Code[1]) {
            *Value = Table[i].Value;
            c->Pos += 2;
            return TRUE;
        }
    }
    return FALSE;
}

static int IopHexDigit(WCHAR ch)
{
    if (ch >= L'0' && ch <= L'9')
        return ch - L'0';
    ch = IopUpper(ch);
    if (ch >= L'A' && ch <= L'F')
        return ch - L'A' + 10;
    return -1;
}

/* Decimal (or 0x hex) number up to Max. */
static BOOLEAN IopSddlNumber(IOP_SDDL_CURSOR *c, ULONG64 Max, ULONG64 *Value)
{
    ULONG64 v = 0;
    ULONG Digits = 0;
    BOOLEAN Hex = FALSE;

    if (c->Pos + 1 < c->Length && c->Text[c->Pos] == L'0' && IopUpper(c->Text[c->Pos + 1]) == L'X') {
        Hex = TRUE;
        c->Pos += 2;
    }
    while (c->Pos < c->Length) {
        int d = Hex ? IopHexDigit(c->Text[c->Pos])
                    : (c->Text[c->Pos] >= L'0' && c->Text[c->Pos] <= L'9' ? c->Text[c->Pos] - L'0' : -1);
        if (d < 0)
            break;
        v = v * (Hex ? 16 : 10) + (ULONG64)d;
        if (v > Max)
            return FALSE;
        c->Pos++;
        Digits++;
    }
    *Value = v;
    return Digits != 0;
}

/* The Access field, up to the next ';'. Generic bits are mapped to device rights. */
static BOOLEAN IopSddlAccess(IOP_SDDL_CURSOR *c, ACCESS_MASK *Access)
{
    const GENERIC_MAPPING *Map = &(*IoDeviceObjectType)->TypeInfo.GenericMapping;
    ACCESS_MASK Mask = 0;
    ULONG Value;

    if (c->Pos + 1 < c->Length && c->Text[c->Pos] == L'0' && IopUpper(c->Text[c->Pos + 1]) == L'X') {
        ULONG64 v;
        if (!IopSddlNumber(c, MAXULONG, &v))
            return FALSE;
        Mask = (ACCESS_MASK)v;
    } else {
        ULONG Codes = 0;
        while (IopSddlCode(c, IopSddlRights, RTL_NUMBER_OF(IopSddlRights), &Value)) {
            Mask |= Value;
            Codes++;
        }
        if (Codes == 0)
            return FALSE;
    }
    if (Mask & GENERIC_READ)
        Mask |= Map->GenericRead;
    if (Mask & GENERIC_WRITE)
        Mask |= Map->GenericWrite;
    if (Mask & GENERIC_EXECUTE)
        Mask |= Map->GenericExecute;
    if (Mask & GENERIC_ALL)
        Mask |= Map->GenericAll;
    *Access = Mask & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
    return TRUE;
}

/* The SID field, up to the closing ')'. */
static BOOLEAN IopSddlSid(IOP_SDDL_CURSOR *c, ULONG *Sid)
{
    ULONG64 Revision, Authority, Sub[15];
    ULONG Count = 0;

    if (c->Pos + 1 < c->Length && IopUpper(c->Text[c->Pos]) == L'S' && c->Text[c->Pos + 1] == L'-') {
        c->Pos += 2;
        if (!IopSddlNumber(c, 0xFF, &Revision) || Revision != 1 || !IopSddlAccept(c, L'-') ||
            !IopSddlNumber(c, 0xFFFFFFFFFFFFULL, &Authority))
            return FALSE;
        while (IopSddlAccept(c, L'-')) {
            if (Count == RTL_NUMBER_OF(Sub) || !IopSddlNumber(c, MAXULONG, &Sub[Count]))
                return FALSE;
            Count++;
        }
        *Sid = IOP_SID_OTHER;
        for (ULONG i = 0; i < RTL_NUMBER_OF(IopSidForms); i++) {
            const IOP_SID_FORM *f = &IopSidForms[i];
            BOOLEAN Same = f->Authority == Authority && f->Count == Count;
            for (ULONG j = 0; Same && j < Count; j++)
                Same = f->Sub[j] == Sub[j];
            if (Same) {
                *Sid = f->Value;
                break;
            }
        }
        return TRUE;
    }
    return IopSddlCode(c, IopSddlSids, RTL_NUMBER_OF(IopSddlSids), Sid);
}

/* One "(A;;Access;;;SID)" entry (the '(' already taken). */
static BOOLEAN IopSddlAce(IOP_SDDL_CURSOR *c, IOP_DEVICE_ACE *Ace)
{
    /* Type "A" (allow), empty flags, access, empty object and inherited-object GUIDs. */
    return IopSddlAccept(c, L'A') && IopSddlAccept(c, L';') && IopSddlAccept(c, L';') &&
           IopSddlAccess(c, &Ace->Access) && IopSddlAccept(c, L';') && IopSddlAccept(c, L';') &&
           IopSddlAccept(c, L';') && IopSddlSid(c, &Ace->Sid) && IopSddlAccept(c, L')');
}

/* ==== PUBLIC FUNCTIONS (internal) ===================================================== */

NTSTATUS IopParseDeviceSddl(PCUNICODE_STRING Sddl, PIOP_DEVICE_SECURITY *Security)
{
    IOP_SDDL_CURSOR c;
    IOP_DEVICE_ACE Ace;
    PIOP_DEVICE_SECURITY Result = NULL;
    ULONG Count = 0;

    *Security = NULL;
    IopInitializeObjectTypes();
    if (Sddl == NULL || (Sddl->Length & 1) || (Sddl->Length != 0 && Sddl->Buffer == NULL))
        return STATUS_INVALID_PARAMETER;
    c.Text = Sddl->Buffer;
    c.Length = Sddl->Length / sizeof(WCHAR);

    /* First pass validates and counts; the second fills the block. */
    for (int Pass = 0; Pass < 2; Pass++) {
        c.Pos = 0;
        if (!IopSddlAccept(&c, L'D') || !IopSddlAccept(&c, L':') || !IopSddlAccept(&c, L'P'))
            return STATUS_INVALID_PARAMETER;
        for (ULONG i = 0; c.Pos < c.Length; i++) {
            if (!IopSddlAccept(&c, L'(') || !IopSddlAce(&c, &Ace))
                return STATUS_INVALID_PARAMETER;
            if (Pass == 0)
                Count++;
            else
                Result->Aces[i] = Ace;
        }
        if (Pass == 0) {
            Result = ExAllocatePoolZero(NonPagedPoolNx,
                                        sizeof(IOP_DEVICE_SECURITY) + Count * sizeof(IOP_DEVICE_ACE),
                                        IOP_TAG_SECURITY);
            if (Result == NULL)
                return STATUS_INSUFFICIENT_RESOURCES;
            Result->AceCount = Count;
        }
    }
    *Security = Result;
    return STATUS_SUCCESS;
}

NTSTATUS IopCheckDeviceAccess(PDEVICE_OBJECT DeviceObject, ACCESS_MASK DesiredAccess,
                              KPROCESSOR_MODE AccessMode, PACCESS_MASK GrantedAccess)
{
    PIOP_DEVICE_SECURITY Security = IopGetDevObjExtension(DeviceObject)->Security;
    const GENERIC_MAPPING *Map = &(*IoDeviceObjectType)->TypeInfo.GenericMapping;
    ACCESS_MASK Wanted = DesiredAccess & ~MAXIMUM_ALLOWED, Allowed = 0;

    if (Wanted & GENERIC_READ)
        Wanted |= Map->GenericRead;
    if (Wanted & GENERIC_WRITE)
        Wanted |= Map->GenericWrite;
    if (Wanted & GENERIC_EXECUTE)
        Wanted |= Map->GenericExecute;
    if (Wanted & GENERIC_ALL)
        Wanted |= Map->GenericAll;
    Wanted &= ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);

    if (AccessMode == KernelMode || Security == NULL) {
        *GrantedAccess = (DesiredAccess & MAXIMUM_ALLOWED) ? Map->GenericAll | Wanted : Wanted;
        return STATUS_SUCCESS;
    }
    for (ULONG i = 0; i < Security->AceCount; i++)
        if (IopSidInCallerToken(Security->Aces[i].Sid))
            Allowed |= Security->Aces[i].Access;
    *GrantedAccess = 0;
    if ((Wanted & ~Allowed) != 0)
        return STATUS_ACCESS_DENIED;
    if (DesiredAccess & MAXIMUM_ALLOWED) {
        if (Allowed == 0)
            return STATUS_ACCESS_DENIED;
        Wanted |= Allowed;
    }
    *GrantedAccess = Wanted;
    return STATUS_SUCCESS;
}
