/*
 * PURPOSE: kmode's unit-test framework (KUnit-shaped: one function per behaviour, collected
 * in a case table per suite).
 *
 * Usable from both compile modes: it includes nothing but the compiler's <stdarg.h>, so a
 * test written as WDK driver code (a *_drv.c file, -nostdinc) uses it as freely as runtime
 * code does.
 *
 *   static void rtl_string_test_init(KTEST *t) { KT_EXPECT_EQ(t, 1, 1); }
 *   static KTEST_CASE cases[] = { KTEST_CASE_ENTRY(rtl_string_test_init), {0} };
 *   KTEST_SUITE(rtl_string, cases);
 *
 * EXPECT records a failure and continues; ASSERT records it and ends the test case.
 * KT_EXPECT_BUGCHECK runs a statement and checks that it bugchecks with the given code and
 * parameters (it uses kmode's documented bugcheck-catch API, include/kmode/bugcheck.h).
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KTEST KTEST;
typedef void (*KTEST_FN)(KTEST *t);

typedef struct KTEST_CASE {
    const char *name;
    KTEST_FN fn;
} KTEST_CASE;

typedef struct KTEST_SUITE_DEF {
    const char *name;
    const KTEST_CASE *cases;
    struct KTEST_SUITE_DEF *next;
} KTEST_SUITE_DEF;

void ktest_register(KTEST_SUITE_DEF *suite);
void ktest_fail(KTEST *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ktest_abort_case(KTEST *t) __attribute__((noreturn));
void ktest_log(KTEST *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ktest_memeq(const void *a, const void *b, unsigned long n);
int ktest_streq(const char *a, const char *b);
int ktest_wcseq(const unsigned short *a, const unsigned short *b);

/* Runs fn(ctx) in a child process; returns its exit status (or 128+signal) and captures up
 * to cap-1 bytes of its stderr into buf. For tests whose subject ends the process. */
int ktest_run_isolated(void (*fn)(void *), void *ctx, char *buf, unsigned long cap);
int ktest_contains(const char *haystack, const char *needle);

#define KTEST_CASE_ENTRY(fn) { #fn, fn }

#define KTEST_SUITE(sname, case_table) \
    static KTEST_SUITE_DEF ktest_suite_##sname = { #sname, case_table, 0 }; \
    __attribute__((constructor)) static void ktest_register_##sname(void) \
    { ktest_register(&ktest_suite_##sname); }

#define KT_FAIL(t, ...) ktest_fail((t), __FILE__, __LINE__, __VA_ARGS__)

#define KT_EXPECT_TRUE(t, c) \
    do { if (!(c)) KT_FAIL(t, "expected true: %s", #c); } while (0)
#define KT_EXPECT_FALSE(t, c) \
    do { if ((c)) KT_FAIL(t, "expected false: %s", #c); } while (0)
#define KT_EXPECT_EQ(t, a, b) \
    do { long long _a = (long long)(a), _b = (long long)(b); \
         if (_a != _b) KT_FAIL(t, "%s should be %s (0x%llx), but got 0x%llx", #a, #b, \
                               (unsigned long long)_b, (unsigned long long)_a); } while (0)
#define KT_EXPECT_NE(t, a, b) \
    do { long long _a = (long long)(a), _b = (long long)(b); \
         if (_a == _b) KT_FAIL(t, "%s should differ from %s (0x%llx)", #a, #b, \
                               (unsigned long long)_b); } while (0)
#define KT_EXPECT_PTR_EQ(t, a, b) \
    do { const void *_a = (const void *)(a), *_b = (const void *)(b); \
         if (_a != _b) KT_FAIL(t, "%s should be %p, but got %p", #a, _b, _a); } while (0)
#define KT_EXPECT_STREQ(t, a, b) \
    do { const char *_a = (a), *_b = (b); \
         if (!ktest_streq(_a, _b)) KT_FAIL(t, "%s should be \"%s\", but got \"%s\"", #a, \
                                           _b ? _b : "(null)", _a ? _a : "(null)"); } while (0)
#define KT_EXPECT_WCSEQ(t, a, b) \
    do { if (!ktest_wcseq((const unsigned short *)(a), (const unsigned short *)(b))) \
             KT_FAIL(t, "wide string %s differs from %s", #a, #b); } while (0)
#define KT_EXPECT_MEMEQ(t, a, b, n) \
    do { if (!ktest_memeq((a), (b), (n))) KT_FAIL(t, "%s differs from %s in the first %lu bytes", \
                                                  #a, #b, (unsigned long)(n)); } while (0)
#define KT_EXPECT_CONTAINS(t, hay, needle) \
    do { if (!ktest_contains((hay), (needle))) \
             KT_FAIL(t, "expected to find \"%s\" in:\n%s", (needle), (hay)); } while (0)

#define KT_ASSERT_TRUE(t, c) \
    do { if (!(c)) { KT_FAIL(t, "assertion failed: %s", #c); ktest_abort_case(t); } } while (0)
#define KT_ASSERT_EQ(t, a, b) \
    do { long long _a = (long long)(a), _b = (long long)(b); \
         if (_a != _b) { KT_FAIL(t, "%s should be %s (0x%llx), but got 0x%llx", #a, #b, \
                                 (unsigned long long)_b, (unsigned long long)_a); \
                         ktest_abort_case(t); } } while (0)

#ifdef __cplusplus
}
#endif
#endif /* KTEST_H */
