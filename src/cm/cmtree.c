/*
 * PURPOSE: The registry tree: key nodes and values, the "Key" object type and its parse
 * procedure (how "\Registry\Machine\..." names reach a key), link keys, the initial tree.
 *
 * Initial tree (names as Windows shows them in KeyNameInformation):
 *   \REGISTRY
 *     MACHINE
 *       SYSTEM
 *         ControlSet001\Control\Session Manager
 *         ControlSet001\Services
 *         CurrentControlSet  -> \Registry\Machine\System\ControlSet001  (volatile link key)
 *       SOFTWARE\Microsoft\Windows NT\CurrentVersion
 *       HARDWARE\DEVICEMAP
 *     USER
 *       .DEFAULT
 */

/* ==== INCLUDES ======================================================================== */

#include "cmp.h"
#include <bugcodes.h>
#include <stdlib.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

HOST_RWLOCK CmpLock = HOST_RWLOCK_INIT;
POBJECT_TYPE CmpKeyObjectType;
PCM_KEY_NODE CmpRootNode;

/* As in the WDK: a pointer to the type pointer (drivers write *CmKeyObjectType). */
POBJECT_TYPE *CmKeyObjectType = &CmpKeyObjectType;

static HOST_ONCE CmpInitOnce = HOST_ONCE_INIT;

/* Link keys one lookup may follow before giving up. */
#define CMP_MAX_LINK_HOPS 16

/* ==== PRIVATE FUNCTIONS =============================================================== */

static BOOLEAN CmppCopyString(PUNICODE_STRING Out, PCUNICODE_STRING In)
{
    RtlZeroMemory(Out, sizeof(*Out));
    if (In == NULL || In->Length == 0)
        return TRUE;
    Out->Buffer = malloc((SIZE_T)In->Length + sizeof(WCHAR));
    if (Out->Buffer == NULL)
        return FALSE;
    memcpy(Out->Buffer, In->Buffer, In->Length);
    Out->Buffer[In->Length / sizeof(WCHAR)] = 0;
    Out->Length = In->Length;
    Out->MaximumLength = (USHORT)(In->Length + sizeof(WCHAR));
    return TRUE;
}

static VOID CmppFreeNode(PCM_KEY_NODE Node)
{
    for (ULONG i = 0; i < Node->ValueCount; i++) {
        free(Node->Values[i].Name.Buffer);
        free(Node->Values[i].Data);
    }
    free(Node->Values);
    free(Node->SubKeys);
    free(Node->Name.Buffer);
    free(Node->Class.Buffer);
    free(Node);
}

/* Caller holds CmpLock exclusively. A new subkey of Parent at index At; referenced once for
   the parent's list (the caller gets no extra reference). */
static NTSTATUS CmppCreateChild(PCM_KEY_NODE Parent, ULONG At, PCUNICODE_STRING Name,
                                PCUNICODE_STRING Class, ULONG Flags, PCM_KEY_NODE *Child)
{
    PCM_KEY_NODE n = calloc(1, sizeof(*n));

    *Child = NULL;
    if (n == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (!CmppCopyString(&n->Name, Name) || !CmppCopyString(&n->Class, Class)) {
        CmppFreeNode(n);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Parent->SubKeyCount == Parent->SubKeyCapacity) {
        ULONG cap = Parent->SubKeyCapacity ? Parent->SubKeyCapacity * 2 : 4;
        PCM_KEY_NODE *grown = realloc(Parent->SubKeys, cap * sizeof(*grown));
        if (grown == NULL) {
            CmppFreeNode(n);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        Parent->SubKeys = grown;
        Parent->SubKeyCapacity = cap;
    }
    memmove(&Parent->SubKeys[At + 1], &Parent->SubKeys[At],
            (Parent->SubKeyCount - At) * sizeof(PCM_KEY_NODE));
    Parent->SubKeys[At] = n;
    Parent->SubKeyCount++;
    n->RefCount = 1;
    n->Flags = Flags;
    n->Parent = Parent;
    KeQuerySystemTime(&n->LastWriteTime);
    Parent->LastWriteTime = n->LastWriteTime; /* a new subkey is a write to the parent */
    *Child = n;
    return STATUS_SUCCESS;
}

/* "\Registry" (any case) followed by '\' or nothing: the characters after it, else -1. */
static LONG CmppStripRegistryPrefix(PCWCH Path, ULONG Chars)
{
    static const WCHAR prefix[] = L"\\Registry";
    const ULONG n = RTL_NUMBER_OF(prefix) - 1;

    if (Chars < n)
        return -1;
    for (ULONG i = 0; i < n; i++)
        if (RtlUpcaseUnicodeChar(Path[i]) != RtlUpcaseUnicodeChar(prefix[i]))
            return -1;
    if (Chars > n && Path[n] != L'\\')
        return -1;
    return (LONG)n;
}

static VOID CmppDeleteKeyBody(PVOID Object)
{
    PCM_KEY_BODY body = Object;
    if (body->Node != NULL)
        CmpDereferenceNode(body->Node);
}

static NTSTATUS CmppParseKey(PVOID Object, POBJECT_TYPE RequestedType, ACCESS_MASK DesiredAccess,
                             KPROCESSOR_MODE AccessMode, ULONG Attributes,
                             PCUNICODE_STRING RemainingName, PVOID ParseContext, PVOID *Result)
{
    PCM_KEY_BODY body = Object, kb;
    PCM_PARSE_CONTEXT ctx = ParseContext;
    PCM_KEY_NODE node;
    BOOLEAN openLink;
    NTSTATUS st;

    (void)DesiredAccess; /* no security descriptors: every open is granted */
    (void)AccessMode;
    *Result = NULL;
    if (RequestedType != NULL && RequestedType != CmpKeyObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (ctx != NULL && ctx->Signature != CM_PARSE_CONTEXT_SIGNATURE)
        ctx = NULL;
    openLink = (Attributes & OBJ_OPENLINK) ||
               (ctx != NULL && (ctx->Options & REG_OPTION_OPEN_LINK));
    if (ctx != NULL && ctx->Create)
        HostRwLockAcquireExclusive(&CmpLock);
    else
        HostRwLockAcquireShared(&CmpLock);
    st = CmpLookupNode(body->Node, RemainingName, openLink, ctx, &node);
    HostRwLockRelease(&CmpLock);
    if (!NT_SUCCESS(st))
        return st;
    st = CmpCreateKeyBody(node, &kb);
    CmpDereferenceNode(node);
    if (NT_SUCCESS(st))
        *Result = kb;
    return st;
}

/* Initial tree helper: Path relative to Parent, every component created. */
static PCM_KEY_NODE CmppInitKey(PCM_KEY_NODE Parent, PCWSTR Path, ULONG Flags)
{
    CM_PARSE_CONTEXT ctx = { CM_PARSE_CONTEXT_SIGNATURE, TRUE, 0, NULL, 0 };
    PCM_KEY_NODE node = Parent, next;
    PCWSTR p = Path;

    CmpReferenceNode(node);
    while (*p != 0) {
        UNICODE_STRING comp;
        PCWSTR e = p;
        while (*e != 0 && *e != L'\\')
            e++;
        comp.Buffer = (PWCH)p;
        comp.Length = comp.MaximumLength = (USHORT)((e - p) * sizeof(WCHAR));
        ctx.Options = (Flags & CM_KEY_FLAG_VOLATILE) ? REG_OPTION_VOLATILE : 0;
        if (!NT_SUCCESS(CmpLookupNode(node, &comp, TRUE, &ctx, &next)))
            KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, 1, 0, 0, 0);
        CmpDereferenceNode(node);
        node = next;
        p = *e ? e + 1 : e;
    }
    node->Flags |= Flags;
    CmpDereferenceNode(node); /* the tree keeps it */
    return node;
}

static VOID CmppInitialize(void)
{
    static const UNICODE_STRING keyType = RTL_CONSTANT_STRING(L"Key");
    static const UNICODE_STRING linkValue = RTL_CONSTANT_STRING(L"SymbolicLinkValue");
    static const WCHAR target[] = L"\\Registry\\Machine\\System\\ControlSet001";
    static const WCHAR systemRoot[] = L"C:\\Windows";
    UNICODE_STRING registryName = RTL_CONSTANT_STRING(L"\\Registry");
    UNICODE_STRING rootName = RTL_CONSTANT_STRING(L"REGISTRY");
    OBP_TYPE_INITIALIZER init;
    OBJECT_ATTRIBUTES oa;
    PCM_KEY_NODE machine, system, ccs, cv;
    PCM_KEY_BODY body;
    NTSTATUS st;

    RtlZeroMemory(&init, sizeof(init));
    init.ValidAccessMask = KEY_ALL_ACCESS;
    init.GenericMapping.GenericRead = KEY_READ;
    init.GenericMapping.GenericWrite = KEY_WRITE;
    init.GenericMapping.GenericExecute = KEY_EXECUTE;
    init.GenericMapping.GenericAll = KEY_ALL_ACCESS;
    init.PoolType = PagedPool;
    init.CaseInsensitive = TRUE;
    init.DeleteProcedure = CmppDeleteKeyBody;
    init.ParseProcedure = CmppParseKey;
    st = ObpCreateObjectType(&keyType, &init, &CmpKeyObjectType);
    if (!NT_SUCCESS(st))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, 2, (ULONG_PTR)st, 0, 0);

    CmpRootNode = calloc(1, sizeof(*CmpRootNode));
    if (CmpRootNode == NULL || !CmppCopyString(&CmpRootNode->Name, &rootName))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, 3, 0, 0, 0);
    CmpRootNode->RefCount = 1; /* never released */
    CmpRootNode->Flags = CM_KEY_FLAG_NO_DELETE;
    KeQuerySystemTime(&CmpRootNode->LastWriteTime);

    HostRwLockAcquireExclusive(&CmpLock);
    machine = CmppInitKey(CmpRootNode, L"MACHINE", CM_KEY_FLAG_NO_DELETE);
    system = CmppInitKey(machine, L"SYSTEM", CM_KEY_FLAG_NO_DELETE);
    CmppInitKey(system, L"ControlSet001\\Control\\Session Manager", 0);
    CmppInitKey(system, L"ControlSet001\\Services", 0);
    ccs = CmppInitKey(system, L"CurrentControlSet", CM_KEY_FLAG_VOLATILE | CM_KEY_FLAG_LINK);
    if (!NT_SUCCESS(CmpSetValue(ccs, &linkValue, REG_LINK, target, sizeof(target) - sizeof(WCHAR))))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, 4, 0, 0, 0);
    CmppInitKey(machine, L"SOFTWARE", CM_KEY_FLAG_NO_DELETE);
    cv = CmppInitKey(machine, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0);
    {
        UNICODE_STRING sr = RTL_CONSTANT_STRING(L"SystemRoot");
        if (!NT_SUCCESS(CmpSetValue(cv, &sr, REG_SZ, systemRoot, sizeof(systemRoot))))
            KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, 5, 0, 0, 0);
    }
    CmppInitKey(machine, L"HARDWARE", CM_KEY_FLAG_NO_DELETE | CM_KEY_FLAG_VOLATILE);
    CmppInitKey(machine, L"HARDWARE\\DEVICEMAP", CM_KEY_FLAG_VOLATILE);
    CmppInitKey(CmpRootNode, L"USER", CM_KEY_FLAG_NO_DELETE);
    CmppInitKey(CmpRootNode, L"USER\\.DEFAULT", CM_KEY_FLAG_NO_DELETE);
    HostRwLockRelease(&CmpLock);

    /* The machine's configuration, as a boot would find it in the hives. */
    CmpSeedFromEnvironment();

    /* "\Registry" in the object namespace: a permanent key object for the root whose
       parse procedure resolves the rest of every registry name. */
    InitializeObjectAttributes(&oa, &registryName, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    st = ObpCreateObject(CmpKeyObjectType, &oa, KernelMode, sizeof(CM_KEY_BODY), (PVOID *)&body);
    if (NT_SUCCESS(st)) {
        body->Signature = CM_KEY_BODY_SIGNATURE;
        body->Node = CmpRootNode;
        CmpReferenceNode(CmpRootNode);
        st = ObpInsertObject(body, 0, KernelMode, NULL, NULL);
    }
    if (!NT_SUCCESS(st))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, 6, (ULONG_PTR)st, 0, 0);
}

/* ==== PRIVATE (subsystem-wide) FUNCTIONS ============================================== */

VOID CmpEnsureInitialized(VOID)
{
    HostRunOnce(&CmpInitOnce, CmppInitialize);
}

/* *CmKeyObjectType must be valid before any driver code runs. */
__attribute__((constructor)) static void CmpInitializeAtLoad(void)
{
    CmpEnsureInitialized();
}

VOID CmpReferenceNode(PCM_KEY_NODE Node)
{
    __atomic_add_fetch(&Node->RefCount, 1, __ATOMIC_RELAXED);
}

VOID CmpDereferenceNode(PCM_KEY_NODE Node)
{
    if (__atomic_sub_fetch(&Node->RefCount, 1, __ATOMIC_ACQ_REL) == 0)
        CmppFreeNode(Node); /* only a detached node gets here */
}

/* Windows orders and matches names by comparing their upper-cased characters. */
LONG CmpCompareNames(PCUNICODE_STRING A, PCUNICODE_STRING B)
{
    return RtlCompareUnicodeString(A, B, TRUE);
}

ULONG CmpFindSubKey(PCM_KEY_NODE Node, PCUNICODE_STRING Name, BOOLEAN *Found)
{
    ULONG lo = 0, hi = Node->SubKeyCount;

    *Found = FALSE;
    while (lo < hi) {
        ULONG mid = lo + (hi - lo) / 2;
        LONG c = CmpCompareNames(Name, &Node->SubKeys[mid]->Name);
        if (c == 0) {
            *Found = TRUE;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

PCM_KEY_VALUE CmpFindValue(PCM_KEY_NODE Node, PCUNICODE_STRING Name, PULONG Index)
{
    for (ULONG i = 0; i < Node->ValueCount; i++)
        if (RtlEqualUnicodeString(&Node->Values[i].Name, Name, TRUE)) {
            if (Index != NULL)
                *Index = i;
            return &Node->Values[i];
        }
    return NULL;
}

VOID CmpTouch(PCM_KEY_NODE Node)
{
    KeQuerySystemTime(&Node->LastWriteTime);
}

NTSTATUS CmpSetValue(PCM_KEY_NODE Node, PCUNICODE_STRING Name, ULONG Type, const VOID *Data,
                     ULONG DataLength)
{
    PCM_KEY_VALUE v = CmpFindValue(Node, Name, NULL);
    PUCHAR copy = NULL;

    if (DataLength != 0) {
        copy = malloc(DataLength);
        if (copy == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        memcpy(copy, Data, DataLength);
    }
    if (v == NULL) {
        if (Node->ValueCount == Node->ValueCapacity) {
            ULONG cap = Node->ValueCapacity ? Node->ValueCapacity * 2 : 4;
            PCM_KEY_VALUE grown = realloc(Node->Values, cap * sizeof(*grown));
            if (grown == NULL) {
                free(copy);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            Node->Values = grown;
            Node->ValueCapacity = cap;
        }
        v = &Node->Values[Node->ValueCount];
        if (!CmppCopyString(&v->Name, Name)) {
            free(copy);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        Node->ValueCount++;
    } else {
        free(v->Data);
    }
    v->Type = Type;
    v->DataLength = DataLength;
    v->Data = copy;
    CmpTouch(Node);
    return STATUS_SUCCESS;
}

VOID CmpDeleteValueAt(PCM_KEY_NODE Node, ULONG Index)
{
    free(Node->Values[Index].Name.Buffer);
    free(Node->Values[Index].Data);
    /* The remaining values keep their order. */
    memmove(&Node->Values[Index], &Node->Values[Index + 1],
            (Node->ValueCount - Index - 1) * sizeof(CM_KEY_VALUE));
    Node->ValueCount--;
    CmpTouch(Node);
}

VOID CmpDetachNode(PCM_KEY_NODE Node)
{
    PCM_KEY_NODE parent = Node->Parent;
    BOOLEAN found;
    ULONG i = CmpFindSubKey(parent, &Node->Name, &found);

    memmove(&parent->SubKeys[i], &parent->SubKeys[i + 1],
            (parent->SubKeyCount - i - 1) * sizeof(PCM_KEY_NODE));
    parent->SubKeyCount--;
    CmpTouch(parent);
    Node->Parent = NULL;
    Node->Flags |= CM_KEY_FLAG_DELETED;
    CmpDereferenceNode(Node); /* the parent's list no longer holds it */
}

NTSTATUS CmpLookupNode(PCM_KEY_NODE Start, PCUNICODE_STRING Path, BOOLEAN OpenLink,
                       PCM_PARSE_CONTEXT Context, PCM_KEY_NODE *Result)
{
    PCM_KEY_NODE node = Start, child;
    PWCH owned = NULL;
    PCWCH buf = Path->Buffer;
    ULONG len = Path->Length / sizeof(WCHAR), pos = 0, end, next, hops = 0, idx;
    BOOLEAN create = Context != NULL && Context->Create, found, last;
    NTSTATUS st = STATUS_SUCCESS;

    *Result = NULL;
    if (node->Flags & CM_KEY_FLAG_DELETED)
        return STATUS_KEY_DELETED;
    CmpReferenceNode(node);
    for (;;) {
        UNICODE_STRING comp;
        /* Separators repeat or trail harmlessly: the registry skips empty components. */
        while (pos < len && buf[pos] == L'\\')
            pos++;
        if (pos == len) {
            if (create) {
                if ((Context->Options & REG_OPTION_CREATE_LINK) && node != Start) {
                    st = STATUS_OBJECT_NAME_COLLISION;
                    break;
                }
                Context->Disposition = REG_OPENED_EXISTING_KEY;
            }
            *Result = node;
            node = NULL;
            break;
        }
        for (end = pos; end < len && buf[end] != L'\\'; end++)
            ;
        for (next = end; next < len && buf[next] == L'\\'; next++)
            ;
        last = next == len;
        comp.Buffer = (PWCH)(buf + pos);
        comp.Length = comp.MaximumLength = (USHORT)((end - pos) * sizeof(WCHAR));
        if (comp.Length > 255 * sizeof(WCHAR)) {
            st = STATUS_INVALID_PARAMETER; /* Windows' limit on a key name component */
            break;
        }
        idx = CmpFindSubKey(node, &comp, &found);
        if (!found) {
            if (!(create && last)) {
                st = STATUS_OBJECT_NAME_NOT_FOUND;
                break;
            }
            if ((node->Flags & CM_KEY_FLAG_VOLATILE) && !(Context->Options & REG_OPTION_VOLATILE)) {
                st = STATUS_CHILD_MUST_BE_VOLATILE;
                break;
            }
            st = CmppCreateChild(node, idx, &comp, Context->Class,
                                 ((Context->Options & REG_OPTION_VOLATILE) ? CM_KEY_FLAG_VOLATILE : 0) |
                                 ((Context->Options & REG_OPTION_CREATE_LINK) ? CM_KEY_FLAG_LINK : 0),
                                 &child);
            if (!NT_SUCCESS(st))
                break;
            Context->Disposition = REG_CREATED_NEW_KEY;
            CmpReferenceNode(child);
            CmpDereferenceNode(node);
            *Result = child;
            node = NULL;
            break;
        }
        child = node->SubKeys[idx];
        if ((child->Flags & CM_KEY_FLAG_LINK) &&
            !(last && (OpenLink || (create && (Context->Options & REG_OPTION_CREATE_LINK))))) {
            /* A link key: restart at its target (an absolute \Registry path) + the rest. */
            static const UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"SymbolicLinkValue");
            PCM_KEY_VALUE target = CmpFindValue(child, &linkName, NULL);
            ULONG tchars, rest = len - end;
            LONG skip;
            PWCH joined;
            if (target == NULL || target->Type != REG_LINK || ++hops > CMP_MAX_LINK_HOPS) {
                st = STATUS_OBJECT_NAME_NOT_FOUND;
                break;
            }
            tchars = target->DataLength / sizeof(WCHAR);
            skip = CmppStripRegistryPrefix((PCWCH)target->Data, tchars);
            if (skip < 0) {
                st = STATUS_OBJECT_NAME_NOT_FOUND;
                break;
            }
            tchars -= (ULONG)skip;
            if ((SIZE_T)tchars + rest > 0x7FFF) {
                st = STATUS_NAME_TOO_LONG;
                break;
            }
            joined = malloc(((SIZE_T)tchars + rest + 1) * sizeof(WCHAR));
            if (joined == NULL) {
                st = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            memcpy(joined, (PCWCH)target->Data + skip, tchars * sizeof(WCHAR));
            memcpy(joined + tchars, buf + end, rest * sizeof(WCHAR));
            free(owned);
            owned = joined;
            buf = joined;
            len = tchars + rest;
            pos = 0;
            CmpDereferenceNode(node);
            node = CmpRootNode;
            CmpReferenceNode(node);
            continue;
        }
        CmpReferenceNode(child);
        CmpDereferenceNode(node);
        node = child;
        pos = end;
    }
    if (node != NULL)
        CmpDereferenceNode(node);
    free(owned);
    return st;
}

NTSTATUS CmpCreateKeyBody(PCM_KEY_NODE Node, PCM_KEY_BODY *Body)
{
    PCM_KEY_BODY body;
    NTSTATUS st = ObpCreateObject(CmpKeyObjectType, NULL, KernelMode, sizeof(CM_KEY_BODY),
                                  (PVOID *)&body);

    *Body = NULL;
    if (!NT_SUCCESS(st))
        return st;
    body->Signature = CM_KEY_BODY_SIGNATURE;
    body->Node = Node;
    CmpReferenceNode(Node);
    *Body = body;
    return STATUS_SUCCESS;
}

NTSTATUS CmpReferenceKey(HANDLE KeyHandle, ACCESS_MASK Access, KPROCESSOR_MODE PreviousMode,
                         PCM_KEY_BODY *Body)
{
    CmpEnsureInitialized();
    return ObReferenceObjectByHandle(KeyHandle, Access, CmpKeyObjectType, PreviousMode,
                                     (PVOID *)Body, NULL);
}
