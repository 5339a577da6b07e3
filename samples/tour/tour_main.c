/*
 * PURPOSE: kmode-demo: runs the tour "driver" (tour_drv.c) and shows a bugcheck report.
 */
#include <stdio.h>
#include <wdm.h>
#include <kmode/bugcheck.h>

NTSTATUS TourRun(VOID);
VOID TourCorruptList(VOID);

static void CorruptList(void *Context)
{
    (void)Context;
    TourCorruptList();
}

int main(void)
{
    KMODE_BUGCHECK bugcheck;
    NTSTATUS status;

    /* Driver output goes to stderr; keep the demo's own lines in order with it. */
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("kmode demo: WDK driver code in a Linux process (Foundation I)\n\n");
    /* As a developer would set "Debug Print Filter\IHVDRIVER" in the registry. */
    DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, TRUE);

    status = TourRun();
    printf("\nTourRun returned 0x%08X\n\n", (unsigned)status);

    if (KmodeCatchBugCheck(CorruptList, NULL, 0, &bugcheck)) {
        printf("\nThe list corruption was caught as bugcheck 0x%X (%s), Arg1 = %llu, as Windows "
               "would stop.\nWithout KmodeCatchBugCheck the process would have exited with status %d.\n",
               (unsigned)bugcheck.Code, KmodeBugCheckName(bugcheck.Code),
               (unsigned long long)bugcheck.Parameter1, KMODE_BUGCHECK_EXIT_STATUS);
    }
    printf("\nDemo complete. Run ./tools/test.sh for the test suite.\n");
    return 0;
}
