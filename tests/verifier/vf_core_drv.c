/*
 * PURPOSE: The driver's side of the verifier core tests (tests/verifier/vf_core_test.c):
 * a DriverEntry, compiled as WDK code, that asks whether it is verified.
 */
#include <wdm.h>

LOGICAL VfTestSawVerifying;
LOGICAL VfTestSawVerifyingByAddress;
NTSTATUS VfTestSawEnabledStatus;
ULONG VfTestSawFlags;

DRIVER_INITIALIZE VfTestDriverEntry;

NTSTATUS NTAPI VfTestDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    VfTestSawVerifying = MmIsDriverVerifying(DriverObject);
    VfTestSawVerifyingByAddress = MmIsDriverVerifyingByAddress((PVOID)VfTestDriverEntry);
    VfTestSawFlags = 0;
    VfTestSawEnabledStatus = MmIsVerifierEnabled(&VfTestSawFlags);
    return STATUS_SUCCESS;
}
