/*
 * PURPOSE: Tests for kernel time (src/ke/time.c) and the Rtl time conversions
 * (src/rtl/time.c), written as driver code. Time-zone conversions with a chosen TZ are in
 * time_tz_test.c. The only duration checked is a lower bound (KeStallExecutionProcessor).
 */
#include <ntifs.h>
#include "ktest.h"

/* TIME_FIELDS has the Windows x64 layout: eight CSHORTs. */
_Static_assert(sizeof(TIME_FIELDS) == 16, "sizeof(TIME_FIELDS)");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Year) == 0, "TIME_FIELDS.Year");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Month) == 2, "TIME_FIELDS.Month");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Day) == 4, "TIME_FIELDS.Day");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Hour) == 6, "TIME_FIELDS.Hour");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Minute) == 8, "TIME_FIELDS.Minute");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Second) == 10, "TIME_FIELDS.Second");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Milliseconds) == 12, "TIME_FIELDS.Milliseconds");
_Static_assert(__builtin_offsetof(TIME_FIELDS, Weekday) == 14, "TIME_FIELDS.Weekday");

#define EPOCH_1970 116444736000000000LL
#define EPOCH_1980 119600064000000000LL
#define TICKS_PER_DAY 864000000000LL
#define SENTINEL 0x1234567890ABCDEFLL

enum { SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY };

static TIME_FIELDS Fields(int y, int mo, int d, int h, int mi, int s, int ms)
{
    TIME_FIELDS f;

    f.Year = (CSHORT)y;
    f.Month = (CSHORT)mo;
    f.Day = (CSHORT)d;
    f.Hour = (CSHORT)h;
    f.Minute = (CSHORT)mi;
    f.Second = (CSHORT)s;
    f.Milliseconds = (CSHORT)ms;
    f.Weekday = 0;
    return f;
}

/* Checks time <-> fields both ways at one known date. */
static void ExpectDate(KTEST *t, LONGLONG time, int y, int mo, int d, int h, int mi, int s, int ms,
                       int weekday)
{
    LARGE_INTEGER li, back;
    TIME_FIELDS f, want = Fields(y, mo, d, h, mi, s, ms);

    li.QuadPart = time;
    RtlTimeToTimeFields(&li, &f);
    KT_EXPECT_EQ(t, f.Year, y);
    KT_EXPECT_EQ(t, f.Month, mo);
    KT_EXPECT_EQ(t, f.Day, d);
    KT_EXPECT_EQ(t, f.Hour, h);
    KT_EXPECT_EQ(t, f.Minute, mi);
    KT_EXPECT_EQ(t, f.Second, s);
    KT_EXPECT_EQ(t, f.Milliseconds, ms);
    KT_EXPECT_EQ(t, f.Weekday, weekday);
    back.QuadPart = SENTINEL;
    KT_EXPECT_TRUE(t, RtlTimeFieldsToTime(&want, &back));
    KT_EXPECT_EQ(t, back.QuadPart, time - time % 10000);
}

static BOOLEAN IsLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int DaysIn(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && IsLeap(y) ? 29 : days[m - 1];
}

/* ---- Rtl conversions ------------------------------------------------------------------ */

static void rtl_time_test_epoch_1601(KTEST *t)
{
    ExpectDate(t, 0, 1601, 1, 1, 0, 0, 0, 0, MONDAY);
    ExpectDate(t, TICKS_PER_DAY - 1, 1601, 1, 1, 23, 59, 59, 999, MONDAY);
}

static void rtl_time_test_epoch_1970_and_1980(KTEST *t)
{
    ExpectDate(t, EPOCH_1970, 1970, 1, 1, 0, 0, 0, 0, THURSDAY);
    ExpectDate(t, EPOCH_1980, 1980, 1, 1, 0, 0, 0, 0, TUESDAY);
}

static void rtl_time_test_1900_is_not_leap(KTEST *t)
{
    TIME_FIELDS f = Fields(1900, 2, 29, 0, 0, 0, 0);
    LARGE_INTEGER li = { .QuadPart = SENTINEL };

    KT_EXPECT_FALSE(t, RtlTimeFieldsToTime(&f, &li));
    KT_EXPECT_EQ(t, li.QuadPart, SENTINEL);
    ExpectDate(t, 94404960000000000LL, 1900, 2, 28, 0, 0, 0, 0, WEDNESDAY);
    ExpectDate(t, 94404960000000000LL + TICKS_PER_DAY, 1900, 3, 1, 0, 0, 0, 0, THURSDAY);
}

static void rtl_time_test_2000_is_leap(KTEST *t)
{
    ExpectDate(t, 125962560000000000LL, 2000, 2, 29, 0, 0, 0, 0, TUESDAY);
    /* Day 366 of 2000: the last day of a 400-year cycle. */
    ExpectDate(t, 126227807999990000LL, 2000, 12, 31, 23, 59, 59, 999, SUNDAY);
    ExpectDate(t, 126227808000000000LL, 2001, 1, 1, 0, 0, 0, 0, MONDAY);
}

static void rtl_time_test_2024_02_29(KTEST *t)
{
    TIME_FIELDS f = Fields(2023, 2, 29, 0, 0, 0, 0);
    LARGE_INTEGER li = { .QuadPart = SENTINEL };

    ExpectDate(t, 133536836967890000LL, 2024, 2, 29, 12, 34, 56, 789, THURSDAY);
    KT_EXPECT_FALSE(t, RtlTimeFieldsToTime(&f, &li));
    KT_EXPECT_EQ(t, li.QuadPart, SENTINEL);
}

static void rtl_time_test_truncates_to_milliseconds(KTEST *t)
{
    /* 100-ns digits below the millisecond are dropped both ways. */
    ExpectDate(t, EPOCH_1970 + 9999, 1970, 1, 1, 0, 0, 0, 0, THURSDAY);
    ExpectDate(t, EPOCH_1970 + 10000 * 5 + 1234, 1970, 1, 1, 0, 0, 0, 5, THURSDAY);
}

static void rtl_time_test_last_valid_time(KTEST *t)
{
    TIME_FIELDS f;
    LARGE_INTEGER li;

    ExpectDate(t, 2650467743999990000LL, 9999, 12, 31, 23, 59, 59, 999, FRIDAY);
    /* The largest LARGE_INTEGER is 30828-09-14 02:48:05.477(5807), a Thursday. */
    ExpectDate(t, MAXLONGLONG, 30828, 9, 14, 2, 48, 5, 477, THURSDAY);

    f = Fields(30828, 9, 14, 2, 48, 5, 478);          /* one millisecond more: overflow */
    li.QuadPart = SENTINEL;
    KT_EXPECT_FALSE(t, RtlTimeFieldsToTime(&f, &li));
    KT_EXPECT_EQ(t, li.QuadPart, SENTINEL);
    f = Fields(30828, 12, 31, 0, 0, 0, 0);
    KT_EXPECT_FALSE(t, RtlTimeFieldsToTime(&f, &li));
    f = Fields(32767, 12, 31, 23, 59, 59, 999);
    KT_EXPECT_FALSE(t, RtlTimeFieldsToTime(&f, &li));
    KT_EXPECT_EQ(t, li.QuadPart, SENTINEL);
}

static void rtl_time_test_invalid_fields(KTEST *t)
{
    static const short bad[][7] = {
        { 1600, 12, 31, 23, 59, 59, 999 },   /* before 1601 */
        { -1, 1, 1, 0, 0, 0, 0 },
        { 2024, 0, 1, 0, 0, 0, 0 },
        { 2024, 13, 1, 0, 0, 0, 0 },
        { 2024, -3, 1, 0, 0, 0, 0 },
        { 2024, 1, 0, 0, 0, 0, 0 },
        { 2024, 1, 32, 0, 0, 0, 0 },
        { 2024, 4, 31, 0, 0, 0, 0 },
        { 2024, 2, 30, 0, 0, 0, 0 },
        { 2024, 1, 1, 24, 0, 0, 0 },
        { 2024, 1, 1, -1, 0, 0, 0 },
        { 2024, 1, 1, 0, 60, 0, 0 },
        { 2024, 1, 1, 0, -1, 0, 0 },
        { 2024, 1, 1, 0, 0, 60, 0 },
        { 2024, 1, 1, 0, 0, -1, 0 },
        { 2024, 1, 1, 0, 0, 0, 1000 },
        { 2024, 1, 1, 0, 0, 0, -1 },
    };

    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        TIME_FIELDS f = Fields(bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5],
                               bad[i][6]);
        LARGE_INTEGER li = { .QuadPart = SENTINEL };
        if (RtlTimeFieldsToTime(&f, &li) || li.QuadPart != SENTINEL)
            KT_FAIL(t, "case %u (%d-%d-%d %d:%d:%d.%d) was accepted", i, bad[i][0], bad[i][1],
                    bad[i][2], bad[i][3], bad[i][4], bad[i][5], bad[i][6]);
    }
}

static void rtl_time_test_weekday_is_ignored(KTEST *t)
{
    TIME_FIELDS f = Fields(1970, 1, 1, 0, 0, 0, 0);
    LARGE_INTEGER li;

    f.Weekday = 77;
    KT_EXPECT_TRUE(t, RtlTimeFieldsToTime(&f, &li));
    KT_EXPECT_EQ(t, li.QuadPart, EPOCH_1970);
}

/* Walks day by day, checking that each date follows the previous one by the calendar rules
   (computed here independently) and the weekday advances by one. */
static void WalkDays(KTEST *t, LONGLONG firstDay, LONGLONG count)
{
    TIME_FIELDS prev, f;
    LARGE_INTEGER li;

    li.QuadPart = firstDay * TICKS_PER_DAY + 432000000000LL;   /* noon */
    RtlTimeToTimeFields(&li, &prev);
    for (LONGLONG day = firstDay + 1; day < firstDay + count; day++) {
        int y = prev.Year, m = prev.Month, d = prev.Day + 1;
        if (d > DaysIn(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        li.QuadPart = day * TICKS_PER_DAY + 432000000000LL;
        RtlTimeToTimeFields(&li, &f);
        if (f.Year != y || f.Month != m || f.Day != d || f.Weekday != (prev.Weekday + 1) % 7 ||
            f.Hour != 12 || f.Minute != 0 || f.Second != 0 || f.Milliseconds != 0) {
            KT_FAIL(t, "day %lld: got %d-%d-%d wd %d, expected %d-%d-%d wd %d", day, f.Year,
                    f.Month, f.Day, f.Weekday, y, m, d, (prev.Weekday + 1) % 7);
            return;
        }
        prev = f;
    }
}

static void rtl_time_test_daily_walk(KTEST *t)
{
    WalkDays(t, 0, 146097 * 3 + 10);                          /* 1601 .. past 2801 */
    WalkDays(t, MAXLONGLONG / TICKS_PER_DAY - 146097, 146097); /* the last cycle before 30828 */
}

static ULONGLONG Rng(ULONGLONG *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s ^ (*s >> 29);
}

static void rtl_time_test_round_trip_random(KTEST *t)
{
    ULONGLONG seed = 0x5eed;
    ULONG failures = 0;

    for (int i = 0; i < 200000 && failures < 5; i++) {
        LARGE_INTEGER li, back;
        TIME_FIELDS f;
        LONGLONG time = (LONGLONG)(Rng(&seed) >> 1);   /* 0 .. MAXLONGLONG */

        if (i & 1)
            time %= 200LL * 365 * TICKS_PER_DAY + EPOCH_1970;   /* denser around today */
        li.QuadPart = time;
        RtlTimeToTimeFields(&li, &f);
        back.QuadPart = SENTINEL;
        if (!RtlTimeFieldsToTime(&f, &back) || back.QuadPart != time - time % 10000 ||
            f.Weekday != (time / TICKS_PER_DAY + 1) % 7) {
            KT_FAIL(t, "time %lld: %d-%d-%d %d:%d:%d.%d wd %d -> %lld", time, f.Year, f.Month,
                    f.Day, f.Hour, f.Minute, f.Second, f.Milliseconds, f.Weekday, back.QuadPart);
            failures++;
        }
    }
    /* And from random valid fields. */
    for (int i = 0; i < 100000 && failures < 5; i++) {
        int y = 1601 + (int)(Rng(&seed) % 29000), m = 1 + (int)(Rng(&seed) % 12);
        TIME_FIELDS f = Fields(y, m, 1 + (int)(Rng(&seed) % (ULONGLONG)DaysIn(y, m)),
                               (int)(Rng(&seed) % 24), (int)(Rng(&seed) % 60),
                               (int)(Rng(&seed) % 60), (int)(Rng(&seed) % 1000)), g;
        LARGE_INTEGER li;

        if (!RtlTimeFieldsToTime(&f, &li)) {
            KT_FAIL(t, "%d-%d-%d rejected", f.Year, f.Month, f.Day);
            failures++;
            continue;
        }
        RtlTimeToTimeFields(&li, &g);
        g.Weekday = 0;
        if (!RtlEqualMemory(&f, &g, sizeof f)) {
            KT_FAIL(t, "%d-%d-%d %d:%d:%d.%d came back as %d-%d-%d %d:%d:%d.%d", f.Year, f.Month,
                    f.Day, f.Hour, f.Minute, f.Second, f.Milliseconds, g.Year, g.Month, g.Day,
                    g.Hour, g.Minute, g.Second, g.Milliseconds);
            failures++;
        }
    }
}

static void rtl_time_test_before_1601(KTEST *t)
{
    LARGE_INTEGER li = { .QuadPart = -1 }, back = { .QuadPart = SENTINEL };
    TIME_FIELDS f;

    /* kmode continues the calendar backwards; such dates are not convertible back. */
    RtlTimeToTimeFields(&li, &f);
    KT_EXPECT_EQ(t, f.Year, 1600);
    KT_EXPECT_EQ(t, f.Month, 12);
    KT_EXPECT_EQ(t, f.Day, 31);
    KT_EXPECT_EQ(t, f.Hour, 23);
    KT_EXPECT_EQ(t, f.Milliseconds, 999);
    KT_EXPECT_EQ(t, f.Weekday, SUNDAY);
    KT_EXPECT_FALSE(t, RtlTimeFieldsToTime(&f, &back));
    KT_EXPECT_EQ(t, back.QuadPart, SENTINEL);

    li.QuadPart = -MAXLONGLONG - 1;
    RtlTimeToTimeFields(&li, &f);
    KT_EXPECT_TRUE(t, f.Year < 1601 && f.Year > -32768);
    KT_EXPECT_TRUE(t, f.Month >= 1 && f.Month <= 12 && f.Day >= 1 && f.Day <= 31);
    KT_EXPECT_TRUE(t, f.Weekday >= 0 && f.Weekday <= 6);
}

static void rtl_time_test_seconds_since_1970(KTEST *t)
{
    LARGE_INTEGER li;
    ULONG s = 0xDEADBEEF;

    RtlSecondsSince1970ToTime(0, &li);
    KT_EXPECT_EQ(t, li.QuadPart, EPOCH_1970);
    RtlSecondsSince1970ToTime(1000000000, &li);                  /* 2001-09-09 01:46:40 */
    ExpectDate(t, li.QuadPart, 2001, 9, 9, 1, 46, 40, 0, SUNDAY);
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1970(&li, &s));
    KT_EXPECT_EQ(t, s, 1000000000);

    li.QuadPart = EPOCH_1970 + 9999999;                          /* whole seconds, truncated */
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1970(&li, &s));
    KT_EXPECT_EQ(t, s, 0);

    RtlSecondsSince1970ToTime(0xFFFFFFFF, &li);                  /* 2106-02-07 06:28:15 */
    ExpectDate(t, li.QuadPart, 2106, 2, 7, 6, 28, 15, 0, SUNDAY);
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1970(&li, &s));
    KT_EXPECT_EQ(t, s, 0xFFFFFFFF);

    s = 0xDEADBEEF;
    li.QuadPart += 10000000;                                     /* one second too late */
    KT_EXPECT_FALSE(t, RtlTimeToSecondsSince1970(&li, &s));
    KT_EXPECT_EQ(t, s, 0xDEADBEEF);
    li.QuadPart = EPOCH_1970 - 1;                                /* before 1970 */
    KT_EXPECT_FALSE(t, RtlTimeToSecondsSince1970(&li, &s));
    li.QuadPart = -1;
    KT_EXPECT_FALSE(t, RtlTimeToSecondsSince1970(&li, &s));
    KT_EXPECT_EQ(t, s, 0xDEADBEEF);
}

static void rtl_time_test_seconds_since_1980(KTEST *t)
{
    LARGE_INTEGER li;
    ULONG s = 0xDEADBEEF, s70 = 0;

    RtlSecondsSince1980ToTime(0, &li);
    KT_EXPECT_EQ(t, li.QuadPart, EPOCH_1980);
    RtlSecondsSince1980ToTime(12345678, &li);
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1980(&li, &s));
    KT_EXPECT_EQ(t, s, 12345678);
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1970(&li, &s70));
    KT_EXPECT_EQ(t, s70 - s, 315532800);                        /* 3652 days */

    RtlSecondsSince1980ToTime(0xFFFFFFFF, &li);                  /* 2116-02-07 06:28:15 */
    ExpectDate(t, li.QuadPart, 2116, 2, 7, 6, 28, 15, 0, FRIDAY);
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1980(&li, &s));
    KT_EXPECT_EQ(t, s, 0xFFFFFFFF);

    s = 0xDEADBEEF;
    li.QuadPart += 10000000;
    KT_EXPECT_FALSE(t, RtlTimeToSecondsSince1980(&li, &s));
    li.QuadPart = EPOCH_1980 - 1;
    KT_EXPECT_FALSE(t, RtlTimeToSecondsSince1980(&li, &s));
    KT_EXPECT_EQ(t, s, 0xDEADBEEF);
}

/* ---- Clocks ---------------------------------------------------------------------------- */

static void ke_time_test_system_time_is_a_recent_utc_time(KTEST *t)
{
    LARGE_INTEGER now, precise;
    TIME_FIELDS f;
    ULONG s;

    KeQuerySystemTime(&now);
    KeQuerySystemTimePrecise(&precise);
    KT_EXPECT_TRUE(t, now.QuadPart > 132223104000000000LL);      /* after 2020-01-01 */
    KT_EXPECT_TRUE(t, precise.QuadPart > 132223104000000000LL);
    RtlTimeToTimeFields(&now, &f);
    KT_EXPECT_TRUE(t, f.Year >= 2020 && f.Year < 2200);
    KT_EXPECT_TRUE(t, RtlTimeToSecondsSince1970(&precise, &s));
}

static void ke_time_test_clocks_never_go_back(KTEST *t)
{
    ULONGLONG it = KeQueryInterruptTime(), ut = KeQueryUnbiasedInterruptTime();
    LONGLONG pc = KeQueryPerformanceCounter(NULL).QuadPart;
    LARGE_INTEGER tick;
    ULONG64 qpc, pt = KeQueryInterruptTimePrecise(&qpc);
    LONGLONG tc;

    KeQueryTickCount(&tick);
    tc = tick.QuadPart;
    for (int i = 0; i < 20000; i++) {
        ULONGLONG it2 = KeQueryInterruptTime(), ut2 = KeQueryUnbiasedInterruptTime();
        LONGLONG pc2 = KeQueryPerformanceCounter(NULL).QuadPart;
        ULONG64 qpc2, pt2 = KeQueryInterruptTimePrecise(&qpc2);

        KeQueryTickCount(&tick);
        if (it2 < it || ut2 < ut || pc2 < pc || pt2 < pt || qpc2 < qpc || tick.QuadPart < tc) {
            KT_FAIL(t, "a clock went back at read %d", i);
            return;
        }
        it = it2, ut = ut2, pc = pc2, pt = pt2, qpc = qpc2, tc = tick.QuadPart;
    }
}

static void ke_time_test_unbiased_never_exceeds_biased(KTEST *t)
{
    ULONGLONG unbiased = KeQueryUnbiasedInterruptTime();
    ULONGLONG biased = KeQueryInterruptTime();

    KT_EXPECT_TRUE(t, unbiased <= biased);
}

static void ke_time_test_interrupt_time_precise_and_counter(KTEST *t)
{
    LARGE_INTEGER freq = { .QuadPart = 0 };
    ULONG64 qpc = 0;
    ULONGLONG before = KeQueryInterruptTime();
    ULONG64 now = KeQueryInterruptTimePrecise(&qpc);
    ULONGLONG after = KeQueryInterruptTime();
    LONGLONG c1, c2;

    KT_EXPECT_TRUE(t, before <= now && now <= after);
    KT_EXPECT_EQ(t, qpc, now);                     /* the counter is the interrupt-time clock */

    c1 = KeQueryPerformanceCounter(&freq).QuadPart;
    KT_EXPECT_EQ(t, freq.QuadPart, 10000000);
    KT_EXPECT_TRUE(t, c1 >= (LONGLONG)after);
    c2 = KeQueryPerformanceCounter(NULL).QuadPart;  /* the frequency is optional */
    KT_EXPECT_TRUE(t, c2 >= c1);
}

static void ke_time_test_tick_count_matches_increment(KTEST *t)
{
    LARGE_INTEGER t1, t2;
    ULONG inc = KeQueryTimeIncrement();
    ULONGLONG it;

    KT_EXPECT_EQ(t, inc, 156250);
    KeQueryTickCount(&t1);
    it = KeQueryInterruptTime();
    KeQueryTickCount(&t2);
    KT_EXPECT_TRUE(t, t1.QuadPart >= 0);
    KT_EXPECT_TRUE(t, (ULONGLONG)t1.QuadPart * inc <= it);
    KT_EXPECT_TRUE(t, it < ((ULONGLONG)t2.QuadPart + 1) * inc);
}

static void ke_time_test_stall_lasts_at_least_the_time_asked(KTEST *t)
{
    ULONGLONG start = KeQueryInterruptTime(), end;

    KeStallExecutionProcessor(1000);
    end = KeQueryInterruptTime();
    KT_EXPECT_TRUE(t, end - start >= 10000);       /* 1 ms in 100-ns units */

    KeStallExecutionProcessor(0);
}

static void ke_time_test_stall_at_dispatch_keeps_irql_and_processor(KTEST *t)
{
    KIRQL old;
    ULONG cpu;
    ULONGLONG start;

    KeRaiseIrql(HIGH_LEVEL, &old);
    cpu = KeGetCurrentProcessorNumber();
    start = KeQueryInterruptTime();
    KeStallExecutionProcessor(50);
    KT_EXPECT_TRUE(t, KeQueryInterruptTime() - start >= 500);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), HIGH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentProcessorNumber(), cpu);
    KeLowerIrql(old);
}

static void ex_time_test_local_time_round_trip(KTEST *t)
{
    LARGE_INTEGER sys, local, back;

    KeQuerySystemTime(&sys);
    ExSystemTimeToLocalTime(&sys, &local);
    ExLocalTimeToSystemTime(&local, &back);
    KT_EXPECT_EQ(t, back.QuadPart, sys.QuadPart);
    /* The bias is whole minutes of at most a day. */
    KT_EXPECT_EQ(t, (local.QuadPart - sys.QuadPart) % 600000000, 0);
    KT_EXPECT_TRUE(t, local.QuadPart - sys.QuadPart <= TICKS_PER_DAY);
    KT_EXPECT_TRUE(t, sys.QuadPart - local.QuadPart <= TICKS_PER_DAY);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_time_test_epoch_1601),
    KTEST_CASE_ENTRY(rtl_time_test_epoch_1970_and_1980),
    KTEST_CASE_ENTRY(rtl_time_test_1900_is_not_leap),
    KTEST_CASE_ENTRY(rtl_time_test_2000_is_leap),
    KTEST_CASE_ENTRY(rtl_time_test_2024_02_29),
    KTEST_CASE_ENTRY(rtl_time_test_truncates_to_milliseconds),
    KTEST_CASE_ENTRY(rtl_time_test_last_valid_time),
    KTEST_CASE_ENTRY(rtl_time_test_invalid_fields),
    KTEST_CASE_ENTRY(rtl_time_test_weekday_is_ignored),
    KTEST_CASE_ENTRY(rtl_time_test_daily_walk),
    KTEST_CASE_ENTRY(rtl_time_test_round_trip_random),
    KTEST_CASE_ENTRY(rtl_time_test_before_1601),
    KTEST_CASE_ENTRY(rtl_time_test_seconds_since_1970),
    KTEST_CASE_ENTRY(rtl_time_test_seconds_since_1980),
    KTEST_CASE_ENTRY(ke_time_test_system_time_is_a_recent_utc_time),
    KTEST_CASE_ENTRY(ke_time_test_clocks_never_go_back),
    KTEST_CASE_ENTRY(ke_time_test_unbiased_never_exceeds_biased),
    KTEST_CASE_ENTRY(ke_time_test_interrupt_time_precise_and_counter),
    KTEST_CASE_ENTRY(ke_time_test_tick_count_matches_increment),
    KTEST_CASE_ENTRY(ke_time_test_stall_lasts_at_least_the_time_asked),
    KTEST_CASE_ENTRY(ke_time_test_stall_at_dispatch_keeps_irql_and_processor),
    KTEST_CASE_ENTRY(ex_time_test_local_time_round_trip),
    { 0 },
};
KTEST_SUITE(ke_time, cases);
