/*
 * PURPOSE: Tests for ntintsafe.h: every conversion and every Add/Sub/Mult routine checked
 * at type boundaries against an exact 128-bit reference, plus spot checks of the documented
 * error values and of the alias names.
 */
#define ENABLE_INTSAFE_SIGNED_FUNCTIONS
#include <ntdef.h>
#include <ntintsafe.h>
#include "ktest.h"

/* The generic boundary checks compare unsigned values with 0 on purpose. */
#pragma GCC diagnostic ignored "-Wtype-limits"

typedef __int128 I128;
typedef unsigned __int128 U128;

#define IS_SIGNED(T) ((T)-1 < (T)0)
#define TMAX(T) (IS_SIGNED(T) ? (((I128)1 << (8 * sizeof(T) - 1)) - 1) : (((I128)1 << (8 * sizeof(T))) - 1))
#define TMIN(T) (IS_SIGNED(T) ? -((I128)1 << (8 * sizeof(T) - 1)) : (I128)0)

/* Interesting values: around 0 and around every 8/16/32/64-bit signed and unsigned limit. */
static I128 probes[64];
static int nprobes;

static void add_probe(I128 v)
{
    for (int i = 0; i < nprobes; i++)
        if (probes[i] == v)
            return;
    probes[nprobes++] = v;
}

static void init_probes(void)
{
    if (nprobes)
        return;
    for (int d = -2; d <= 2; d++)
        add_probe(d);
    for (int bits = 8; bits <= 64; bits *= 2) {
        I128 smax = ((I128)1 << (bits - 1)) - 1;
        I128 umax = ((I128)1 << bits) - 1;
        add_probe(smax);
        add_probe(smax + 1);
        add_probe(-smax - 1);
        add_probe(-smax - 2);
        add_probe(umax);
        add_probe(umax + 1);
        add_probe(umax - 1);
    }
}

static char *i128_str(I128 v, char *buf)
{
    char tmp[48];
    int n = 0, neg = v < 0;
    U128 u = neg ? (U128)(-(v + 1)) + 1 : (U128)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    int o = 0;
    if (neg)
        buf[o++] = '-';
    while (n)
        buf[o++] = tmp[--n];
    buf[o] = 0;
    return buf;
}

/* ---- Conversions: every routine, every probe inside its source range ---------------------- */

#define CHECK_CONVERSION(Src, Dst) \
    do { \
        typedef KMODE_ISE_T_##Src TF; \
        typedef KMODE_ISE_T_##Dst TT; \
        for (int i = 0; i < nprobes; i++) { \
            I128 p = probes[i]; \
            if (p < TMIN(TF) || p > TMAX(TF)) \
                continue; \
            TT r = (TT)0x5A; \
            NTSTATUS st = Rtl##Src##To##Dst((TF)p, &r); \
            int fits = p >= TMIN(TT) && p <= TMAX(TT); \
            char b1[48]; \
            checked++; \
            if (fits && (st != STATUS_SUCCESS || (I128)r != p)) \
                KT_FAIL(t, "Rtl" #Src "To" #Dst "(%s) should succeed", i128_str(p, b1)); \
            if (!fits && (st != STATUS_INTEGER_OVERFLOW || r != (TT)(KMODE_ISE_E_##Dst))) \
                KT_FAIL(t, "Rtl" #Src "To" #Dst "(%s) should overflow to the error value", \
                        i128_str(p, b1)); \
        } \
    } while (0);

static void rtl_intsafe_test_every_conversion_at_boundaries(KTEST *t)
{
    unsigned checked = 0;

    init_probes();
    KMODE_INTSAFE_CONVERSIONS(CHECK_CONVERSION)
    ktest_log(t, "%u conversions checked", checked);
    KT_EXPECT_TRUE(t, checked > 2000);
}

/* ---- Arithmetic: every routine, every pair of probes inside the type ---------------------- */

#define CHECK_ARITH(Tok) \
    do { \
        typedef KMODE_ISE_T_##Tok T; \
        for (int i = 0; i < nprobes; i++) \
            for (int j = 0; j < nprobes; j++) { \
                I128 a = probes[i], b = probes[j]; \
                if (a < TMIN(T) || a > TMAX(T) || b < TMIN(T) || b > TMAX(T)) \
                    continue; \
                T r; \
                NTSTATUS st; \
                I128 sum = a + b, diff = a - b; \
                int mfits; \
                I128 prod = 0; \
                if (IS_SIGNED(T)) { \
                    prod = a * b; /* |a|,|b| <= 2^63: fits in 127 bits */ \
                    mfits = prod >= TMIN(T) && prod <= TMAX(T); \
                } else { \
                    U128 up = (U128)a * (U128)b; \
                    mfits = up <= (U128)TMAX(T); \
                    prod = mfits ? (I128)up : 0; \
                } \
                char b1[48], b2[48]; \
                checked++; \
                st = Rtl##Tok##Add((T)a, (T)b, &r); \
                if (sum >= TMIN(T) && sum <= TMAX(T) ? (st != 0 || (I128)r != sum) \
                                                      : (st != STATUS_INTEGER_OVERFLOW || r != (T)(KMODE_ISE_E_##Tok))) \
                    KT_FAIL(t, "Rtl" #Tok "Add(%s, %s) wrong", i128_str(a, b1), i128_str(b, b2)); \
                st = Rtl##Tok##Sub((T)a, (T)b, &r); \
                if (diff >= TMIN(T) && diff <= TMAX(T) ? (st != 0 || (I128)r != diff) \
                                                        : (st != STATUS_INTEGER_OVERFLOW || r != (T)(KMODE_ISE_E_##Tok))) \
                    KT_FAIL(t, "Rtl" #Tok "Sub(%s, %s) wrong", i128_str(a, b1), i128_str(b, b2)); \
                st = Rtl##Tok##Mult((T)a, (T)b, &r); \
                if (mfits ? (st != 0 || (I128)r != prod) \
                          : (st != STATUS_INTEGER_OVERFLOW || r != (T)(KMODE_ISE_E_##Tok))) \
                    KT_FAIL(t, "Rtl" #Tok "Mult(%s, %s) wrong", i128_str(a, b1), i128_str(b, b2)); \
            } \
    } while (0);

static void rtl_intsafe_test_every_unsigned_operation_at_boundaries(KTEST *t)
{
    unsigned checked = 0;

    init_probes();
    KMODE_INTSAFE_UNSIGNED_TYPES(CHECK_ARITH)
    ktest_log(t, "%u operand pairs checked", checked);
    KT_EXPECT_TRUE(t, checked > 1000);
}

static void rtl_intsafe_test_every_signed_operation_at_boundaries(KTEST *t)
{
    unsigned checked = 0;

    init_probes();
    KMODE_INTSAFE_SIGNED_TYPES(CHECK_ARITH)
    ktest_log(t, "%u operand pairs checked", checked);
    KT_EXPECT_TRUE(t, checked > 1000);
}

/* ---- Spot checks, written as a driver would ----------------------------------------------- */

static void rtl_intsafe_test_ulong_add_sub_mult(KTEST *t)
{
    ULONG r;

    KT_EXPECT_EQ(t, RtlULongAdd(0xFFFFFFFE, 1, &r), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r, 0xFFFFFFFF);
    KT_EXPECT_EQ(t, RtlULongAdd(0xFFFFFFFF, 1, &r), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, r, ULONG_ERROR);
    KT_EXPECT_EQ(t, RtlULongSub(5, 5, &r), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r, 0);
    KT_EXPECT_EQ(t, RtlULongSub(0, 1, &r), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, r, 0xFFFFFFFF);
    KT_EXPECT_EQ(t, RtlULongMult(0xFFFF, 0x10001, &r), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r, 0xFFFFFFFF);
    KT_EXPECT_EQ(t, RtlULongMult(0x10000, 0x10000, &r), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlULongMult(0, 0xFFFFFFFF, &r), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r, 0);
}

static void rtl_intsafe_test_small_and_wide_unsigned(KTEST *t)
{
    UINT8 u8;
    USHORT us;
    ULONGLONG ull;
    SIZE_T st;
    size_t sz;
    ULONG_PTR up;

    KT_EXPECT_EQ(t, RtlUInt8Add(255, 1, &u8), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, u8, 0xFF);
    KT_EXPECT_EQ(t, RtlUShortAdd(0xFFFE, 1, &us), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, us, 0xFFFF);
    KT_EXPECT_EQ(t, RtlUShortMult(256, 256, &us), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlULongLongMult(1ULL << 32, 1ULL << 32, &ull), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, ull, ULONGLONG_ERROR);
    KT_EXPECT_EQ(t, RtlULongLongMult(1ULL << 32, (1ULL << 32) - 1, &ull), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ull, 0xFFFFFFFF00000000ULL);
    KT_EXPECT_EQ(t, RtlSizeTAdd((size_t)-1, 1, &sz), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, sz, (size_t)-1);
    KT_EXPECT_EQ(t, RtlSizeTMult(3, 5, &sz), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, sz, 15);
    KT_EXPECT_EQ(t, RtlSIZETAdd(1, 2, &st), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, st, 3);
    KT_EXPECT_EQ(t, RtlULongPtrSub(0, 1, &up), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, up, ULONG_PTR_ERROR);
}

static void rtl_intsafe_test_signed_overflow_and_min(KTEST *t)
{
    LONG l;
    LONGLONG ll;
    INT8 i8;
    SHORT s;

    KT_EXPECT_EQ(t, RtlLongAdd(MAXLONG, 1, &l), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, l, LONG_ERROR);
    KT_EXPECT_EQ(t, l, -1);
    KT_EXPECT_EQ(t, RtlLongAdd(MINLONG, -1, &l), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlLongAdd(MINLONG, 1, &l), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, l, MINLONG + 1);
    KT_EXPECT_EQ(t, RtlLongSub(0, MINLONG, &l), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlLongMult(MINLONG, -1, &l), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlLongMult(-46341, 46340, &l), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, l, -2147441940);
    KT_EXPECT_EQ(t, RtlLongLongMult(MAXLONGLONG, 1, &ll), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlLongLongMult(-MAXLONGLONG - 1, -1, &ll), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, ll, LONGLONG_ERROR);
    KT_EXPECT_EQ(t, RtlLongLongAdd(-MAXLONGLONG - 1, -1, &ll), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlInt8Mult(-128, 1, &i8), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, i8, -128);
    KT_EXPECT_EQ(t, RtlInt8Mult(-128, -1, &i8), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, i8, INT8_ERROR);
    KT_EXPECT_EQ(t, RtlShortSub(-32768, 1, &s), STATUS_INTEGER_OVERFLOW);
}

static void rtl_intsafe_test_documented_conversions(KTEST *t)
{
    USHORT us;
    ULONG ul;
    UCHAR uc;
    CHAR c;
    UINT8 u8;
    LONG l;
    INT i;

    KT_EXPECT_EQ(t, RtlULongToUShort(0xFFFF, &us), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, us, 0xFFFF);
    KT_EXPECT_EQ(t, RtlULongToUShort(0x10000, &us), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, us, USHORT_ERROR);
    KT_EXPECT_EQ(t, RtlULongLongToULong(0xFFFFFFFFULL, &ul), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlULongLongToULong(0x100000000ULL, &ul), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, ul, 0xFFFFFFFF);
    KT_EXPECT_EQ(t, RtlLongToULong(-1, &ul), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, ul, ULONG_ERROR);
    KT_EXPECT_EQ(t, RtlLongToULong(MAXLONG, &ul), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ul, 0x7FFFFFFF);
    KT_EXPECT_EQ(t, RtlULongToLong(0x80000000, &l), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, l, LONG_ERROR);
    KT_EXPECT_EQ(t, RtlULongPtrToULong(0x100000000ULL, &ul), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlIntPtrToInt(-0x80000000LL, &i), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, i, (INT)0x80000000);
    KT_EXPECT_EQ(t, RtlIntPtrToInt(-0x80000001LL, &i), STATUS_INTEGER_OVERFLOW);
    /* CHAR and UCHAR destinations get '\0' on overflow, UINT8 gets 0xFF (as in the WDK). */
    uc = 0x77;
    KT_EXPECT_EQ(t, RtlInt8ToUChar(-1, &uc), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, uc, 0);
    u8 = 0x77;
    KT_EXPECT_EQ(t, RtlInt8ToUInt8(-1, &u8), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, u8, 0xFF);
    c = 0x77;
    KT_EXPECT_EQ(t, RtlUShortToChar(0x80, &c), STATUS_INTEGER_OVERFLOW);  /* CHAR is signed */
    KT_EXPECT_EQ(t, c, 0);
    KT_EXPECT_EQ(t, RtlUShortToChar(0x7F, &c), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, c, 0x7F);
    KT_EXPECT_EQ(t, RtlByteToChar(200, &c), STATUS_INTEGER_OVERFLOW);
}

static void rtl_intsafe_test_alias_names(KTEST *t)
{
    ULONG ul;
    DWORD dw;
    USHORT us;
    BYTE by;
    size_t sz;
    ptrdiff_t pd;
    SIZE_T st;
    ULONGLONG ull;
    INT64 i64;

    KT_EXPECT_EQ(t, RtlSizeTToULong((size_t)0x1FFFFFFFFULL, &ul), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlSizeTToULong((size_t)7, &ul), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ul, 7);
    KT_EXPECT_EQ(t, RtlSIZETToULong((SIZE_T)0x100000000ULL, &ul), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlULongLongToDWord(5, &dw), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlDWordToWord(0x12345, &us), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlULongToByte(0x100, &by), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, by, BYTE_ERROR);
    KT_EXPECT_EQ(t, RtlLongLongToSizeT(-1, &sz), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, sz, (size_t)-1);
    KT_EXPECT_EQ(t, RtlIntToSizeT(12, &sz), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, sz, 12);
    KT_EXPECT_EQ(t, RtlSizeTToPtrdiffT((size_t)1 << 63, &pd), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, pd, -1);
    KT_EXPECT_EQ(t, RtlULongLongToSIZET(9, &st), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlDWordAdd(0xFFFFFFFF, 1, &dw), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlUInt64Mult(3, 3, &ull), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ull, 9);
    KT_EXPECT_EQ(t, RtlInt64Sub(-MAXLONGLONG, 2, &i64), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlULongLongToInt64(0x8000000000000000ULL, &i64), STATUS_INTEGER_OVERFLOW);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_intsafe_test_every_conversion_at_boundaries),
    KTEST_CASE_ENTRY(rtl_intsafe_test_every_unsigned_operation_at_boundaries),
    KTEST_CASE_ENTRY(rtl_intsafe_test_every_signed_operation_at_boundaries),
    KTEST_CASE_ENTRY(rtl_intsafe_test_ulong_add_sub_mult),
    KTEST_CASE_ENTRY(rtl_intsafe_test_small_and_wide_unsigned),
    KTEST_CASE_ENTRY(rtl_intsafe_test_signed_overflow_and_min),
    KTEST_CASE_ENTRY(rtl_intsafe_test_documented_conversions),
    KTEST_CASE_ENTRY(rtl_intsafe_test_alias_names),
    { 0 },
};
KTEST_SUITE(rtl_intsafe, cases);
