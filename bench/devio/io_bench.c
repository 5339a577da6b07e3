/*
 * PURPOSE: I/O benchmark, as a Windows console app (kmode-cc app mode) driving benchdrv.sys
 * through the SCM and DeviceIoControl. Figures, each against a baseline measured in this run:
 *   - DeviceIoControl round trip, METHOD_BUFFERED, 64 B in and out, against the handler body
 *     and its two copies called directly (goal: <= 150 ns and <= 10x);
 *   - IOCTL throughput with 2 threads (one handle each) against 1 thread (goal: >= 1.8x);
 *   - cold start: StartService (load + DriverEntry), open, first IOCTL, close, stop (unload),
 *     against dlopen + dlclose of the same .sys (goal: <= 5 ms);
 *   - Driver Verifier's cost: the round trip and a pool allocate + free in the driver with
 *     the driver verified (--verifier=standard: KMODE_VERIFIER, set before the service
 *     starts again) against the same with the verifier off.
 * The IRP through an 8-deep filter stack is bench/io_irp_bench.
 */
#include <windows.h>
#include <winioctl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include "benchio.h"
#include "../bench.h"

#define SERVICE_NAME "KmBench"
#define COLD_ROUNDS 40
#define THREAD_NS 300000000ull

/* The bench runs on Linux: the verifier's environment variables are set with the C
   library's own calls. */
extern int setenv(const char *Name, const char *Value, int Overwrite);
extern int unsetenv(const char *Name);

static HANDLE Device;
static unsigned char In[BENCH_PAYLOAD], Out[BENCH_PAYLOAD];
static char SysPath[MAX_PATH];

static void Die(const char *What)
{
    printf("io_bench: %s failed: %lu\n", What, (unsigned long)GetLastError());
    ExitProcess(1);
}

static void Ioctl(HANDLE h, unsigned char *InBuf, unsigned char *OutBuf)
{
    DWORD got = 0;
    if (!DeviceIoControl(h, IOCTL_BENCH_ECHO, InBuf, BENCH_PAYLOAD, OutBuf, BENCH_PAYLOAD, &got,
                         NULL) || got != BENCH_PAYLOAD)
        Die("DeviceIoControl");
}

static void OneIoctl(unsigned i)
{
    In[0] = (unsigned char)i;
    Ioctl(Device, In, Out);
}

static void OneDirect(unsigned i)
{
    unsigned char sys[BENCH_PAYLOAD], tmp[BENCH_PAYLOAD];
    In[0] = (unsigned char)i;
    memcpy(sys, In, sizeof sys);                 /* copy in, as the I/O manager does */
    memcpy(tmp, sys, sizeof tmp);
    BenchBody(tmp, sys);
    __asm__ __volatile__("" : : "r"(sys) : "memory");
    memcpy(Out, sys, sizeof Out);                /* copy out */
}

/* ---- pool in the driver ------------------------------------------------------------------ */

/* ns per allocate + free pair, PerIoctl pairs per request, Rounds requests. */
static double MeasurePool(HANDLE h, ULONG PerIoctl, unsigned Rounds)
{
    unsigned long long start = NowNs();
    DWORD got;

    for (unsigned r = 0; r < Rounds; r++)
        if (!DeviceIoControl(h, IOCTL_BENCH_POOL, &PerIoctl, sizeof PerIoctl, NULL, 0, &got, NULL))
            Die("DeviceIoControl (pool)");
    return (double)(NowNs() - start) / ((double)PerIoctl * Rounds);
}

static HANDLE OpenBench(SC_HANDLE Service)
{
    HANDLE h;

    if (!StartServiceA(Service, 0, NULL))
        Die("StartService");
    h = CreateFileA(BENCH_DEVICE_W32, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        Die("CreateFile");
    return h;
}

static void CloseBench(SC_HANDLE Service, HANDLE h)
{
    SERVICE_STATUS status;

    CloseHandle(h);
    if (!ControlService(Service, SERVICE_CONTROL_STOP, &status))
        Die("ControlService");
}

/* ---- throughput -------------------------------------------------------------------------- */

typedef struct {
    HANDLE Handle;
    volatile LONG *Go;
    unsigned long long Ops;
} WORKER;

static DWORD WINAPI Worker(LPVOID Arg)
{
    WORKER *w = Arg;
    unsigned char in[BENCH_PAYLOAD] = { 0 }, out[BENCH_PAYLOAD];
    unsigned long long start;
    while (!*w->Go)
        ;
    start = NowNs();
    do {
        for (int i = 0; i < 256; i++)
            Ioctl(w->Handle, in, out);
        w->Ops += 256;
    } while (NowNs() - start < THREAD_NS);
    return 0;
}

static double Throughput(int Threads)
{
    WORKER w[2];
    HANDLE t[2];
    volatile LONG go = 0;
    double total = 0;

    for (int i = 0; i < Threads; i++) {
        w[i].Handle = CreateFileA(BENCH_DEVICE_W32, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                  OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        if (w[i].Handle == INVALID_HANDLE_VALUE)
            Die("CreateFile (worker)");
        w[i].Go = &go;
        w[i].Ops = 0;
        t[i] = CreateThread(NULL, 0, Worker, &w[i], 0, NULL);
        if (t[i] == NULL)
            Die("CreateThread");
    }
    go = 1;
    WaitForMultipleObjects((DWORD)Threads, t, TRUE, INFINITE);
    for (int i = 0; i < Threads; i++) {
        total += (double)w[i].Ops;
        CloseHandle(t[i]);
        CloseHandle(w[i].Handle);
    }
    return total / ((double)THREAD_NS / 1e9);
}

/* ---- cold start -------------------------------------------------------------------------- */

static double ColdStart(SC_HANDLE Service)
{
    unsigned long long start = NowNs();
    SERVICE_STATUS status;
    for (int i = 0; i < COLD_ROUNDS; i++) {
        HANDLE h;
        if (!StartServiceA(Service, 0, NULL))
            Die("StartService");
        h = CreateFileA(BENCH_DEVICE_W32, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL, NULL);
        if (h == INVALID_HANDLE_VALUE)
            Die("CreateFile (cold)");
        Ioctl(h, In, Out);
        CloseHandle(h);
        if (!ControlService(Service, SERVICE_CONTROL_STOP, &status))
            Die("ControlService");
    }
    return (double)(NowNs() - start) / COLD_ROUNDS;
}

static double DlopenBaseline(void)
{
    unsigned long long start = NowNs();
    for (int i = 0; i < COLD_ROUNDS; i++) {
        void *h = dlopen(SysPath, RTLD_NOW | RTLD_LOCAL);
        if (h == NULL || dlsym(h, "DriverEntry") == NULL) {
            printf("io_bench: dlopen failed: %s\n", dlerror());
            ExitProcess(1);
        }
        dlclose(h);
    }
    return (double)(NowNs() - start) / COLD_ROUNDS;
}

int main(void)
{
    SC_HANDLE scm, service;
    char *slash;
    double cold, coldBase, ioctl, direct, one, two, pool, ioctlVf, poolVf;

    PrintLoad("io_bench");
    if (GetModuleFileNameA(NULL, SysPath, sizeof SysPath) == 0)
        Die("GetModuleFileName");
    slash = strrchr(SysPath, '\\');
    if (slash == NULL)
        return 1;
    strcpy(slash + 1, "benchdrv.sys");
    scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (scm == NULL)
        Die("OpenSCManager");
    service = CreateServiceA(scm, SERVICE_NAME, SERVICE_NAME, SERVICE_ALL_ACCESS,
                             SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                             SysPath, NULL, NULL, NULL, NULL, NULL);
    if (service == NULL)
        Die("CreateService");

    cold = ColdStart(service);
    {
        /* The baseline maps the image the Linux way; it needs the Linux path. */
        char host[MAX_PATH];
        strcpy(host, SysPath + 2);               /* C:\dir\x.sys -> \dir\x.sys */
        for (char *p = host; *p; p++)
            if (*p == '\\')
                *p = '/';
        strcpy(SysPath, host);
    }
    coldBase = DlopenBaseline();

    Device = OpenBench(service);
    ioctl = Measure(OneIoctl);
    direct = Measure(OneDirect);
    (void)MeasurePool(Device, 4096, 4);                       /* warm-up */
    pool = MeasurePool(Device, 4096, 64);
    one = Throughput(1);
    two = Throughput(2);
    CloseBench(service, Device);

    /* The same driver verified (Driver Verifier's standard flags: special pool, I/O
       verification, ...), as `kmode run --verifier` sets it up. Special pool spends two
       pages per allocation: fewer rounds. */
    setenv("KMODE_VERIFIER", "standard", 1);
    setenv("KMODE_VERIFIER_DRIVERS", "benchdrv.sys", 1);
    Device = OpenBench(service);
    ioctlVf = Measure(OneIoctl);
    poolVf = MeasurePool(Device, 1024, 4);
    CloseBench(service, Device);
    unsetenv("KMODE_VERIFIER");
    unsetenv("KMODE_VERIFIER_DRIVERS");
    DeleteService(service);
    CloseServiceHandle(service);
    CloseServiceHandle(scm);

    Report("DeviceIoControl 64 B METHOD_BUFFERED", ioctl, "handler body + 2 copies", direct);
    printf("%-44s %8.2f M/s      %-36s %8.2f M/s      ratio %.2f\n", "IOCTL throughput, 2 threads",
           two / 1e6, "1 thread", one / 1e6, two / one);
    printf("%-44s %8.1f us/op   %-36s %8.1f us/op   ratio %.2f\n",
           "cold start (load, DriverEntry, IOCTL, unload)", cold / 1e3, "dlopen + dlclose of the .sys",
           coldBase / 1e3, cold / coldBase);
    Report("DeviceIoControl, --verifier=standard", ioctlVf, "verifier off", ioctl);
    Report("pool 64 B alloc+free in the driver, verifier", poolVf, "verifier off", pool);
    return 0;
}
