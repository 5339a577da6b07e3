/*
 * PURPOSE: Symbolization of C++ functions: names come back demangled when the process has
 * the C++ runtime (as any C++ driver does).
 */
extern "C" {
#include <wdm.h>
#include <internal/host.h>
}
#include <string.h>
#include "ktest.h"

namespace kmtest {
struct Widget {
    static DECLSPEC_NOINLINE int Method(int x);
};
DECLSPEC_NOINLINE int Widget::Method(int x) { return x * 5; }
}

static void ke_symbols_cxx_test_demangled_name(KTEST *t)
{
    HOST_SYMBOL sym;

    KT_ASSERT_TRUE(t, HostSymbolize((PVOID)&kmtest::Widget::Method, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "kmtest::Widget::Method(int)");
    KT_EXPECT_EQ(t, sym.Offset, 0);
    KT_EXPECT_EQ(t, kmtest::Widget::Method(2), 10);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_symbols_cxx_test_demangled_name),
    { 0, 0 },
};
KTEST_SUITE(ke_symbols_cxx, cases);
