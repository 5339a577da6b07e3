/*
 * PURPOSE: What the I/O benchmark's driver and app share: the device name, the IOCTL and
 * the handler body (the work one request does), so the app can time the same body called
 * directly as the baseline.
 */
#ifndef KMODE_BENCH_DEVIO_H
#define KMODE_BENCH_DEVIO_H

#define BENCH_DEVICE_NT   L"\\Device\\KmBench"
#define BENCH_DEVICE_DOS  L"\\DosDevices\\KmBench"
#define BENCH_DEVICE_W32  "\\\\.\\KmBench"
#define BENCH_PAYLOAD     64

#define IOCTL_BENCH_ECHO CTL_CODE(0x8000, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* In: a ULONG count. The driver allocates and frees 64 bytes of nonpaged pool that many
   times (pool cost in a driver, with and without Driver Verifier). */
#define IOCTL_BENCH_POOL CTL_CODE(0x8000, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define BENCH_POOL_TAG   'lPmB'

/* The request's work: 64 bytes in, 64 bytes out (each byte + 1). */
static inline void BenchBody(const unsigned char *In, unsigned char *Out)
{
    for (int i = 0; i < BENCH_PAYLOAD; i++)
        Out[i] = (unsigned char)(In[i] + 1);
}

#endif
