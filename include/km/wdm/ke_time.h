/*
 * PURPOSE: wdm.h part: system time, interrupt time, tick count, performance counter, the
 * processor stall, local-time conversion and the Rtl time conversions (src/ke/time.c,
 * src/rtl/time.c).
 *
 * Units are those of Windows: system time is 100-ns intervals since 1601-01-01 00:00 UTC;
 * interrupt time is 100-ns intervals since kmode's "boot" (the start of the process); one
 * clock tick is KeQueryTimeIncrement() = 156250 (15.625 ms); the performance counter runs at
 * 10 MHz. Every clock read here is precise (Windows updates the non-Precise values only at
 * each clock tick; kmode returns the exact value, which a tick-granular clock could also
 * have shown). The seconds-since-1970/1980 conversions are ntifs.h routines.
 */
#ifndef _KMODE_WDM_KE_TIME_H_
#define _KMODE_WDM_KE_TIME_H_

KMODE_EXTERN_C_START

/* A broken-down time (RtlTimeToTimeFields / RtlTimeFieldsToTime). Weekday: 0 = Sunday. */
typedef struct _TIME_FIELDS {
    CSHORT Year;          /* 1601 on */
    CSHORT Month;         /* 1..12 */
    CSHORT Day;           /* 1..31 */
    CSHORT Hour;          /* 0..23 */
    CSHORT Minute;        /* 0..59 */
    CSHORT Second;        /* 0..59 */
    CSHORT Milliseconds;  /* 0..999 */
    CSHORT Weekday;       /* 0..6, Sunday..Saturday */
} TIME_FIELDS, *PTIME_FIELDS;

/* ---- Clocks ----------------------------------------------------------------------------- */

/* @implemented: any IRQL. The current system time (UTC). Windows updates this value once
   per clock tick; kmode returns the precise time. */
NTKERNELAPI VOID NTAPI KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);

/* @implemented: any IRQL. The current system time (UTC), precise. */
NTKERNELAPI VOID NTAPI KeQuerySystemTimePrecise(_Out_ PLARGE_INTEGER CurrentTime);

/* @implemented: any IRQL. 100-ns units since kmode started (monotonic; counts host suspend,
   as Windows' biased interrupt time counts sleep). */
NTKERNELAPI ULONGLONG NTAPI KeQueryInterruptTime(VOID);

/* @implemented: any IRQL. The interrupt time and, in *QpcTimeStamp, the performance counter
   value it was computed from (the same instant). */
NTKERNELAPI ULONG64 NTAPI KeQueryInterruptTimePrecise(_Out_ PULONG64 QpcTimeStamp);

/* @implemented: any IRQL. Interrupt time without the time the host spent suspended. */
NTKERNELAPI ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID);

/* @implemented: any IRQL. Clock ticks since kmode started: interrupt time divided by
   KeQueryTimeIncrement(). (The WDK makes this a macro on x64; same call shape.) */
NTKERNELAPI VOID NTAPI KeQueryTickCount(_Out_ PLARGE_INTEGER CurrentCount);

/* @implemented: any IRQL. 100-ns units per clock tick: 156250 (15.625 ms), Windows' default. */
NTKERNELAPI ULONG NTAPI KeQueryTimeIncrement(VOID);

/* @implemented: any IRQL. The performance counter (ticks of 100 ns since kmode started, the
   interrupt-time clock); its frequency (10 MHz) in *PerformanceFrequency when not NULL. */
NTKERNELAPI LARGE_INTEGER NTAPI KeQueryPerformanceCounter(
    _Out_opt_ PLARGE_INTEGER PerformanceFrequency);

/* @implemented: any IRQL. Busy-waits at least MicroSeconds (never sleeps, keeps the
   virtual processor). Meant for stalls shorter than a clock tick, typically < 50 us. */
NTHALAPI VOID NTAPI KeStallExecutionProcessor(_In_ ULONG MicroSeconds);

/* ---- Local time --------------------------------------------------------------------------- */

/* @implemented: any IRQL. SystemTime minus the current time-zone bias: the host's current
   UTC offset (TZ, else /etc/localtime). As on Windows the bias in effect now is applied
   whatever instant SystemTime names (a summer date converted in winter is an hour off). */
NTKERNELAPI VOID NTAPI ExSystemTimeToLocalTime(_In_ PLARGE_INTEGER SystemTime,
                                               _Out_ PLARGE_INTEGER LocalTime);

/* @implemented: any IRQL. The inverse: LocalTime plus the current time-zone bias. */
NTKERNELAPI VOID NTAPI ExLocalTimeToSystemTime(_In_ PLARGE_INTEGER LocalTime,
                                               _Out_ PLARGE_INTEGER SystemTime);

/* ---- Rtl conversions ------------------------------------------------------------------------ */

/* @implemented: any IRQL (resident buffers). Splits a system time (truncated to the
   millisecond) into fields, proleptic Gregorian calendar. Times before 1601 (negative) give
   years before 1601, which RtlTimeFieldsToTime does not take back. */
NTSYSAPI VOID NTAPI RtlTimeToTimeFields(_In_ PLARGE_INTEGER Time, _Out_ PTIME_FIELDS TimeFields);

/* @implemented: any IRQL (resident buffers). FALSE (Time untouched) when a field is out of
   range (Year < 1601, Day past the month's end, ...) or the time does not fit a
   LARGE_INTEGER (after 30828-09-14 02:48:05.477). Weekday is ignored. */
NTSYSAPI BOOLEAN NTAPI RtlTimeFieldsToTime(_In_ PTIME_FIELDS TimeFields, _Out_ PLARGE_INTEGER Time);

#if defined(_NTIFS_INCLUDED_)
/* @implemented: below DISPATCH_LEVEL. Whole seconds since 1970-01-01 00:00 UTC; FALSE
   (ElapsedSeconds untouched) when Time is before 1970 or the count exceeds a ULONG (after
   2106-02-07 06:28:15). */
NTSYSAPI BOOLEAN NTAPI RtlTimeToSecondsSince1970(_In_ PLARGE_INTEGER Time,
                                                 _Out_ PULONG ElapsedSeconds);

/* @implemented: below DISPATCH_LEVEL. 1970-01-01 plus ElapsedSeconds, as a system time. */
NTSYSAPI VOID NTAPI RtlSecondsSince1970ToTime(_In_ ULONG ElapsedSeconds, _Out_ PLARGE_INTEGER Time);

/* @implemented: below DISPATCH_LEVEL. As RtlTimeToSecondsSince1970, from 1980-01-01 (FALSE
   before 1980 or after 2116-02-07 06:28:15). */
NTSYSAPI BOOLEAN NTAPI RtlTimeToSecondsSince1980(_In_ PLARGE_INTEGER Time,
                                                 _Out_ PULONG ElapsedSeconds);

/* @implemented: below DISPATCH_LEVEL. 1980-01-01 plus ElapsedSeconds, as a system time. */
NTSYSAPI VOID NTAPI RtlSecondsSince1980ToTime(_In_ ULONG ElapsedSeconds, _Out_ PLARGE_INTEGER Time);
#endif /* _NTIFS_INCLUDED_ */

KMODE_EXTERN_C_END

#endif
