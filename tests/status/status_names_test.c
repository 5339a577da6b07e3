/*
 * PURPOSE: Tests for KmodeNtStatusName / KmodeWin32ErrorName (src/rtl/status_names.c) and
 *          for the generated tables agreeing with include/shared/ntstatus.h and winerror.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wdm.h>
#include <winerror.h>
#include <internal/status.h>
#include "ktest.h"

static void status_names_test_sample(KTEST *t)
{
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_ACCESS_VIOLATION), "STATUS_ACCESS_VIOLATION");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_PENDING), "STATUS_PENDING");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_BUFFER_OVERFLOW), "STATUS_BUFFER_OVERFLOW");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_INVALID_DEVICE_REQUEST),
                    "STATUS_INVALID_DEVICE_REQUEST");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_HEAP_CORRUPTION), "STATUS_HEAP_CORRUPTION");
    KT_EXPECT_STREQ(t, KmodeNtStatusName((NTSTATUS)0xC0000409), "STATUS_STACK_BUFFER_OVERRUN");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(DBG_CONTROL_C), "DBG_CONTROL_C");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(DBG_APP_NOT_IDLE), "DBG_APP_NOT_IDLE");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_WAIT_63), "STATUS_WAIT_63");
}

/* Where two names share a value, the one defined first is the name reported. */
static void status_names_test_aliases_report_first_name(KTEST *t)
{
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_WAIT_0), "STATUS_SUCCESS");
    KT_EXPECT_STREQ(t, KmodeNtStatusName(STATUS_ABANDONED_WAIT_0), "STATUS_ABANDONED");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(NO_ERROR), "ERROR_SUCCESS");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName((ULONG)S_OK), "ERROR_SUCCESS");
    /* S_FALSE is 1 too: the Win32 name comes first. */
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName((ULONG)S_FALSE), "ERROR_INVALID_FUNCTION");
}

static void status_names_test_unknown_is_null(KTEST *t)
{
    KT_EXPECT_PTR_EQ(t, KmodeNtStatusName((NTSTATUS)0xC0000000), NULL);
    KT_EXPECT_PTR_EQ(t, KmodeNtStatusName((NTSTATUS)0xC000FFFF), NULL);
    KT_EXPECT_PTR_EQ(t, KmodeNtStatusName((NTSTATUS)0xE0000001), NULL);
    KT_EXPECT_PTR_EQ(t, KmodeNtStatusName((NTSTATUS)0x00000004), NULL);
    KT_EXPECT_PTR_EQ(t, KmodeNtStatusName((NTSTATUS)0xFFFFFFFF), NULL);
    KT_EXPECT_PTR_EQ(t, KmodeWin32ErrorName(99999), NULL);
    KT_EXPECT_PTR_EQ(t, KmodeWin32ErrorName(0xFFFFFFFF), NULL);
    /* An exception code mapped to itself is not a winerror.h name. */
    KT_EXPECT_PTR_EQ(t, KmodeWin32ErrorName((ULONG)STATUS_BREAKPOINT), NULL);
}

static void status_names_test_win32_sample(KTEST *t)
{
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(ERROR_ACCESS_DENIED), "ERROR_ACCESS_DENIED");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(5), "ERROR_ACCESS_DENIED");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(317), "ERROR_MR_MID_NOT_FOUND");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(234), "ERROR_MORE_DATA");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(997), "ERROR_IO_PENDING");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(995), "ERROR_OPERATION_ABORTED");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(258), "WAIT_TIMEOUT");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(1450), "ERROR_NO_SYSTEM_RESOURCES");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName((ULONG)E_FAIL), "E_FAIL");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName((ULONG)E_ACCESSDENIED), "E_ACCESSDENIED");
    KT_EXPECT_STREQ(t, KmodeWin32ErrorName(0x80090348), "SEC_E_NO_KERB_KEY");
}

/* ---- The generated tables against the headers themselves ------------------------------ */

typedef struct {
    char Name[128];
    ULONG Value;
} HEADER_DEF;

/*
 * Reads the "#define NAME <value>" lines of a kmode header the way the generator does:
 * ((NTSTATUS)0x...L) and ((HRESULT)0x...L) values, and plain decimal ERROR_* values.
 * Returns the number of definitions found (up to Capacity), or -1 if the file is missing.
 */
static int read_header(const char *RelativePath, int Win32, HEADER_DEF *Defs, int Capacity)
{
    char Path[1024], Line[512];
    int Count = 0;

    snprintf(Path, sizeof Path, "%s/%s", KMODE_SOURCE_ROOT, RelativePath);
    FILE *f = fopen(Path, "r");
    if (!f)
        return -1;
    while (fgets(Line, sizeof Line, f) && Count < Capacity)
    {
        char Name[128], Rest[256];
        unsigned Value;
        if (sscanf(Line, "#define %127s %255[^\n]", Name, Rest) != 2)
            continue;
        if (!Win32 && sscanf(Rest, "((NTSTATUS)0x%xL)", &Value) == 1)
            ;
        else if (Win32 && sscanf(Rest, "((HRESULT)0x%xL)", &Value) == 1)
            ;
        else if (Win32 && strspn(Rest, "0123456789 ") == strlen(Rest) && Rest[0] != ' ' &&
                 strncmp(Name, "FACILITY_", 9) != 0 && strncmp(Name, "SEVERITY_", 9) != 0)
            Value = (unsigned)strtoul(Rest, NULL, 10);
        else
            continue;
        snprintf(Defs[Count].Name, sizeof Defs[Count].Name, "%s", Name);
        Defs[Count].Value = Value;
        Count++;
    }
    fclose(f);
    return Count;
}

static void check_against_header(KTEST *t, const char *Header, int Win32,
                                 const KMODE_CODE_NAME *Table, ULONG TableCount,
                                 const char *(*Lookup)(ULONG))
{
    static HEADER_DEF Defs[4096];
    int Count = read_header(Header, Win32, Defs, (int)RTL_NUMBER_OF(Defs));

    KT_ASSERT_TRUE(t, Count > 0);
    KT_EXPECT_EQ(t, (ULONG)Count, TableCount);
    for (int i = 0; i < Count && (ULONG)i < TableCount; i++)
    {
        if (strcmp(Defs[i].Name, Table[i].Name) != 0 || Defs[i].Value != Table[i].Code)
        {
            KT_FAIL(t, "%s defines %s = 0x%08X, the generated table has %s = 0x%08X: "
                    "run tools/gen-status-names.py", Header, Defs[i].Name,
                    (unsigned)Defs[i].Value, Table[i].Name, (unsigned)Table[i].Code);
            return;
        }
        const char *Name = Lookup(Defs[i].Value);
        if (!Name)
        {
            KT_FAIL(t, "%s has no name", Defs[i].Name);
            continue;
        }
        /* The name reported is this one unless an earlier definition has the same value. */
        int Earlier = 0;
        for (int j = 0; j < i && !Earlier; j++)
            Earlier = Defs[j].Value == Defs[i].Value;
        if (!Earlier && strcmp(Name, Defs[i].Name) != 0)
            KT_FAIL(t, "0x%08X is reported as %s, expected %s", (unsigned)Defs[i].Value, Name,
                    Defs[i].Name);
    }
}

static const char *nt_lookup(ULONG Code)
{
    return KmodeNtStatusName((NTSTATUS)Code);
}

static void status_names_test_every_ntstatus_has_its_name(KTEST *t)
{
    KT_EXPECT_TRUE(t, KmodeNtStatusDefinitionCount >= 1000);
    check_against_header(t, "include/shared/ntstatus.h", 0, KmodeNtStatusDefinitions,
                         KmodeNtStatusDefinitionCount, nt_lookup);
}

static void status_names_test_every_win32_error_has_its_name(KTEST *t)
{
    KT_EXPECT_TRUE(t, KmodeWin32ErrorDefinitionCount >= 1000);
    check_against_header(t, "include/shared/winerror.h", 1, KmodeWin32ErrorDefinitions,
                         KmodeWin32ErrorDefinitionCount, KmodeWin32ErrorName);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(status_names_test_sample),
    KTEST_CASE_ENTRY(status_names_test_aliases_report_first_name),
    KTEST_CASE_ENTRY(status_names_test_unknown_is_null),
    KTEST_CASE_ENTRY(status_names_test_win32_sample),
    KTEST_CASE_ENTRY(status_names_test_every_ntstatus_has_its_name),
    KTEST_CASE_ENTRY(status_names_test_every_win32_error_has_its_name),
    { 0 },
};
KTEST_SUITE(status_names, cases);
