/*
 * PURPOSE: The SEH macros compile and work in C++ driver code too.
 */
#include <ntddk.h>
#include "ktest.h"

static void seh_cpp_test_except_and_finally(KTEST *t)
{
    NTSTATUS code = 0;
    int fin = 0;
    __try {
        __try {
            ExRaiseStatus(STATUS_INVALID_PARAMETER);
        } __finally {
            fin = AbnormalTermination() ? 1 : 0;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        code = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, code, STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, fin, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(seh_cpp_test_except_and_finally),
    { 0, 0 },
};
KTEST_SUITE(seh_cpp, cases);
