/*
 * PURPOSE: ntstatus.h, winerror.h and RtlNtStatusToDosError from C++ (the headers must
 *          compile as C++, and their values stay constant expressions there).
 */
#include <wdm.h>
#include <winerror.h>
#include "ktest.h"

static_assert(STATUS_ACCESS_VIOLATION == static_cast<NTSTATUS>(0xC0000005), "");
static_assert(NT_ERROR(STATUS_DEVICE_REMOVED), "");
static_assert(ERROR_MR_MID_NOT_FOUND == 317, "");
static_assert(HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) == E_ACCESSDENIED, "");
static_assert(HRESULT_FROM_NT(STATUS_NO_MEMORY) == static_cast<HRESULT>(0xD0000017), "");
static_assert(E_NOT_SET == static_cast<HRESULT>(0x80070490), "");

static void status_cpp_test_mapping(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlNtStatusToDosError(STATUS_OBJECT_PATH_NOT_FOUND), ERROR_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, RtlNtStatusToDosErrorNoTeb(STATUS_PENDING), ERROR_IO_PENDING);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(status_cpp_test_mapping),
    { 0, 0 },
};
KTEST_SUITE(status_cpp, cases);
