/*
 * PURPOSE: Tests for address symbolization and stack capture (src/host/linux/symbols.c).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wdm.h>
#include <internal/host.h>
#include "ktest.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t a, b;
    if (!s || !suffix)
        return 0;
    a = strlen(s);
    b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static const int static_target_line = __LINE__ + 1;
static DECLSPEC_NOINLINE int ke_symbols_static_target(int x) { return x * 7 + 3; }

static PVOID volatile recorded_return_address;

static DECLSPEC_NOINLINE void record_return_address(void)
{
    recorded_return_address = __builtin_return_address(0);
    __asm__ volatile("" ::: "memory");
}

static void ke_symbols_test_static_function(KTEST *t)
{
    HOST_SYMBOL sym;

    KT_ASSERT_TRUE(t, HostSymbolize((PVOID)ke_symbols_static_target, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "ke_symbols_static_target");
    KT_EXPECT_EQ(t, sym.Offset, 0);
    KT_EXPECT_TRUE(t, ends_with(sym.File, "tests/ke/symbols_test.c"));
    KT_EXPECT_EQ(t, sym.Line, static_target_line);
    KT_EXPECT_STREQ(t, sym.ModuleName, "test-ke");
    KT_EXPECT_TRUE(t, ends_with(sym.ModulePath, "/test-ke"));
    KT_EXPECT_NE(t, sym.ModuleBase, 0);
    KT_EXPECT_TRUE(t, sym.ModuleBase <= (ULONG_PTR)ke_symbols_static_target);
    KT_EXPECT_EQ(t, ke_symbols_static_target(1), 10);   /* keep it a real function */
}

static void ke_symbols_test_offset_inside_function(KTEST *t)
{
    HOST_SYMBOL sym;
    PVOID inside = (PVOID)((ULONG_PTR)ke_symbols_static_target + 2);

    KT_ASSERT_TRUE(t, HostSymbolize(inside, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "ke_symbols_static_target");
    KT_EXPECT_EQ(t, sym.Offset, 2);
}

static void ke_symbols_test_return_address_names_the_call_line(KTEST *t)
{
    HOST_SYMBOL sym;
    int line = __LINE__ + 1;
    record_return_address();

    KT_ASSERT_TRUE(t, HostSymbolizeEx(recorded_return_address, HOST_SYMBOLIZE_RETURN_ADDRESS, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "ke_symbols_test_return_address_names_the_call_line");
    KT_EXPECT_EQ(t, sym.Line, line);
    KT_EXPECT_TRUE(t, ends_with(sym.File, "symbols_test.c"));
    /* The offset is that of the return address itself, as a debugger prints it. */
    {
        HOST_SYMBOL exact;
        KT_ASSERT_TRUE(t, HostSymbolize(recorded_return_address, &exact));
        if (exact.Function && strcmp(exact.Function, sym.Function) == 0)
            KT_EXPECT_EQ(t, exact.Offset, sym.Offset);
    }
}

static void ke_symbols_test_shared_library_function(KTEST *t)
{
    HOST_SYMBOL sym;

    KT_ASSERT_TRUE(t, HostSymbolize((PVOID)getpid, &sym));
    KT_EXPECT_STREQ(t, sym.ModuleName, "libc");              /* libc.so.6 -> "libc" */
    KT_EXPECT_TRUE(t, strstr(sym.ModulePath, "libc.so") != NULL);
    KT_EXPECT_TRUE(t, sym.Function != NULL);
    KT_EXPECT_TRUE(t, sym.Function && strchr(sym.Function, '@') == NULL);  /* no version suffix */
}

static void ke_symbols_test_library_loaded_later_is_found(KTEST *t)
{
    HOST_SYMBOL sym;
    void *lib;
    int (*fn)(int);
    char function[64], module[64];

    /* Make sure kmode has already reported the modules, before the library exists. */
    KT_ASSERT_TRUE(t, HostSymbolize((PVOID)ke_symbols_static_target, &sym));

    lib = dlopen(KE_SYMLIB_PATH, RTLD_NOW | RTLD_LOCAL);
    KT_ASSERT_TRUE(t, lib != NULL);
    fn = (int (*)(int))dlsym(lib, "ke_symlib_function");
    KT_ASSERT_TRUE(t, fn != NULL);
    KT_EXPECT_EQ(t, fn(2), 7);

    KT_ASSERT_TRUE(t, HostSymbolize((PVOID)fn, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "ke_symlib_function");
    KT_EXPECT_STREQ(t, sym.ModuleName, "libke_symlib");
    KT_EXPECT_TRUE(t, ends_with(sym.File, "symlib/symlib.c"));
    KT_EXPECT_TRUE(t, sym.Line >= 7 && sym.Line <= 9);
    KT_EXPECT_EQ(t, sym.Offset, 0);
    snprintf(function, sizeof function, "%s", sym.Function ? sym.Function : "");
    snprintf(module, sizeof module, "%s", sym.ModuleName ? sym.ModuleName : "");

    /* The strings outlive the module (ASan would flag a use after free here). */
    dlclose(lib);
    KT_EXPECT_STREQ(t, sym.Function, function);
    KT_EXPECT_STREQ(t, sym.ModuleName, module);
}

static void ke_symbols_test_unknown_address(KTEST *t)
{
    HOST_SYMBOL sym;

    KT_EXPECT_FALSE(t, HostSymbolize(NULL, &sym));
    KT_EXPECT_TRUE(t, sym.Function == NULL && sym.ModuleName == NULL);
    KT_EXPECT_FALSE(t, HostSymbolize((PVOID)0x10, &sym));
    KT_EXPECT_FALSE(t, HostSymbolizeEx((PVOID)0x10, HOST_SYMBOLIZE_RETURN_ADDRESS, &sym));
}

static DECLSPEC_NOINLINE ULONG capture_here(PVOID *frames, ULONG max)
{
    ULONG n = HostCaptureStack(frames, max, 0);
    __asm__ volatile("" ::: "memory");
    return n;
}

static void ke_symbols_test_capture_stack_starts_at_caller(KTEST *t)
{
    PVOID frames[16];
    HOST_SYMBOL sym;
    ULONG n = capture_here(frames, 16);

    KT_ASSERT_TRUE(t, n >= 2);
    KT_ASSERT_TRUE(t, HostSymbolizeEx(frames[0], HOST_SYMBOLIZE_RETURN_ADDRESS, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "capture_here");
    KT_ASSERT_TRUE(t, HostSymbolizeEx(frames[1], HOST_SYMBOLIZE_RETURN_ADDRESS, &sym));
    KT_EXPECT_STREQ(t, sym.Function, "ke_symbols_test_capture_stack_starts_at_caller");
    KT_EXPECT_EQ(t, capture_here(frames, 1), 1);   /* MaxFrames is honoured */
}

static void *symbolize_many(void *arg)
{
    long failures = 0;
    (void)arg;
    for (int i = 0; i < 300; i++) {
        HOST_SYMBOL sym;
        if (!HostSymbolize((PVOID)ke_symbols_static_target, &sym) || !sym.Function ||
            strcmp(sym.Function, "ke_symbols_static_target") != 0)
            failures++;
        if (!HostSymbolizeEx((PVOID)((ULONG_PTR)getpid + 1), HOST_SYMBOLIZE_RETURN_ADDRESS, &sym))
            failures++;
    }
    return (void *)failures;
}

static void ke_symbols_test_concurrent_callers(KTEST *t)
{
    pthread_t threads[4];
    long failures = 0;

    for (int i = 0; i < 4; i++)
        KT_ASSERT_TRUE(t, pthread_create(&threads[i], NULL, symbolize_many, NULL) == 0);
    for (int i = 0; i < 4; i++) {
        void *result;
        pthread_join(threads[i], &result);
        failures += (long)result;
    }
    KT_EXPECT_EQ(t, failures, 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_symbols_test_static_function),
    KTEST_CASE_ENTRY(ke_symbols_test_offset_inside_function),
    KTEST_CASE_ENTRY(ke_symbols_test_return_address_names_the_call_line),
    KTEST_CASE_ENTRY(ke_symbols_test_shared_library_function),
    KTEST_CASE_ENTRY(ke_symbols_test_library_loaded_later_is_found),
    KTEST_CASE_ENTRY(ke_symbols_test_unknown_address),
    KTEST_CASE_ENTRY(ke_symbols_test_capture_stack_starts_at_caller),
    KTEST_CASE_ENTRY(ke_symbols_test_concurrent_callers),
    { 0 },
};
KTEST_SUITE(ke_symbols, cases);
