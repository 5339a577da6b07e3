/*
 * PURPOSE: KmodeAppStart: the start of a console app built by kmode-cc (include/kmode/app.h).
 * Prepares the process, loads the drivers `kmode run` names, calls the app's main or wmain,
 * unloads those drivers and returns the exit code.
 */

/* ===== INCLUDES ========================================================================= */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include <kmode/app.h>
#include <internal/path.h>
#include <internal/status.h>
#include <internal/win32.h>

/* ===== GLOBALS ========================================================================== */

#define KMP_SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

/* The service keys of the drivers `kmode run` loaded, in load order. */
typedef struct _KMP_RUN_DRIVER {
    UNICODE_STRING ServiceKey;
    char *Path;
} KMP_RUN_DRIVER;

static KMP_RUN_DRIVER *KmpRunDrivers;
static ULONG KmpRunDriverCount;

/* ===== PRIVATE FUNCTIONS ================================================================ */

/* A NUL-terminated UTF-16 copy of Prefix + UTF-8 Text + Suffix (malloc'd). */
static PWCHAR KmpWide(PCWSTR Prefix, const char *Text, SIZE_T TextBytes, PCWSTR Suffix,
                      PUSHORT Bytes)
{
    SIZE_T pl = 0, sl = 0, chars;
    ULONG written = 0;
    PWCHAR w;

    while (Prefix[pl])
        pl++;
    while (Suffix[sl])
        sl++;
    chars = pl + TextBytes + sl;
    if ((chars + 1) * sizeof(WCHAR) > MAXUSHORT)
        return NULL;
    w = malloc((chars + 1) * sizeof(WCHAR));
    if (w == NULL)
        return NULL;
    memcpy(w, Prefix, pl * sizeof(WCHAR));
    RtlUTF8ToUnicodeN(w + pl, (ULONG)(TextBytes * sizeof(WCHAR)), &written, Text, (ULONG)TextBytes);
    chars = pl + written / sizeof(WCHAR);
    memcpy(w + chars, Suffix, sl * sizeof(WCHAR));
    chars += sl;
    w[chars] = L'\0';
    *Bytes = (USHORT)(chars * sizeof(WCHAR));
    return w;
}

static NTSTATUS KmpSetValue(HANDLE Key, PCWSTR Name, ULONG Type, const VOID *Data, ULONG Size)
{
    UNICODE_STRING n;
    RtlInitUnicodeString(&n, Name);
    return ZwSetValueKey(Key, &n, 0, Type, (PVOID)Data, Size);
}

/*
 * Registers Path as a demand-start kernel-driver service named after the file (as an app
 * would with CreateService) and loads it. FALSE after printing why it failed.
 */
static BOOLEAN KmpLoadRunDriver(const char *Path, KMP_RUN_DRIVER *Driver)
{
    const char *base = strrchr(Path, '/');
    const char *dot;
    SIZE_T nameBytes;
    ULONG type = SERVICE_KERNEL_DRIVER, start = SERVICE_DEMAND_START, error = SERVICE_ERROR_NORMAL;
    ULONG chars;
    PWCHAR image;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS st;

    base = base ? base + 1 : Path;
    dot = strrchr(base, '.');
    nameBytes = (dot != NULL && dot != base) ? (SIZE_T)(dot - base) : strlen(base);
    Driver->Path = strdup(Path);
    Driver->ServiceKey.Buffer = KmpWide(KMP_SERVICES, base, nameBytes, L"",
                                        &Driver->ServiceKey.Length);
    if (Driver->ServiceKey.Buffer == NULL || Driver->Path == NULL) {
        fprintf(stderr, "kmode: out of memory loading %s\n", Path);
        return FALSE;
    }
    Driver->ServiceKey.MaximumLength = Driver->ServiceKey.Length + sizeof(WCHAR);

    /* ImagePath \??\C:\dir\foo.sys: the NT form of the file's Win32 name. */
    chars = KmPathHostToWin32(Path, NULL, 0);
    image = malloc((chars + 4) * sizeof(WCHAR));
    if (image == NULL) {
        fprintf(stderr, "kmode: out of memory loading %s\n", Path);
        return FALSE;
    }
    memcpy(image, L"\\??\\", 4 * sizeof(WCHAR));
    chars = KmPathHostToWin32(Path, image + 4, chars);

    InitializeObjectAttributes(&oa, &Driver->ServiceKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    st = ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL);
    if (NT_SUCCESS(st)) {
        st = KmpSetValue(key, L"ImagePath", REG_EXPAND_SZ, image, (chars + 5) * sizeof(WCHAR));
        if (NT_SUCCESS(st))
            st = KmpSetValue(key, L"Type", REG_DWORD, &type, sizeof(type));
        if (NT_SUCCESS(st))
            st = KmpSetValue(key, L"Start", REG_DWORD, &start, sizeof(start));
        if (NT_SUCCESS(st))
            st = KmpSetValue(key, L"ErrorControl", REG_DWORD, &error, sizeof(error));
        ZwClose(key);
    }
    free(image);
    if (NT_SUCCESS(st))
        st = ZwLoadDriver(&Driver->ServiceKey);
    if (!NT_SUCCESS(st)) {
        const char *name = KmodeNtStatusName(st);
        fprintf(stderr, "kmode: cannot load %s: %s (0x%08X)\n", Path, name ? name : "error",
                (unsigned)st);
        return FALSE;
    }
    return TRUE;
}

static VOID KmpFreeRunDriver(KMP_RUN_DRIVER *Driver)
{
    free(Driver->ServiceKey.Buffer);
    free(Driver->Path);
}

/* Unloads what `kmode run` loaded, last first; a driver the app unloaded itself, or one
   without DriverUnload, is left as it is. */
static VOID KmpUnloadRunDrivers(VOID)
{
    while (KmpRunDriverCount > 0) {
        KMP_RUN_DRIVER *d = &KmpRunDrivers[--KmpRunDriverCount];
        ZwUnloadDriver(&d->ServiceKey);
        KmpFreeRunDriver(d);
    }
    free(KmpRunDrivers);
    KmpRunDrivers = NULL;
}

/* Loads the drivers KMODE_RUN_DRIVERS names (one path per line). FALSE when one fails:
   those loaded before it are unloaded again. */
static BOOLEAN KmpLoadRunDrivers(VOID)
{
    const char *value = getenv(KMODE_RUN_DRIVERS_VARIABLE);
    char *list, *save = NULL;
    ULONG lines = 1;

    if (value == NULL || value[0] == '\0')
        return TRUE;
    list = strdup(value);
    /* Only this process loads them: not the programs the app starts. */
    unsetenv(KMODE_RUN_DRIVERS_VARIABLE);
    if (list == NULL)
        return FALSE;
    for (const char *p = list; *p; p++)
        lines += *p == '\n';
    KmpRunDrivers = calloc(lines, sizeof(KMP_RUN_DRIVER));
    if (KmpRunDrivers == NULL) {
        free(list);
        return FALSE;
    }
    for (char *path = strtok_r(list, "\n", &save); path != NULL; path = strtok_r(NULL, "\n", &save)) {
        KMP_RUN_DRIVER *d = &KmpRunDrivers[KmpRunDriverCount];
        if (!KmpLoadRunDriver(path, d)) {
            KmpFreeRunDriver(d);
            KmpUnloadRunDrivers();
            free(list);
            return FALSE;
        }
        KmpRunDriverCount++;
    }
    free(list);
    return TRUE;
}

/* A NULL-terminated UTF-16 copy of a NULL-terminated UTF-8 string vector (one block). */
static PWCHAR *KmpWidenVector(char **Vector, int *Count)
{
    SIZE_T n = 0, bytes;
    PWCHAR *wide;
    PWCHAR out;

    if (Vector != NULL)
        while (Vector[n] != NULL)
            n++;
    bytes = (n + 1) * sizeof(PWCHAR);
    for (SIZE_T i = 0; i < n; i++)
        bytes += (strlen(Vector[i]) + 1) * sizeof(WCHAR);   /* UTF-16 never needs more units */
    wide = malloc(bytes);
    if (wide == NULL)
        return NULL;
    out = (PWCHAR)(wide + n + 1);
    for (SIZE_T i = 0; i < n; i++) {
        ULONG len = (ULONG)strlen(Vector[i]);
        ULONG written = 0;
        /* Ill-formed UTF-8 becomes U+FFFD (STATUS_SOME_NOT_MAPPED is fine here). */
        RtlUTF8ToUnicodeN(out, len * (ULONG)sizeof(WCHAR), &written, Vector[i], len);
        wide[i] = out;
        out += written / sizeof(WCHAR);
        *out++ = L'\0';
    }
    wide[n] = NULL;
    if (Count != NULL)
        *Count = (int)n;
    return wide;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

/*
 * @implemented
 * Called by the main kmode-cc generates (PASSIVE_LEVEL, the process's first thread).
 * Loads the drivers of `kmode run` (KMODE_RUN_DRIVERS_VARIABLE), runs the app, unloads them.
 * Returns the app's exit code, or KMODE_RUN_LOAD_FAILED when a driver of `kmode run` fails
 * to load (the app does not run then).
 */
int KmodeAppStart(int Argc, char **Argv, char **Envp, KMODE_APP_MAIN Main, KMODE_APP_WMAIN WMain)
{
    int rc;

    /* ---- The Win32 process: what its first use would create, made up front so that a
       failure shows at start. ----------------------------------------------------------- */
    Win32pInitializeProcess();

    /* ---- The drivers of `kmode run` ------------------------------------------------------ */
    if (!KmpLoadRunDrivers())
        return KMODE_RUN_LOAD_FAILED;

    /* ---- The app ------------------------------------------------------------------------ */
    if (WMain != NULL) {
        PWCHAR *wargv = KmpWidenVector(Argv, NULL);
        PWCHAR *wenvp = KmpWidenVector(Envp, NULL);
        if (wargv == NULL || wenvp == NULL) {
            fprintf(stderr, "kmode: out of memory converting the arguments to UTF-16\n");
            free(wargv);
            free(wenvp);
            return 1;
        }
        rc = WMain(Argc, (KMODE_APP_WCHAR **)wargv, (KMODE_APP_WCHAR **)wenvp);
        free(wargv);
        free(wenvp);
    } else {
        rc = Main(Argc, Argv, Envp);
    }

    /* ---- As `sc stop` would: DriverUnload runs before the process ends. -------------- */
    KmpUnloadRunDrivers();
    return rc;
}
