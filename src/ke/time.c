/*
 * PURPOSE: Kernel clocks: system time, interrupt time (biased and unbiased), tick count,
 * performance counter, KeStallExecutionProcessor, and the local-time conversions of the
 * executive. The model is in src/ke/README.md ("Time").
 *
 * kmode "boots" when the process starts: interrupt time, the tick count and the performance
 * counter count from there. Interrupt time and the performance counter read the host clock
 * that keeps running while the host is suspended (Windows' interrupt time likewise includes
 * the sleep "bias"); the unbiased interrupt time reads the one that stops.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

/* 100-ns units between 1601-01-01 and 1970-01-01 (the host's epoch). */
#define KIP_EPOCH_1970 116444736000000000LL

/* Windows' default clock tick: 15.625 ms in 100-ns units. */
#define KIP_TIME_INCREMENT 156250u

/* The performance counter's frequency: 10 MHz, as on current Windows. */
#define KIP_PERFORMANCE_FREQUENCY 10000000LL

/* Host clock readings (ns) at kmode's start; 0 until set. */
static ULONG64 KipBootClockBase;
static ULONG64 KipMonotonicClockBase;

/* PRIVATE FUNCTIONS *********************************************************************/

/*
 * Nanoseconds from *Base to Now. The base is set by the constructor below or, should a
 * clock be read before it ran (another constructor), by the first reader.
 */
static ULONG64 KipElapsed(ULONG64 *Base, ULONG64 Now)
{
    ULONG64 Start = __atomic_load_n(Base, __ATOMIC_ACQUIRE);

    if (__builtin_expect(Start == 0, 0)) {
        ULONG64 Expected = 0;
        if (!__atomic_compare_exchange_n(Base, &Expected, Now, FALSE, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
            Start = Expected;
        else
            Start = Now;
    }
    /* A reading taken just before another thread set the base. */
    return Now > Start ? Now - Start : 0;
}

static ULONG64 KipInterruptTime(VOID)
{
    return KipElapsed(&KipBootClockBase, HostQueryBootClock()) / 100;
}

__attribute__((constructor(101))) static void KipInitializeClocks(void)
{
    (void)KipElapsed(&KipBootClockBase, HostQueryBootClock());
    (void)KipElapsed(&KipMonotonicClockBase, HostQueryMonotonicClock());
}

static LONGLONG KipSystemTime(VOID)
{
    return HostQueryRealTime() / 100 + KIP_EPOCH_1970;
}

/* Windows' time-zone bias is UTC - local; kmode takes the host's current offset. */
static LONGLONG KipLocalOffset(VOID)
{
    return (LONGLONG)HostQueryLocalTimeOffset() * 10000000;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL. The system time, precise (Windows returns the value of the last clock tick).
 */
VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    CurrentTime->QuadPart = KipSystemTime();
}

/*
 * @implemented
 * Any IRQL.
 */
VOID NTAPI KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime)
{
    CurrentTime->QuadPart = KipSystemTime();
}

/*
 * @implemented
 * Any IRQL. 100-ns units since kmode started, including host suspend.
 */
ULONGLONG NTAPI KeQueryInterruptTime(VOID)
{
    return KipInterruptTime();
}

/*
 * @implemented
 * Any IRQL. The performance counter is the interrupt-time clock at 10 MHz, so the time
 * stamp equals the returned interrupt time.
 */
ULONG64 NTAPI KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp)
{
    ULONG64 Now = KipInterruptTime();

    *QpcTimeStamp = Now;
    return Now;
}

/*
 * @implemented
 * Any IRQL. 100-ns units since kmode started, excluding host suspend.
 */
ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID)
{
    return KipElapsed(&KipMonotonicClockBase, HostQueryMonotonicClock()) / 100;
}

/*
 * @implemented
 * Any IRQL. Whole clock ticks of interrupt time.
 */
VOID NTAPI KeQueryTickCount(PLARGE_INTEGER CurrentCount)
{
    CurrentCount->QuadPart = (LONGLONG)(KipInterruptTime() / KIP_TIME_INCREMENT);
}

/*
 * @implemented
 * Any IRQL.
 */
ULONG NTAPI KeQueryTimeIncrement(VOID)
{
    return KIP_TIME_INCREMENT;
}

/*
 * @implemented
 * Any IRQL.
 */
LARGE_INTEGER NTAPI KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER Counter;

    Counter.QuadPart = (LONGLONG)KipInterruptTime();
    if (PerformanceFrequency != NULL)
        PerformanceFrequency->QuadPart = KIP_PERFORMANCE_FREQUENCY;
    return Counter;
}

/*
 * @implemented
 * Any IRQL. Spins on the interrupt-time clock (in ns) until MicroSeconds have passed; the
 * caller keeps its IRQL and virtual processor throughout, as on Windows.
 */
VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds)
{
    ULONG64 Start = HostQueryBootClock();
    ULONG64 Wait = (ULONG64)MicroSeconds * 1000;

    while (HostQueryBootClock() - Start < Wait)
        KiCpuRelax();
}

/*
 * @implemented
 * Any IRQL. Applies the bias in effect now (as Windows does), not the one of SystemTime's date.
 */
VOID NTAPI ExSystemTimeToLocalTime(PLARGE_INTEGER SystemTime, PLARGE_INTEGER LocalTime)
{
    LocalTime->QuadPart = SystemTime->QuadPart + KipLocalOffset();
}

/*
 * @implemented
 * Any IRQL.
 */
VOID NTAPI ExLocalTimeToSystemTime(PLARGE_INTEGER LocalTime, PLARGE_INTEGER SystemTime)
{
    SystemTime->QuadPart = LocalTime->QuadPart - KipLocalOffset();
}
