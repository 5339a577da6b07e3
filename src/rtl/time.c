/*
 * PURPOSE: Rtl time conversions: system time <-> TIME_FIELDS, and seconds since 1970/1980.
 *
 * System time counts 100-ns intervals from 1601-01-01 00:00 UTC in the proleptic Gregorian
 * calendar. 1601 starts a 400-year cycle (146097 days, a whole number of weeks), which keeps
 * the day-to-date arithmetic to a few divisions. 1601-01-01 was a Monday.
 */

/* INCLUDES ******************************************************************************/

#include <ntifs.h>

/* GLOBALS *******************************************************************************/

#define RTLP_TICKS_PER_MS        10000LL
#define RTLP_TICKS_PER_SECOND    10000000LL
#define RTLP_MS_PER_DAY          86400000LL
#define RTLP_DAYS_PER_400_YEARS  146097
#define RTLP_DAYS_PER_100_YEARS  36524      /* a century not ending in a 400th year */
#define RTLP_DAYS_PER_4_YEARS    1461
#define RTLP_EPOCH_1970          116444736000000000LL
#define RTLP_EPOCH_1980          119600064000000000LL

/* Days before each month, in a common year. */
static const USHORT RtlpDaysBeforeMonth[13] = {
    0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365
};

/* PRIVATE FUNCTIONS *********************************************************************/

static LONGLONG RtlpFloorDiv(LONGLONG Value, LONGLONG Divisor)
{
    LONGLONG q = Value / Divisor;
    return (Value % Divisor < 0) ? q - 1 : q;
}

static BOOLEAN RtlpIsLeapYear(LONG Year)
{
    return (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;
}

static LONG RtlpDaysInMonth(LONG Year, LONG Month)
{
    LONG Days = RtlpDaysBeforeMonth[Month] - RtlpDaysBeforeMonth[Month - 1];
    return (Month == 2 && RtlpIsLeapYear(Year)) ? Days + 1 : Days;
}

/* System time -> seconds since Epoch, when it fits a ULONG. */
static BOOLEAN RtlpTimeToSecondsSince(LONGLONG Epoch, PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    LONGLONG Ticks = Time->QuadPart;
    LONGLONG Seconds;

    if (Ticks < Epoch)
        return FALSE;
    Seconds = (Ticks - Epoch) / RTLP_TICKS_PER_SECOND;
    if (Seconds > 0xFFFFFFFFLL)
        return FALSE;
    *ElapsedSeconds = (ULONG)Seconds;
    return TRUE;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL (resident buffers). Negative times (before 1601) continue the calendar backwards
 * (floor division), so every LARGE_INTEGER gives a well-formed date with Year in
 * -27627..30828.
 */
VOID NTAPI RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields)
{
    LONGLONG Ms = RtlpFloorDiv(Time->QuadPart, RTLP_TICKS_PER_MS);
    LONGLONG Days = RtlpFloorDiv(Ms, RTLP_MS_PER_DAY);
    LONG MsOfDay = (LONG)(Ms - Days * RTLP_MS_PER_DAY);
    LONGLONG Cycles = RtlpFloorDiv(Days, RTLP_DAYS_PER_400_YEARS);
    LONG Day = (LONG)(Days - Cycles * RTLP_DAYS_PER_400_YEARS);   /* 0..146096 */
    LONG Centuries, Quads, Years, Year, Month;
    BOOLEAN Leap;

    /* Weekday: day 0 was a Monday; 146097 days are whole weeks, so Cycles drop out. */
    TimeFields->Weekday = (CSHORT)((Day + 1) % 7);

    /* The last day of a cycle (Dec 31 of a 400th year) belongs to the fourth century;
       likewise the last day of a leap-year-ending 4-year group to its fourth year. */
    Centuries = Day / RTLP_DAYS_PER_100_YEARS;
    if (Centuries == 4)
        Centuries = 3;
    Day -= Centuries * RTLP_DAYS_PER_100_YEARS;
    Quads = Day / RTLP_DAYS_PER_4_YEARS;
    Day -= Quads * RTLP_DAYS_PER_4_YEARS;
    Years = Day / 365;
    if (Years == 4)
        Years = 3;
    Day -= Years * 365;                                           /* day of year, 0-based */

    Year = 1601 + (LONG)Cycles * 400 + Centuries * 100 + Quads * 4 + Years;
    Leap = RtlpIsLeapYear(Year);
    for (Month = 1; Month < 12; Month++) {
        LONG Next = RtlpDaysBeforeMonth[Month] + ((Leap && Month >= 2) ? 1 : 0);
        if (Day < Next)
            break;
    }
    Day -= RtlpDaysBeforeMonth[Month - 1] + ((Leap && Month > 2) ? 1 : 0);

    TimeFields->Year = (CSHORT)Year;
    TimeFields->Month = (CSHORT)Month;
    TimeFields->Day = (CSHORT)(Day + 1);
    TimeFields->Hour = (CSHORT)(MsOfDay / 3600000);
    TimeFields->Minute = (CSHORT)(MsOfDay / 60000 % 60);
    TimeFields->Second = (CSHORT)(MsOfDay / 1000 % 60);
    TimeFields->Milliseconds = (CSHORT)(MsOfDay % 1000);
}

/*
 * @implemented
 * Any IRQL (resident buffers). FALSE, with *Time untouched, for a field out of range or a
 * time past the largest LARGE_INTEGER. Weekday is ignored.
 */
BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time)
{
    LONG Year = TimeFields->Year, Month = TimeFields->Month, Day = TimeFields->Day;
    LONGLONG Y, Days, Ms;

    if (Year < 1601 || Month < 1 || Month > 12 || Day < 1 || Day > RtlpDaysInMonth(Year, Month) ||
        TimeFields->Hour < 0 || TimeFields->Hour > 23 || TimeFields->Minute < 0 ||
        TimeFields->Minute > 59 || TimeFields->Second < 0 || TimeFields->Second > 59 ||
        TimeFields->Milliseconds < 0 || TimeFields->Milliseconds > 999)
        return FALSE;

    /* Leap years in [1601, Year): 1600 is a multiple of 400, so Y/4 - Y/100 + Y/400. */
    Y = Year - 1601;
    Days = Y * 365 + Y / 4 - Y / 100 + Y / 400 + RtlpDaysBeforeMonth[Month - 1] +
           ((Month > 2 && RtlpIsLeapYear(Year)) ? 1 : 0) + (Day - 1);
    Ms = Days * RTLP_MS_PER_DAY + TimeFields->Hour * 3600000LL + TimeFields->Minute * 60000LL +
         TimeFields->Second * 1000LL + TimeFields->Milliseconds;
    if (Ms > MAXLONGLONG / RTLP_TICKS_PER_MS)
        return FALSE;
    Time->QuadPart = Ms * RTLP_TICKS_PER_MS;
    return TRUE;
}

/*
 * @implemented
 * Below DISPATCH_LEVEL. FALSE before 1970 or past 2106-02-07 06:28:15.
 */
BOOLEAN NTAPI RtlTimeToSecondsSince1970(PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    return RtlpTimeToSecondsSince(RTLP_EPOCH_1970, Time, ElapsedSeconds);
}

/*
 * @implemented
 * Below DISPATCH_LEVEL.
 */
VOID NTAPI RtlSecondsSince1970ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time)
{
    Time->QuadPart = RTLP_EPOCH_1970 + (LONGLONG)ElapsedSeconds * RTLP_TICKS_PER_SECOND;
}

/*
 * @implemented
 * Below DISPATCH_LEVEL. FALSE before 1980 or past 2116-02-07 06:28:15.
 */
BOOLEAN NTAPI RtlTimeToSecondsSince1980(PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    return RtlpTimeToSecondsSince(RTLP_EPOCH_1980, Time, ElapsedSeconds);
}

/*
 * @implemented
 * Below DISPATCH_LEVEL.
 */
VOID NTAPI RtlSecondsSince1980ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time)
{
    Time->QuadPart = RTLP_EPOCH_1980 + (LONGLONG)ElapsedSeconds * RTLP_TICKS_PER_SECOND;
}
