/*
 * PURPOSE: App-mode tests (C++) for the user CRT: the same bindings seen through the C++
 * library's headers (<cstdlib> first, which includes glibc's <stdlib.h> directly), std::
 * names, the secure functions' array-template overloads MSVC offers in C++, and printf
 * staying in order with std::cout.
 */
#include <cstdlib>
#include <string>
#include <iostream>
#include <cstdio>
#include <cstring>
#include <cwchar>
#include <cwctype>
#include <cinttypes>
#include <cerrno>
#include "ktest.h"
#include "win32_crt_capture.h"

static void win32_crt_cpp_test_std_names_are_kmode(KTEST *t)
{
    const wchar_t *s = L"abcabc";
    wchar_t w[8];
    KT_EXPECT_EQ(t, sizeof(wchar_t), 2);
    KT_EXPECT_EQ(t, std::wcslen(L"abcd"), 4);
    KT_EXPECT_EQ(t, wcslen(L"\x4E2D"), 1);
    const wchar_t *c = std::wcschr(s, L'c');          /* the const overload */
    KT_EXPECT_PTR_EQ(t, c, s + 2);
    KT_EXPECT_PTR_EQ(t, std::wcsrchr(s, L'c'), s + 5);
    KT_EXPECT_EQ(t, std::wcscmp(L"a", L"b") < 0, 1);
    KT_EXPECT_EQ(t, _wcsicmp(L"ABC", L"abc"), 0);
    KT_EXPECT_EQ(t, std::wcstol(L"-0x10", nullptr, 16), -16);
    KT_EXPECT_EQ(t, std::towupper(L'q'), L'Q');
    KT_EXPECT_TRUE(t, std::iswdigit(L'3'));
    KT_EXPECT_EQ(t, std::swprintf(w, 8, L"%d%s", 12, L"ab"), 4);
    KT_EXPECT_WCSEQ(t, w, L"12ab");
    KT_EXPECT_EQ(t, std::mbstowcs(w, "\x80", 8), 1);   /* kmode's: Windows-1252 */
    KT_EXPECT_EQ(t, w[0], 0x20AC);
    KT_EXPECT_EQ(t, std::char_traits<wchar_t>::length(L"xyz"), 3);
    wchar_t words[] = L"one two";
    KT_EXPECT_WCSEQ(t, wcstok(words, L" "), L"one");          /* the C++ two-argument form */
    KT_EXPECT_WCSEQ(t, wcstok(nullptr, L" "), L"two");
    std::wmemset(w, L'#', 3);
    KT_EXPECT_EQ(t, std::wmemcmp(w, L"###", 3), 0);
}

static void win32_crt_cpp_test_printf_formats(KTEST *t)
{
    char b[64];
    KT_EXPECT_EQ(t, std::sprintf(b, "%ws %I64d %lu", L"w", -1LL, 4294967295u), 15);
    KT_EXPECT_STREQ(t, b, "w -1 4294967295");
    KT_EXPECT_EQ(t, snprintf(b, 3, "%S", L"wide"), 4);
    KT_EXPECT_STREQ(t, b, "wi");
    std::sprintf(b, "%" PRIu64, (uint64_t)10000000000ULL);
    KT_EXPECT_STREQ(t, b, "10000000000");
    int (*fp)(const char *, ...) = std::printf;          /* a function pointer works too */
    KT_EXPECT_TRUE(t, fp != nullptr);
}

static void win32_crt_cpp_test_scanf_formats(KTEST *t)
{
    unsigned char bytes[8];
    char word[8];
    wchar_t wide[8];
    long long big = 0;

    /* std::sscanf and ::sscanf are kmode's: %ld is a 32-bit LONG */
    std::memset(bytes, 0xEE, sizeof bytes);
    KT_EXPECT_EQ(t, std::sscanf("-3", "%ld", (int *)(void *)bytes), 1);
    KT_EXPECT_EQ(t, bytes[4], 0xEE);
    KT_EXPECT_EQ(t, sscanf("9000000000", "%I64d", &big), 1);
    KT_EXPECT_EQ(t, big, 9000000000LL);
    KT_EXPECT_EQ(t, sscanf_s("word", "%s", word, (unsigned)sizeof word), 1);
    KT_EXPECT_STREQ(t, word, "word");
    KT_EXPECT_EQ(t, std::swscanf(L"w s", L"%s %S", wide, word), 2);
    KT_EXPECT_WCSEQ(t, wide, L"w");
    KT_EXPECT_STREQ(t, word, "s");
    int (*fp)(const char *, const char *, ...) = std::sscanf;   /* a function pointer too */
    KT_EXPECT_EQ(t, fp("5", "%hhd", (signed char *)bytes), 1);
    KT_EXPECT_EQ(t, bytes[0], 5);
}

static void win32_crt_cpp_test_secure_array_templates(KTEST *t)
{
    char b[6];
    wchar_t w[6];
    KT_EXPECT_EQ(t, strcpy_s(b, "abc"), 0);
    KT_EXPECT_EQ(t, strcat_s(b, "de"), 0);
    KT_EXPECT_STREQ(t, b, "abcde");
    KT_EXPECT_EQ(t, strcat_s(b, "f"), ERANGE);        /* the size is the array's */
    KT_EXPECT_EQ(t, strncpy_s(b, "123456789", _TRUNCATE), STRUNCATE);
    KT_EXPECT_STREQ(t, b, "12345");
    KT_EXPECT_EQ(t, wcscpy_s(w, L"xy"), 0);
    KT_EXPECT_EQ(t, wcscat_s(w, L"z"), 0);
    KT_EXPECT_WCSEQ(t, w, L"xyz");
    KT_EXPECT_EQ(t, wcsncpy_s(w, L"abcdefg", 3), 0);
    KT_EXPECT_WCSEQ(t, w, L"abc");
    KT_EXPECT_EQ(t, wcsncat_s(w, L"defg", _TRUNCATE), STRUNCATE);
    KT_EXPECT_WCSEQ(t, w, L"abcde");
    KT_EXPECT_EQ(t, strncat_s(b, "", 1), 0);
    KT_EXPECT_EQ(t, sprintf_s(b, "%d", 42), 2);
    KT_EXPECT_STREQ(t, b, "42");
    KT_EXPECT_EQ(t, sprintf_s(b, "%s", "toolong"), -1);
    KT_EXPECT_EQ(t, _snprintf_s(b, _TRUNCATE, "%s", "toolong"), -1);
    KT_EXPECT_STREQ(t, b, "toolo");
    KT_EXPECT_EQ(t, swprintf_s(w, L"%ws", L"ok"), 2);
    KT_EXPECT_WCSEQ(t, w, L"ok");
    KT_EXPECT_EQ(t, _snwprintf_s(w, 2, L"%s", L"abc"), -1);
    KT_EXPECT_WCSEQ(t, w, L"ab");
    KT_EXPECT_EQ(t, _itoa_s(123, b, 10), 0);
    KT_EXPECT_STREQ(t, b, "123");
    KT_EXPECT_EQ(t, _itoa_s(123456, b, 10), ERANGE);
    KT_EXPECT_EQ(t, _itow_s(-5, w, 10), 0);
    KT_EXPECT_WCSEQ(t, w, L"-5");
    /* The explicit-size forms still work. */
    KT_EXPECT_EQ(t, strcpy_s(b, sizeof b, "q"), 0);
    KT_EXPECT_EQ(t, sprintf_s(b, sizeof b, "%c", 'r'), 1);
}

static void win32_crt_cpp_test_output_order_with_iostream(KTEST *t)
{
    CAPTURE out;
    char text[64];
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    std::cout << "a";
    std::printf("%ws", L"b");
    std::cout << "c" << std::flush;
    wprintf(L"%s", L"\x00E9");
    std::string s = "d";
    std::cout << s << std::endl;
    RestoreStdout(&out, text, sizeof text);
    KT_EXPECT_STREQ(t, text, "abc\xC3\xA9" "d\n");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_crt_cpp_test_std_names_are_kmode),
    KTEST_CASE_ENTRY(win32_crt_cpp_test_scanf_formats),
    KTEST_CASE_ENTRY(win32_crt_cpp_test_printf_formats),
    KTEST_CASE_ENTRY(win32_crt_cpp_test_secure_array_templates),
    KTEST_CASE_ENTRY(win32_crt_cpp_test_output_order_with_iostream),
    { nullptr, nullptr }
};
KTEST_SUITE(win32_crt_cpp, cases);
