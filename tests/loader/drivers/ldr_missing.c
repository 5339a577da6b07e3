/* PURPOSE: test-loader's driver importing two routines kmode does not provide: loading it
   fails with STATUS_DRIVER_ENTRYPOINT_NOT_FOUND and a message naming both. */
#include <ntddk.h>

NTKERNELAPI NTSTATUS NTAPI IoKmodeTestMissingRoutine(PDRIVER_OBJECT DriverObject);
NTKERNELAPI VOID NTAPI ExKmodeTestMissingToo(VOID);

DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    ExKmodeTestMissingToo();
    return IoKmodeTestMissingRoutine(DriverObject);
}
