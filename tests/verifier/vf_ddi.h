/*
 * PURPOSE: What vf_ddi.sys (tests/verifier/drivers) and test-verifier share: the DDI
 * compliance scenarios the driver runs, handed over at DriverEntry.
 */
#ifndef VF_DDI_H
#define VF_DDI_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _VF_DDI_SCENARIO {
    VfDdiClean,                  /* every DDI at an IRQL it allows */
    VfDdiPagedPoolAtDispatch,    /* IrqlExAllocatePool 0x20004 */
    VfDdiReleaseAtPassive,       /* IrqlKeReleaseSpinLock 0x20015 */
    VfDdiAtDpcLevelAtPassive,    /* IrqlDispatch 0x20003 */
    VfDdiFastMutexAtDispatch,    /* IrqlExApcLte1 0x20005 */
    VfDdiSetEventWaitAtDispatch, /* IrqlKeSetEvent 0x20016 */
    VfDdiZwCloseAtApc,           /* IrqlZwPassive 0x2001F */
    VfDdiObReferenceAtApc,       /* IrqlObPassive 0x2001B */
    VfDdiSpinLockTwice,          /* SpinLock 0x40009 */
    VfDdiSpinLockAboveDispatch,  /* IrqlKeDispatchLte 0x20011 */
    VfDdiResourceAtDispatch,     /* IrqlExApcLte3 0x20007 */
    VfDdiCreateDeviceAtApc,      /* IrqlIoPassive1 0x2000A */
    VfDdiBuildIoctlAtDispatch,   /* IrqlIoPassive1 0x2000A */
    VfDdiSymbolicLinkAtApc,      /* IrqlIoPassive4 0x2000D */
    VfDdiInitializeTimerAtApc,   /* IrqlIoPassive5 0x2000E */
    VfDdiGuardedMutexAtDispatch, /* IrqlKeApcLte1 0x2000F */
    VfDdiDelayAtDispatch,        /* IrqlKeApcLte1 0x2000F */
    VfDdiCriticalRegionAtDispatch, /* IrqlKeApcLte2 0x20010 */
    VfDdiSystemThreadAtApc,      /* IrqlPsPassive 0x2001C */
    VfDdiWaitForeverAtDispatch,  /* not a DDI rule: the verifier's wait check 0xC4/0x121 */
    VfDdiWaitTimeoutAtDispatch,  /* 0xC4/0x122 */
    VfDdiPollAtDispatch,         /* correct: a zero timeout at DISPATCH_LEVEL */
    VfDdiReset,                  /* after a caught violation: locks and handles back */
    VfDdiScenarioCount
} VF_DDI_SCENARIO;

typedef struct _VF_DDI_DRIVER {
    void (*Run)(VF_DDI_SCENARIO Scenario);
} VF_DDI_DRIVER;

/* Exported by test-verifier; vf_ddi.sys calls it from DriverEntry. */
void VfTestRegisterDdiDriver(const VF_DDI_DRIVER *Driver);

#ifdef __cplusplus
}
#endif

#endif
