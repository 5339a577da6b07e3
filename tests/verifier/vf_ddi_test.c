/*
 * PURPOSE: DDI compliance checking tests (src/verifier/vfddi.c) with vf_ddi.sys, a real
 * image: each rule violated once, caught with 0xC4 and the rule's id, Parameter 2 the text
 * of the violated condition; the same DDIs called correctly pass; without the flag nothing
 * is checked.
 */
#include <stdlib.h>
#include <string.h>
#include <internal/vfhooks.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "vf_harness.h"
#include "vf_ddi.h"

static const VF_DDI_DRIVER *DdiDriver;

void VfTestRegisterDdiDriver(const VF_DDI_DRIVER *Driver)
{
    DdiDriver = Driver;
}

static BOOLEAN Load(KTEST *t, const char *Flags)
{
    NTSTATUS Status;

    DdiDriver = NULL;
    VfTestSetVerifier(Flags, "vf_ddi.sys");
    Status = VfTestLoadSys(L"vf_ddi", "vf_ddi.sys");
    VfTestSetVerifier(NULL, NULL);
    KT_EXPECT_EQ(t, Status, STATUS_SUCCESS);
    return NT_SUCCESS(Status) && DdiDriver != NULL;
}

static void RunIt(void *Context)
{
    DdiDriver->Run((VF_DDI_SCENARIO)(ULONG_PTR)Context);
}

static BOOLEAN Catch(VF_DDI_SCENARIO Scenario, KMODE_BUGCHECK *Bc)
{
    return KmodeCatchBugCheck(RunIt, (void *)(ULONG_PTR)Scenario, KMODE_CATCH_QUIET, Bc);
}

static const struct {
    VF_DDI_SCENARIO Scenario;
    ULONG Rule;
    const char *Name;
} Violations[] = {
    { VfDdiPagedPoolAtDispatch, 0x20004, "IrqlExAllocatePool" },
    { VfDdiReleaseAtPassive, 0x20015, "IrqlKeReleaseSpinLock" },
    { VfDdiAtDpcLevelAtPassive, 0x20003, "IrqlDispatch" },
    { VfDdiFastMutexAtDispatch, 0x20005, "IrqlExApcLte1" },
    { VfDdiSetEventWaitAtDispatch, 0x20016, "IrqlKeSetEvent" },
    { VfDdiZwCloseAtApc, 0x2001F, "IrqlZwPassive" },
    { VfDdiObReferenceAtApc, 0x2001B, "IrqlObPassive" },
    { VfDdiSpinLockTwice, 0x40009, "SpinLock" },
    { VfDdiSpinLockAboveDispatch, 0x20011, "IrqlKeDispatchLte" },
    { VfDdiResourceAtDispatch, 0x20007, "IrqlExApcLte3" },
    { VfDdiCreateDeviceAtApc, 0x2000A, "IrqlIoPassive1" },
    { VfDdiBuildIoctlAtDispatch, 0x2000A, "IrqlIoPassive1" },
    { VfDdiSymbolicLinkAtApc, 0x2000D, "IrqlIoPassive4" },
    { VfDdiInitializeTimerAtApc, 0x2000E, "IrqlIoPassive5" },
    { VfDdiGuardedMutexAtDispatch, 0x2000F, "IrqlKeApcLte1" },
    { VfDdiDelayAtDispatch, 0x2000F, "IrqlKeApcLte1" },
    { VfDdiCriticalRegionAtDispatch, 0x20010, "IrqlKeApcLte2" },
    { VfDdiSystemThreadAtApc, 0x2001C, "IrqlPsPassive" },
};

static void vf_ddi_test_clean_driver_is_left_alone(KTEST *t)
{
    KMODE_BUGCHECK Bc;

    KT_ASSERT_TRUE(t, Load(t, "0x20000"));
    KT_EXPECT_FALSE(t, Catch(VfDdiClean, &Bc));
    KT_EXPECT_FALSE(t, Catch(VfDdiClean, &Bc));
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, VfTestUnloadSys(L"vf_ddi"), STATUS_SUCCESS);
}

static void vf_ddi_test_each_rule_is_caught(KTEST *t)
{
    KMODE_BUGCHECK Bc;

    KT_ASSERT_TRUE(t, Load(t, "0x20000"));
    for (ULONG i = 0; i < RTL_NUMBER_OF(Violations); i++) {
        memset(&Bc, 0, sizeof(Bc));
        KT_EXPECT_TRUE(t, Catch(Violations[i].Scenario, &Bc));
        KT_EXPECT_EQ(t, Bc.Code, 0xC4);
        KT_EXPECT_EQ(t, Bc.Parameter1, Violations[i].Rule);
        if (Bc.Code != 0xC4 || Bc.Parameter1 != Violations[i].Rule) {
            ktest_log(t, "%s: %s", Violations[i].Name, Bc.Report ? Bc.Report : "(no report)");
            DdiDriver->Run(VfDdiReset);
            continue;
        }
        KT_EXPECT_STREQ(t, VfDdiRuleName(Violations[i].Rule), Violations[i].Name);
        /* Parameter 2: the violated condition, as on Windows. */
        KT_EXPECT_TRUE(t, Bc.Parameter2 != 0 &&
                          ktest_contains((const char *)Bc.Parameter2, "should only") +
                          ktest_contains((const char *)Bc.Parameter2, "should alternate"));
        KT_EXPECT_EQ(t, Bc.Parameter3, 0);
        KT_EXPECT_CONTAINS(t, Bc.Report, "DV_VIOLATED_CONDITION");
        KT_EXPECT_CONTAINS(t, Bc.Report, Violations[i].Name);
        KT_EXPECT_CONTAINS(t, Bc.Report, "vf_ddi!Run");
        KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
        DdiDriver->Run(VfDdiReset);
    }
    KT_EXPECT_EQ(t, VfTestUnloadSys(L"vf_ddi"), STATUS_SUCCESS);
}

/* Without DDI compliance checking the rules stay quiet: the verifier's automatic checks
   remain (paged pool at DISPATCH_LEVEL from a verified driver is 0xC4/1 rather than
   0xC2/8), so do kmode's own (a recursive spin lock is 0xF SPIN_LOCK_ALREADY_OWNED where
   Windows would hang), the rest passes. */
static void vf_ddi_test_off_without_the_flag(KTEST *t)
{
    KMODE_BUGCHECK Bc;

    KT_ASSERT_TRUE(t, Load(t, "0x10"));
    KT_EXPECT_TRUE(t, Catch(VfDdiPagedPoolAtDispatch, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, 0xC4);                      /* not rule 0x20004 */
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x01);
    KT_EXPECT_FALSE(t, Catch(VfDdiSetEventWaitAtDispatch, &Bc));
    KeLowerIrql(PASSIVE_LEVEL);                          /* the scenario left it raised */
    DdiDriver->Run(VfDdiReset);
    KT_EXPECT_TRUE(t, Catch(VfDdiSpinLockTwice, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, 0x0F);
    DdiDriver->Run(VfDdiReset);
    KT_EXPECT_EQ(t, VfTestUnloadSys(L"vf_ddi"), STATUS_SUCCESS);
}

/* Not DDI rules but the verifier's own IRQL checks of waits, for any verified driver:
   0xC4/0x121 (no timeout) and 0x122 (nonzero timeout) at DISPATCH_LEVEL (address of the
   IRQL, object, address of the timeout); a poll is fine. Unverified: 0xA, as before. */
static void vf_ddi_test_waits_at_dispatch_level(KTEST *t)
{
    KMODE_BUGCHECK Bc;

    KT_ASSERT_TRUE(t, Load(t, "0x10"));
    KT_EXPECT_FALSE(t, Catch(VfDdiPollAtDispatch, &Bc));
    KT_EXPECT_TRUE(t, Catch(VfDdiWaitForeverAtDispatch, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, 0xC4);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x121);
    KT_EXPECT_TRUE(t, Bc.Parameter3 != 0);
    KT_EXPECT_EQ(t, Bc.Parameter4, 0);
    KT_EXPECT_CONTAINS(t, Bc.Report, "no timeout");
    KT_EXPECT_TRUE(t, Catch(VfDdiWaitTimeoutAtDispatch, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, 0xC4);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x122);
    KT_EXPECT_TRUE(t, Bc.Parameter4 != 0);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, VfTestUnloadSys(L"vf_ddi"), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, Load(t, "0"));
    KT_EXPECT_TRUE(t, Catch(VfDdiWaitForeverAtDispatch, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, 0xA);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, VfTestUnloadSys(L"vf_ddi"), STATUS_SUCCESS);
}

static KTEST_CASE vf_ddi_cases[] = {
    KTEST_CASE_ENTRY(vf_ddi_test_waits_at_dispatch_level),
    KTEST_CASE_ENTRY(vf_ddi_test_clean_driver_is_left_alone),
    KTEST_CASE_ENTRY(vf_ddi_test_each_rule_is_caught),
    KTEST_CASE_ENTRY(vf_ddi_test_off_without_the_flag),
    {0},
};

KTEST_SUITE(vf_ddi, vf_ddi_cases);
