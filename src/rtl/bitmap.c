/*
 * PURPOSE: RTL_BITMAP routines: bit ranges, counts, searches for runs of clear/set bits.
 *
 * Bit i lives in bit (i % 32) of Buffer[i / 32]. The searches work a ULONG at a time: a word
 * is XORed with all-ones when looking for clear bits, so every search is "find the next set
 * bit". Queries ignore the padding bits past SizeOfBitMap in the last ULONG; no routine reads
 * or writes past that last ULONG.
 *
 * Semantics that the documentation leaves open follow what Windows (Vista and later) does,
 * as recorded by ReactOS's RtlBitmap API tests run against Windows:
 *   - RtlClearAllBits / RtlSetAllBits write whole ULONGs, padding bits included;
 *   - RtlFindClearBits / RtlFindSetBits with NumberToFind == 0 return HintIndex rounded down
 *     to a multiple of 8 (0 if HintIndex is past the end);
 *   - after the hint-to-end pass, the wrap-around pass considers runs that start before the
 *     hint, including a run that straddles it;
 *   - RtlFindNextForwardRunClear sets *StartingRunIndex to SizeOfBitMap when no clear bit
 *     follows FromIndex, and to FromIndex when FromIndex is past the end.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <wdm.h>

/* GLOBALS *******************************************************************************/

#define RTLP_NOT_FOUND 0xFFFFFFFFu

/* PRIVATE FUNCTIONS *********************************************************************/

static ULONG RtlpWordCount(ULONG Bits)
{
    return (ULONG)(((ULONGLONG)Bits + 31) / 32);
}

/* Mask of bits [Low, High) within one ULONG, 0 <= Low <= High <= 32. */
static ULONG RtlpMask(ULONG Low, ULONG High)
{
    ULONG HighMask = High >= 32 ? 0xFFFFFFFFu : ((1u << High) - 1);
    ULONG LowMask = Low >= 32 ? 0xFFFFFFFFu : ((1u << Low) - 1);
    return HighMask & ~LowMask;
}

/*
 * Index of the first bit >= From (and < SizeOfBitMap) whose value is Value, or SizeOfBitMap
 * when there is none.
 */
static ULONG RtlpFindNext(PRTL_BITMAP Map, ULONG From, BOOLEAN Value)
{
    ULONG Size = Map->SizeOfBitMap;
    ULONG Invert = Value ? 0 : 0xFFFFFFFFu;
    ULONG Words = RtlpWordCount(Size);
    ULONG w;
    ULONG Word;

    if (From >= Size)
        return Size;
    w = From / 32;
    Word = (Map->Buffer[w] ^ Invert) & ~RtlpMask(0, From % 32);
    for (;;) {
        if (Word != 0) {
            ULONG Index = w * 32 + (ULONG)__builtin_ctz(Word);
            return Index < Size ? Index : Size;
        }
        if (++w >= Words)
            return Size;
        Word = Map->Buffer[w] ^ Invert;
    }
}

/* Index of the last bit <= From whose value is Value, or RTLP_NOT_FOUND. From < SizeOfBitMap. */
static ULONG RtlpFindPrevious(PRTL_BITMAP Map, ULONG From, BOOLEAN Value)
{
    ULONG Invert = Value ? 0 : 0xFFFFFFFFu;
    ULONG w = From / 32;
    ULONG Word = (Map->Buffer[w] ^ Invert) & RtlpMask(0, From % 32 + 1);

    for (;;) {
        if (Word != 0)
            return w * 32 + 31 - (ULONG)__builtin_clz(Word);
        if (w == 0)
            return RTLP_NOT_FOUND;
        w--;
        Word = Map->Buffer[w] ^ Invert;
    }
}

/*
 * First start s in [From, StartLimit) of at least Count consecutive bits equal to Value (the
 * run may extend past StartLimit, but not past the end), or RTLP_NOT_FOUND.
 */
static ULONG RtlpSearchRun(PRTL_BITMAP Map, ULONG From, ULONG StartLimit, ULONG Count,
                           BOOLEAN Value)
{
    ULONG Size = Map->SizeOfBitMap;

    while (From < StartLimit) {
        ULONG Start = RtlpFindNext(Map, From, Value);
        ULONG End;

        if (Start >= StartLimit || Start >= Size)
            return RTLP_NOT_FOUND;
        End = RtlpFindNext(Map, Start, !Value);
        if (End - Start >= Count)
            return Start;
        From = End;
    }
    return RTLP_NOT_FOUND;
}

/* The search shared by RtlFindClearBits and RtlFindSetBits (see the file header). */
static ULONG RtlpFindBits(PRTL_BITMAP Map, ULONG NumberToFind, ULONG HintIndex, BOOLEAN Value)
{
    ULONG Size = Map->SizeOfBitMap;
    ULONG Found;

    if (NumberToFind == 0)
        return HintIndex >= Size ? 0 : (HintIndex & ~7u);
    if (NumberToFind > Size)
        return RTLP_NOT_FOUND;
    if (HintIndex >= Size)
        HintIndex = 0;

    Found = RtlpSearchRun(Map, HintIndex, Size, NumberToFind, Value);
    if (Found == RTLP_NOT_FOUND && HintIndex != 0)
        Found = RtlpSearchRun(Map, 0, HintIndex, NumberToFind, Value);
    return Found;
}

/* Sets (Value TRUE) or clears the bits [Start, Start + Count). */
static VOID RtlpFillRange(PRTL_BITMAP Map, ULONG Start, ULONG Count, BOOLEAN Value)
{
    PULONG Buffer = Map->Buffer;

    while (Count != 0) {
        ULONG w = Start / 32;
        ULONG Low = Start % 32;
        ULONG Span = 32 - Low < Count ? 32 - Low : Count;
        ULONG Mask = RtlpMask(Low, Low + Span);

        if (Value)
            Buffer[w] |= Mask;
        else
            Buffer[w] &= ~Mask;
        Start += Span;
        Count -= Span;
    }
}

/* Number of set bits in [Start, Start + Count). */
static ULONG RtlpCountSet(PRTL_BITMAP Map, ULONG Start, ULONG Count)
{
    ULONG Total = 0;

    while (Count != 0) {
        ULONG w = Start / 32;
        ULONG Low = Start % 32;
        ULONG Span = 32 - Low < Count ? 32 - Low : Count;

        Total += (ULONG)__builtin_popcount(Map->Buffer[w] & RtlpMask(Low, Low + Span));
        Start += Span;
        Count -= Span;
    }
    return Total;
}

/* TRUE if [Start, Start + Length) is a non-empty range inside the bitmap. */
static BOOLEAN RtlpRangeValid(PRTL_BITMAP Map, ULONG Start, ULONG Length)
{
    return Length != 0 && Start < Map->SizeOfBitMap && Length <= Map->SizeOfBitMap - Start;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL. Records the buffer and size; the bits themselves are not initialized.
 */
VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap)
{
    BitMapHeader->SizeOfBitMap = SizeOfBitMap;
    BitMapHeader->Buffer = BitMapBuffer;
}

/* @implemented. Any IRQL (resident bitmap). BitNumber must be < SizeOfBitMap. */
VOID NTAPI RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    BitMapHeader->Buffer[BitNumber / 32] &= ~(1u << (BitNumber % 32));
}

/* @implemented. Any IRQL (resident bitmap). BitNumber must be < SizeOfBitMap. */
VOID NTAPI RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    BitMapHeader->Buffer[BitNumber / 32] |= 1u << (BitNumber % 32);
}

/* @implemented. Any IRQL (resident bitmap). BitNumber must be < SizeOfBitMap. */
BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    return (BOOLEAN)((BitMapHeader->Buffer[BitNumber / 32] >> (BitNumber % 32)) & 1);
}

/* @implemented. Any IRQL (resident bitmap). Clears every ULONG the bitmap covers. */
VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader)
{
    memset(BitMapHeader->Buffer, 0, (SIZE_T)RtlpWordCount(BitMapHeader->SizeOfBitMap) * sizeof(ULONG));
}

/* @implemented. Any IRQL (resident bitmap). Sets every ULONG the bitmap covers. */
VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader)
{
    memset(BitMapHeader->Buffer, 0xFF, (SIZE_T)RtlpWordCount(BitMapHeader->SizeOfBitMap) * sizeof(ULONG));
}

/* @implemented. Any IRQL (resident bitmap). The range must lie inside the bitmap. */
VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear)
{
    RtlpFillRange(BitMapHeader, StartingIndex, NumberToClear, FALSE);
}

/* @implemented. Any IRQL (resident bitmap). The range must lie inside the bitmap. */
VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet)
{
    RtlpFillRange(BitMapHeader, StartingIndex, NumberToSet, TRUE);
}

/*
 * @implemented
 * Any IRQL (resident bitmap). TRUE if every bit of the range is clear; FALSE for an empty
 * range or one that does not lie inside the bitmap.
 */
BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    if (!RtlpRangeValid(BitMapHeader, StartingIndex, Length))
        return FALSE;
    return (BOOLEAN)(RtlpFindNext(BitMapHeader, StartingIndex, TRUE) - StartingIndex >= Length);
}

/* @implemented. As RtlAreBitsClear, for set bits. */
BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    if (!RtlpRangeValid(BitMapHeader, StartingIndex, Length))
        return FALSE;
    return (BOOLEAN)(RtlpFindNext(BitMapHeader, StartingIndex, FALSE) - StartingIndex >= Length);
}

/*
 * @implemented
 * Any IRQL (resident bitmap). Start of the first run of NumberToFind clear bits at or after
 * HintIndex, else the first one before it; 0xFFFFFFFF if there is none.
 */
ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, FALSE);
}

/* @implemented. As RtlFindClearBits, for set bits. */
ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, TRUE);
}

/* @implemented. RtlFindClearBits, then sets the bits found. */
ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG Index = RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, FALSE);

    if (Index != RTLP_NOT_FOUND)
        RtlpFillRange(BitMapHeader, Index, NumberToFind, TRUE);
    return Index;
}

/* @implemented. RtlFindSetBits, then clears the bits found. */
ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG Index = RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, TRUE);

    if (Index != RTLP_NOT_FOUND)
        RtlpFillRange(BitMapHeader, Index, NumberToFind, FALSE);
    return Index;
}

/* @implemented. Any IRQL (resident bitmap). */
ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader)
{
    return RtlpCountSet(BitMapHeader, 0, BitMapHeader->SizeOfBitMap);
}

/* @implemented. Any IRQL (resident bitmap). */
ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader)
{
    return BitMapHeader->SizeOfBitMap - RtlpCountSet(BitMapHeader, 0, BitMapHeader->SizeOfBitMap);
}

/* @implemented. Any IRQL (resident bitmap). The range must lie inside the bitmap. */
ULONG NTAPI RtlNumberOfSetBitsInRange(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    return RtlpCountSet(BitMapHeader, StartingIndex, Length);
}

/* @implemented. Any IRQL (resident bitmap). The range must lie inside the bitmap. */
ULONG NTAPI RtlNumberOfClearBitsInRange(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                                        ULONG Length)
{
    return Length - RtlpCountSet(BitMapHeader, StartingIndex, Length);
}

/* @implemented. Any IRQL. Population count of Target. */
ULONG NTAPI RtlNumberOfSetBitsUlongPtr(ULONG_PTR Target)
{
    return (ULONG)__builtin_popcountll(Target);
}

/*
 * @implemented
 * Any IRQL (resident bitmap). Length of the first clear run at or after FromIndex, its start
 * in *StartingRunIndex; 0 if there is none (see the file header for *StartingRunIndex then).
 */
ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                       PULONG StartingRunIndex)
{
    ULONG Start;

    if (FromIndex >= BitMapHeader->SizeOfBitMap) {
        *StartingRunIndex = FromIndex;
        return 0;
    }
    Start = RtlpFindNext(BitMapHeader, FromIndex, FALSE);
    *StartingRunIndex = Start;
    if (Start >= BitMapHeader->SizeOfBitMap)
        return 0;
    return RtlpFindNext(BitMapHeader, Start, TRUE) - Start;
}

/* @implemented. RtlFindNextForwardRunClear from bit 0. */
ULONG NTAPI RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    return RtlFindNextForwardRunClear(BitMapHeader, 0, StartingIndex);
}

/*
 * @implemented
 * Any IRQL (resident bitmap). Finds the last clear bit at or before FromIndex (a FromIndex
 * past the end counts as the last bit) and returns the length of the clear run ending there,
 * its first bit in *StartingRunIndex. 0 if there is no clear bit (*StartingRunIndex = 0).
 */
ULONG NTAPI RtlFindLastBackwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                        PULONG StartingRunIndex)
{
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG End, BeforeStart;

    *StartingRunIndex = 0;
    if (Size == 0)
        return 0;
    if (FromIndex >= Size)
        FromIndex = Size - 1;
    End = RtlpFindPrevious(BitMapHeader, FromIndex, FALSE);
    if (End == RTLP_NOT_FOUND)
        return 0;
    BeforeStart = End == 0 ? RTLP_NOT_FOUND : RtlpFindPrevious(BitMapHeader, End - 1, TRUE);
    *StartingRunIndex = BeforeStart == RTLP_NOT_FOUND ? 0 : BeforeStart + 1;
    return End - *StartingRunIndex + 1;
}

/*
 * @implemented
 * Any IRQL (resident bitmap). Up to SizeOfRunArray clear runs: the first ones in bit order,
 * or with LocateLongestRuns the longest, longest first (equal lengths in bit order).
 * Returns the number of runs stored.
 */
ULONG NTAPI RtlFindClearRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray,
                             ULONG SizeOfRunArray, BOOLEAN LocateLongestRuns)
{
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Count = 0;
    ULONG From = 0;

    if (SizeOfRunArray == 0)
        return 0;
    while (From < Size) {
        ULONG Start = RtlpFindNext(BitMapHeader, From, FALSE);
        ULONG Length;
        ULONG Slot;

        if (Start >= Size)
            break;
        Length = RtlpFindNext(BitMapHeader, Start, TRUE) - Start;
        From = Start + Length;

        if (!LocateLongestRuns) {
            RunArray[Count].StartingIndex = Start;
            RunArray[Count].NumberOfBits = Length;
            if (++Count == SizeOfRunArray)
                break;
            continue;
        }

        /* Keep the array sorted, longest first; a later run only displaces shorter ones. */
        if (Count == SizeOfRunArray) {
            if (Length <= RunArray[Count - 1].NumberOfBits)
                continue;
            Count--;
        }
        Slot = Count;
        while (Slot > 0 && RunArray[Slot - 1].NumberOfBits < Length) {
            RunArray[Slot] = RunArray[Slot - 1];
            Slot--;
        }
        RunArray[Slot].StartingIndex = Start;
        RunArray[Slot].NumberOfBits = Length;
        Count++;
    }
    return Count;
}

/*
 * @implemented
 * Any IRQL (resident bitmap). Length of the longest clear run (the first such run), its
 * start in *StartingIndex; 0 and *StartingIndex = 0 if every bit is set.
 */
ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    RTL_BITMAP_RUN Run;

    if (RtlFindClearRuns(BitMapHeader, &Run, 1, TRUE) == 0) {
        *StartingIndex = 0;
        return 0;
    }
    *StartingIndex = Run.StartingIndex;
    return Run.NumberOfBits;
}

/* @implemented. Any IRQL. Lowest set bit of Set, or -1 if Set is 0. */
CCHAR NTAPI RtlFindLeastSignificantBit(ULONGLONG Set)
{
    return Set == 0 ? (CCHAR)-1 : (CCHAR)__builtin_ctzll(Set);
}

/* @implemented. Any IRQL. Highest set bit of Set, or -1 if Set is 0. */
CCHAR NTAPI RtlFindMostSignificantBit(ULONGLONG Set)
{
    return Set == 0 ? (CCHAR)-1 : (CCHAR)(63 - __builtin_clzll(Set));
}
