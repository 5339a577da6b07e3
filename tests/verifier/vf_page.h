/*
 * PURPOSE: What vf_page.sys (tests/verifier/drivers/vf_page.c) and test-verifier share: the
 * pageable-code scenarios the driver runs (force IRQL checking on #pragma alloc_text code),
 * handed over at DriverEntry.
 */
#ifndef VF_PAGE_H
#define VF_PAGE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _VF_PAGE_SCENARIO {
    VfPagePassive,             /* PAGE functions at PASSIVE_LEVEL, before and after a raise */
    VfPageAtDispatch,          /* a PAGE function called with a spin lock held */
    VfPageAfterRaise,          /* ... after KeRaiseIrql(DISPATCH_LEVEL) */
    VfPageLockedSection,       /* the same, the section locked by MmLockPagableCodeSection */
    VfPageAfterUnlock,         /* locked, unlocked, then called with a spin lock held */
    VfPagePagedCodeAtDispatch, /* a PAGE function with PAGED_CODE() at DISPATCH_LEVEL */
    VfPageNonpagedAtDispatch,  /* nonpaged code of the image at DISPATCH_LEVEL */
    VfPageEntireDriver,        /* MmPageEntireDriver, then a spin lock */
    VfPageEntireDriverReset,   /* MmPageEntireDriver, MmResetDriverPaging, then a spin lock */
    VfPageOtherThread,         /* a system thread at PASSIVE_LEVEL runs PAGE code after a trim */
    VfPageInitAfterEntry,      /* an INIT function called after DriverEntry returned */
    VfPageScenarioCount
} VF_PAGE_SCENARIO;

typedef struct _VF_PAGE_DRIVER {
    /* Runs a scenario; returns what the pageable functions computed. */
    unsigned long long (*Run)(VF_PAGE_SCENARIO Scenario);
    /* Section handles (MmLockPagableCodeSection, locked and unlocked again) of a PAGE
       function, another PAGE function, a nonpaged function. */
    void *(*SectionOf)(int Which);
    void *PagedAdd;            /* addresses, for the bugcheck parameters */
    void *PagedWithCheck;
    void *InitOnly;            /* an INIT function (DriverEntry calls it) */
} VF_PAGE_DRIVER;

/* Exported by test-verifier; vf_page.sys calls it from DriverEntry. */
void VfTestRegisterPageDriver(const VF_PAGE_DRIVER *Driver);

#ifdef __cplusplus
}
#endif

#endif
