/*
 * PURPOSE: ExUuidCreate and ExGetPreviousMode.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/host.h>

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. Fills Uuid with a random UUID (RFC 4122 version 4, variant 1), the kind
 * Windows has generated since Windows 2000. STATUS_SUCCESS; STATUS_UNSUCCESSFUL if the host
 * has no randomness to give (kmode then returns no predictable value).
 */
NTSTATUS NTAPI ExUuidCreate(UUID *Uuid)
{
    UCHAR Bytes[16];

    if (!HostRandomBytes(Bytes, sizeof Bytes))
        return STATUS_UNSUCCESSFUL;
    Uuid->Data1 = (ULONG)Bytes[0] << 24 | (ULONG)Bytes[1] << 16 | (ULONG)Bytes[2] << 8 | Bytes[3];
    Uuid->Data2 = (USHORT)(Bytes[4] << 8 | Bytes[5]);
    Uuid->Data3 = (USHORT)(((Bytes[6] << 8 | Bytes[7]) & 0x0FFF) | 0x4000);   /* version 4 */
    for (int i = 0; i < 8; i++)
        Uuid->Data4[i] = Bytes[8 + i];
    Uuid->Data4[0] = (UCHAR)((Uuid->Data4[0] & 0x3F) | 0x80);                  /* variant 1 */
    return STATUS_SUCCESS;
}

/* @implemented: any IRQL. */
KPROCESSOR_MODE NTAPI ExGetPreviousMode(VOID)
{
    return KiThreadState.PreviousMode;
}
