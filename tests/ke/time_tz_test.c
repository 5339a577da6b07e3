/*
 * PURPOSE: ExSystemTimeToLocalTime / ExLocalTimeToSystemTime under chosen time zones (TZ),
 * the host's setting they follow (src/ke/time.c). Runtime mode: it sets TZ, which a driver
 * cannot. TZ is restored after each case.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wdm.h>
#include "ktest.h"

#define TICKS_PER_MINUTE 600000000LL

/* Converts a fixed system time under Tz and returns local - system, in minutes; checks the
   inverse conversion on the way. */
static LONGLONG BiasUnder(KTEST *t, const char *Tz)
{
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    LARGE_INTEGER sys = { .QuadPart = 133536836967890000LL }, local, back;

    setenv("TZ", Tz, 1);
    ExSystemTimeToLocalTime(&sys, &local);
    ExLocalTimeToSystemTime(&local, &back);
    KT_EXPECT_EQ(t, back.QuadPart, sys.QuadPart);
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    return (local.QuadPart - sys.QuadPart) / TICKS_PER_MINUTE;
}

static void ex_time_test_utc_zone_has_no_bias(KTEST *t)
{
    KT_EXPECT_EQ(t, BiasUnder(t, "UTC0"), 0);
}

static void ex_time_test_zone_east_of_utc_is_ahead(KTEST *t)
{
    /* POSIX TZ offsets count west: "-5:30" is UTC+05:30. */
    KT_EXPECT_EQ(t, BiasUnder(t, "KMT-5:30"), 330);
}

static void ex_time_test_zone_west_of_utc_is_behind(KTEST *t)
{
    KT_EXPECT_EQ(t, BiasUnder(t, "KMT+8"), -480);
}

static void ex_time_test_tz_change_takes_effect(KTEST *t)
{
    /* The zone is read at each call, as a time-zone change applies at once on Windows. */
    KT_EXPECT_EQ(t, BiasUnder(t, "KMA-1"), 60);
    KT_EXPECT_EQ(t, BiasUnder(t, "KMB-2"), 120);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_time_test_utc_zone_has_no_bias),
    KTEST_CASE_ENTRY(ex_time_test_zone_east_of_utc_is_ahead),
    KTEST_CASE_ENTRY(ex_time_test_zone_west_of_utc_is_behind),
    KTEST_CASE_ENTRY(ex_time_test_tz_change_takes_effect),
    { 0 },
};
KTEST_SUITE(ex_time_tz, cases);
