/*
 * PURPOSE: Tests for RtlNtStatusToDosError(NoTeb) (src/rtl/status.c): documented pairs,
 *          the rules for customer, FACILITY_NTWIN32, HRESULT_FROM_NT and debugger codes,
 *          unknown codes, and the table's own consistency.
 */
#include <wdm.h>
#include <winerror.h>
#include <internal/status.h>
#include "ktest.h"

typedef struct {
    NTSTATUS Status;
    ULONG Error;
    const char *Name;
} STATUS_PAIR;

static const STATUS_PAIR DocumentedPairs[] = {
#define PAIR(s, e) { (s), (ULONG)(e), #s },
#include "status_map_pairs.h"
#undef PAIR
};

static void rtl_status_test_documented_pairs(KTEST *t)
{
    KT_EXPECT_TRUE(t, RTL_NUMBER_OF(DocumentedPairs) >= 150);
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(DocumentedPairs); i++)
    {
        ULONG Got = RtlNtStatusToDosError(DocumentedPairs[i].Status);
        if (Got != DocumentedPairs[i].Error)
            KT_FAIL(t, "%s (0x%08X) mapped to %u, expected %u", DocumentedPairs[i].Name,
                    (unsigned)DocumentedPairs[i].Status, (unsigned)Got,
                    (unsigned)DocumentedPairs[i].Error);
    }
}

static void rtl_status_test_success_and_informational(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_SUCCESS), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_WAIT_0), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_WAIT_1), ERROR_WAIT_1);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_WAIT_3), ERROR_WAIT_3);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_WAIT_63), ERROR_WAIT_63);
    /* The unnamed wait results in between have no mapping. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_WAIT_0 + 4), ERROR_MR_MID_NOT_FOUND);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_WAIT_0 + 62), ERROR_MR_MID_NOT_FOUND);
    /* Windows maps the first abandoned wait to ERROR_WAIT_NO_CHILDREN, not ERROR_ABANDONED_WAIT_0. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_ABANDONED_WAIT_0), ERROR_WAIT_NO_CHILDREN);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_ABANDONED_WAIT_63), ERROR_ABANDONED_WAIT_63);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_USER_APC), ERROR_USER_APC);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_KERNEL_APC), ERROR_KERNEL_APC);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_ALERTED), ERROR_ALERTED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_TIMEOUT), ERROR_TIMEOUT);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_PENDING), ERROR_IO_PENDING);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_REPARSE), ERROR_REPARSE);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_OPLOCK_BREAK_IN_PROGRESS),
                 ERROR_OPLOCK_BREAK_IN_PROGRESS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_VOLUME_MOUNTED), ERROR_VOLUME_MOUNTED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_OBJECT_NAME_EXISTS), ERROR_OBJECT_NAME_EXISTS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_IMAGE_NOT_AT_BASE), ERROR_IMAGE_NOT_AT_BASE);
}

static void rtl_status_test_warnings(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_BUFFER_OVERFLOW), ERROR_MORE_DATA);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_NO_MORE_ENTRIES), ERROR_NO_MORE_ITEMS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_NO_MORE_FILES), ERROR_NO_MORE_FILES);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_DEVICE_BUSY), ERROR_BUSY);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_DATATYPE_MISALIGNMENT), ERROR_NOACCESS);
}

/* Exception codes are their own "Win32 error": Windows hands them back unchanged. */
static void rtl_status_test_exception_codes_map_to_themselves(KTEST *t)
{
    static const NTSTATUS Codes[] = {
        STATUS_GUARD_PAGE_VIOLATION, STATUS_BREAKPOINT, STATUS_SINGLE_STEP,
        STATUS_ILLEGAL_INSTRUCTION, STATUS_NONCONTINUABLE_EXCEPTION, STATUS_INVALID_DISPOSITION,
        STATUS_ARRAY_BOUNDS_EXCEEDED, STATUS_FLOAT_DIVIDE_BY_ZERO, STATUS_FLOAT_OVERFLOW,
        STATUS_INTEGER_DIVIDE_BY_ZERO, STATUS_PRIVILEGED_INSTRUCTION,
    };
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(Codes); i++)
        KT_EXPECT_EQ(t, RtlNtStatusToDosError(Codes[i]), (ULONG)Codes[i]);
}

static void rtl_status_test_driver_errors(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_DEVICE_REMOVED), ERROR_DEVICE_REMOVED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_NOT_FOUND), ERROR_NOT_FOUND);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_DRIVER_UNABLE_TO_LOAD), ERROR_BAD_DRIVER);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_POWER_STATE_INVALID), ERROR_NOT_READY);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_DEVICE_NOT_CONNECTED), ERROR_DEVICE_NOT_CONNECTED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_STACK_BUFFER_OVERRUN), ERROR_STACK_BUFFER_OVERRUN);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_ASSERTION_FAILURE), ERROR_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_HEAP_CORRUPTION), ERROR_INTERNAL_ERROR);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_INSUFFICIENT_RESOURCES), ERROR_NO_SYSTEM_RESOURCES);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_DUPLICATE_OBJECTID), ERROR_OBJECT_ALREADY_EXISTS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_RETRY), ERROR_RETRY);
}

/* A handful of security statuses come back as HRESULTs. */
static void rtl_status_test_hresult_results(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_NO_KERB_KEY), (ULONG)SEC_E_NO_KERB_KEY);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_SMARTCARD_NO_CARD), (ULONG)SCARD_E_NO_SMARTCARD);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_CSS_REGION_MISMATCH),
                 (ULONG)STG_E_CSS_REGION_MISMATCH);
}

static void rtl_status_test_facility_ntwin32_passes_low_word(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xC0070005), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x80070005), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xC0070000), 0);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xC007FFFF), 0xFFFF);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x8007139F), ERROR_INVALID_STATE);
    /* An HRESULT_FROM_WIN32 value is a FACILITY_NTWIN32 warning. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)),
                 ERROR_FILE_NOT_FOUND);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(E_ACCESSDENIED), ERROR_ACCESS_DENIED);
    /* Success and informational severities in facility 7 are not special. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x00070005), ERROR_MR_MID_NOT_FOUND);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x40070005), ERROR_MR_MID_NOT_FOUND);
}

static void rtl_status_test_hresult_from_nt_is_unwrapped(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(HRESULT_FROM_NT(STATUS_ACCESS_DENIED)),
                 ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(HRESULT_FROM_NT(STATUS_NO_MEMORY)),
                 ERROR_NOT_ENOUGH_MEMORY);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xD0070005), ERROR_ACCESS_DENIED);
    /* Only error severity is unwrapped: a warning with the N bit has no mapping. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x90000005), ERROR_MR_MID_NOT_FOUND);
}

/* Customer codes are the caller's own: Windows returns them unchanged, not a low word. */
static void rtl_status_test_customer_codes_pass_unchanged(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xE0000001), 0xE0000001);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xA0000001), 0xA0000001);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x60000000), 0x60000000);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0x20000005), 0x20000005);
    /* The customer bit wins over the facility rules. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xE0070005), 0xE0070005);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xF0000022), 0xF0000022);
}

static void rtl_status_test_debugger_codes(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_EXCEPTION_HANDLED), ERROR_DBG_EXCEPTION_HANDLED);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_CONTINUE), ERROR_DBG_CONTINUE);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_REPLY_LATER), ERROR_DBG_REPLY_LATER);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_TERMINATE_THREAD), ERROR_DBG_TERMINATE_THREAD);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_TERMINATE_PROCESS), ERROR_DBG_TERMINATE_PROCESS);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_CONTROL_C), ERROR_DBG_CONTROL_C);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_PRINTEXCEPTION_C), ERROR_DBG_PRINTEXCEPTION_C);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_CONTROL_BREAK), ERROR_DBG_CONTROL_BREAK);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_EXCEPTION_NOT_HANDLED),
                 ERROR_DBG_EXCEPTION_NOT_HANDLED);
    /* Debugger codes of error severity give their low word. */
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_NO_STATE_CHANGE), 1);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(DBG_APP_NOT_IDLE), 2);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError((NTSTATUS)0xC001ABCD), 0xABCD);
}

static void rtl_status_test_unknown_codes(KTEST *t)
{
    static const ULONG Unknown[] = {
        0x00000004, 0x000000FF, 0x0000FFFF, 0x40000FFF, 0x8000FFFF, 0xC0000000, 0xC000FFFF,
        0xC0FFFFFF, 0xC0020001 /* RPC_NT_*: not in kmode's table */, 0x80010002, 0x00010003,
    };
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(Unknown); i++)
        if (RtlNtStatusToDosError((NTSTATUS)Unknown[i]) != ERROR_MR_MID_NOT_FOUND)
            KT_FAIL(t, "0x%08X should have no mapping", (unsigned)Unknown[i]);
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_MESSAGE_NOT_FOUND), ERROR_MR_MID_NOT_FOUND);
}

static void rtl_status_test_noteb_agrees_everywhere(KTEST *t)
{
    for (ULONG i = 0; i < KmodeNtStatusDefinitionCount; i++)
    {
        NTSTATUS s = (NTSTATUS)KmodeNtStatusDefinitions[i].Code;
        KT_EXPECT_EQ(t, RtlNtStatusToDosErrorNoTeb(s), RtlNtStatusToDosError(s));
    }
    KT_EXPECT_EQ(t, RtlNtStatusToDosErrorNoTeb((NTSTATUS)0xE0000001), 0xE0000001);
    KT_EXPECT_EQ(t, RtlNtStatusToDosErrorNoTeb((NTSTATUS)0xC0070057), ERROR_INVALID_PARAMETER);
}

static void rtl_status_test_table_sorted(KTEST *t)
{
    KT_EXPECT_TRUE(t, RtlpStatusMappingIsSorted());
    KT_EXPECT_TRUE(t, RtlpStatusMappingCount() >= 1000);
}

/*
 * Every code of ntstatus.h has its own table row, except the debugger error codes that the
 * 0xC001 rule handles; and every result is a code winerror.h names, or the status itself.
 */
static void rtl_status_test_every_header_code_is_mapped(KTEST *t)
{
    ULONG Rows = 0;
    for (ULONG i = 0; i < KmodeNtStatusDefinitionCount; i++)
    {
        const KMODE_CODE_NAME *d = &KmodeNtStatusDefinitions[i];
        ULONG Error, Result = RtlNtStatusToDosError((NTSTATUS)d->Code);
        if (RtlpLookupStatusMapping((NTSTATUS)d->Code, &Error))
        {
            Rows++;
            KT_EXPECT_EQ(t, Result, Error);
        }
        else if ((d->Code >> 16) != 0xC001)
        {
            KT_FAIL(t, "%s (0x%08X) has no row in the RtlNtStatusToDosError table", d->Name,
                    (unsigned)d->Code);
        }
        if (Result != d->Code && !KmodeWin32ErrorName(Result))
            KT_FAIL(t, "%s maps to %u, which winerror.h does not define", d->Name,
                    (unsigned)Result);
    }
    /* Two aliases share their value's row. */
    KT_EXPECT_EQ(t, Rows, RtlpStatusMappingCount() + 2);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_status_test_documented_pairs),
    KTEST_CASE_ENTRY(rtl_status_test_success_and_informational),
    KTEST_CASE_ENTRY(rtl_status_test_warnings),
    KTEST_CASE_ENTRY(rtl_status_test_exception_codes_map_to_themselves),
    KTEST_CASE_ENTRY(rtl_status_test_driver_errors),
    KTEST_CASE_ENTRY(rtl_status_test_hresult_results),
    KTEST_CASE_ENTRY(rtl_status_test_facility_ntwin32_passes_low_word),
    KTEST_CASE_ENTRY(rtl_status_test_hresult_from_nt_is_unwrapped),
    KTEST_CASE_ENTRY(rtl_status_test_customer_codes_pass_unchanged),
    KTEST_CASE_ENTRY(rtl_status_test_debugger_codes),
    KTEST_CASE_ENTRY(rtl_status_test_unknown_codes),
    KTEST_CASE_ENTRY(rtl_status_test_noteb_agrees_everywhere),
    KTEST_CASE_ENTRY(rtl_status_test_table_sorted),
    KTEST_CASE_ENTRY(rtl_status_test_every_header_code_is_mapped),
    { 0 },
};
KTEST_SUITE(rtl_status, cases);
