/*
 * PURPOSE: The SCM end to end, as an app uses it: kmode-cc builds a real driver and a
 * console app (from the sources below, in a scratch directory); the app installs the driver
 * with CreateService (a Win32 path), starts it (ZwLoadDriver maps the .sys, DriverEntry
 * creates \Device\KmScmE2e), stops it (DriverUnload deletes it), and checks the errors of
 * a failing DriverEntry, a driver without DriverUnload, a DDI kmode lacks and a missing file.
 * The app prints one line per step; this test compares the transcript.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"

static const char DriverSource[] =
    "#include <ntddk.h>\n"
    "DRIVER_INITIALIZE DriverEntry;\n"
    "DRIVER_UNLOAD E2eUnload;\n"
    "DRIVER_DISPATCH E2eCreateClose;\n"
    "static UNICODE_STRING E2eLink = RTL_CONSTANT_STRING(L\"\\\\DosDevices\\\\KmScmE2e\");\n"
    "NTSTATUS E2eCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)\n"
    "{\n"
    "    UNREFERENCED_PARAMETER(DeviceObject);\n"
    "    Irp->IoStatus.Status = STATUS_SUCCESS;\n"
    "    Irp->IoStatus.Information = 0;\n"
    "    IoCompleteRequest(Irp, IO_NO_INCREMENT);\n"
    "    return STATUS_SUCCESS;\n"
    "}\n"
    "VOID E2eUnload(PDRIVER_OBJECT DriverObject)\n"
    "{\n"
    "    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, \"e2e: unload\\n\");\n"
    "    IoDeleteSymbolicLink(&E2eLink);\n"
    "    IoDeleteDevice(DriverObject->DeviceObject);\n"
    "}\n"
    "static BOOLEAN EndsWith(PUNICODE_STRING s, PCWSTR tail)\n"
    "{\n"
    "    UNICODE_STRING t, end;\n"
    "    RtlInitUnicodeString(&t, tail);\n"
    "    if (s->Length < t.Length) return FALSE;\n"
    "    end.Buffer = s->Buffer + (s->Length - t.Length) / sizeof(WCHAR);\n"
    "    end.Length = end.MaximumLength = t.Length;\n"
    "    return RtlEqualUnicodeString(&end, &t, TRUE);\n"
    "}\n"
    "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
    "{\n"
    "    UNICODE_STRING name = RTL_CONSTANT_STRING(L\"\\\\Device\\\\KmScmE2e\");\n"
    "    PDEVICE_OBJECT device;\n"
    "    NTSTATUS status;\n"
    "    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, \"e2e: entry %wZ\\n\", RegistryPath);\n"
    "    if (EndsWith(RegistryPath, L\"Fail\"))\n"
    "        return STATUS_DEVICE_DOES_NOT_EXIST;\n"
    "    if (EndsWith(RegistryPath, L\"Sticky\"))\n"
    "        return STATUS_SUCCESS;                   /* no DriverUnload: cannot stop */\n"
    "    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);\n"
    "    if (!NT_SUCCESS(status))\n"
    "        return status;\n"
    "    status = IoCreateSymbolicLink(&E2eLink, &name);\n"
    "    if (!NT_SUCCESS(status)) {\n"
    "        IoDeleteDevice(device);\n"
    "        return status;\n"
    "    }\n"
    "    DriverObject->MajorFunction[IRP_MJ_CREATE] = E2eCreateClose;\n"
    "    DriverObject->MajorFunction[IRP_MJ_CLOSE] = E2eCreateClose;\n"
    "    DriverObject->DriverUnload = E2eUnload;\n"
    "    return STATUS_SUCCESS;\n"
    "}\n";

static const char MissingSource[] =
    "#include <ntddk.h>\n"
    "NTKERNELAPI NTSTATUS NTAPI IoKmodeScmE2eMissing(PDRIVER_OBJECT DriverObject);\n"
    "DRIVER_INITIALIZE DriverEntry;\n"
    "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
    "{\n"
    "    UNREFERENCED_PARAMETER(RegistryPath);\n"
    "    return IoKmodeScmE2eMissing(DriverObject);\n"
    "}\n";

static const char AppSource[] =
    "#include <windows.h>\n"
    "#include <stdio.h>\n"
    "static SC_HANDLE Scm;\n"
    "static SC_HANDLE Install(const char *name, const char *path)\n"
    "{\n"
    "    SC_HANDLE s = CreateServiceA(Scm, name, name, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,\n"
    "                                 SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, NULL,\n"
    "                                 NULL, NULL, NULL, NULL);\n"
    "    printf(\"%s: create %s\\n\", name, s ? \"ok\" : \"failed\");\n"
    "    return s;\n"
    "}\n"
    "static void Start(const char *name, SC_HANDLE s)\n"
    "{\n"
    "    if (StartServiceA(s, 0, NULL)) printf(\"%s: start ok\\n\", name);\n"
    "    else printf(\"%s: start error %lu\\n\", name, (unsigned long)GetLastError());\n"
    "}\n"
    "static void Stop(const char *name, SC_HANDLE s)\n"
    "{\n"
    "    SERVICE_STATUS st = {0};\n"
    "    if (ControlService(s, SERVICE_CONTROL_STOP, &st)) printf(\"%s: stop ok, state %lu\\n\", name, (unsigned long)st.dwCurrentState);\n"
    "    else printf(\"%s: stop error %lu, state %lu\\n\", name, (unsigned long)GetLastError(), (unsigned long)st.dwCurrentState);\n"
    "}\n"
    "static void Query(const char *name, SC_HANDLE s)\n"
    "{\n"
    "    SERVICE_STATUS_PROCESS st;\n"
    "    DWORD needed;\n"
    "    if (QueryServiceStatusEx(s, SC_STATUS_PROCESS_INFO, (LPBYTE)&st, sizeof(st), &needed))\n"
    "        printf(\"%s: state %lu, accepts %lu, exit %lu\\n\", name, (unsigned long)st.dwCurrentState,\n"
    "               (unsigned long)st.dwControlsAccepted, (unsigned long)st.dwWin32ExitCode);\n"
    "    else printf(\"%s: query error %lu\\n\", name, (unsigned long)GetLastError());\n"
    "}\n"
    "static void Remove(const char *name, SC_HANDLE s)\n"
    "{\n"
    "    printf(\"%s: delete %s\\n\", name, DeleteService(s) ? \"ok\" : \"failed\");\n"
    "    CloseServiceHandle(s);\n"
    "}\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    SC_HANDLE s;\n"
    "    setvbuf(stdout, NULL, _IONBF, 0);\n"
    "    if (argc != 4) return 2;\n"
    "    Scm = OpenSCManagerA(NULL, SERVICES_ACTIVE_DATABASEA, SC_MANAGER_ALL_ACCESS);\n"
    "    if (!Scm) return 3;\n"
    "    s = Install(\"KmScmE2e\", argv[1]);\n"
    "    Query(\"KmScmE2e\", s);\n"
    "    Start(\"KmScmE2e\", s);\n"
    "    Query(\"KmScmE2e\", s);\n"
    "    Start(\"KmScmE2e\", s);\n"
    "    Stop(\"KmScmE2e\", s);\n"
    "    Stop(\"KmScmE2e\", s);\n"
    "    Remove(\"KmScmE2e\", s);\n"
    "    s = Install(\"KmScmE2eFail\", argv[1]);\n"
    "    Start(\"KmScmE2eFail\", s);\n"
    "    Query(\"KmScmE2eFail\", s);\n"
    "    Remove(\"KmScmE2eFail\", s);\n"
    "    s = Install(\"KmScmE2eSticky\", argv[1]);\n"
    "    Start(\"KmScmE2eSticky\", s);\n"
    "    Query(\"KmScmE2eSticky\", s);\n"
    "    Stop(\"KmScmE2eSticky\", s);\n"
    "    Remove(\"KmScmE2eSticky\", s);\n"
    "    s = Install(\"KmScmE2eMissing\", argv[2]);\n"
    "    Start(\"KmScmE2eMissing\", s);\n"
    "    Remove(\"KmScmE2eMissing\", s);\n"
    "    s = Install(\"KmScmE2eNoFile\", argv[3]);\n"
    "    Start(\"KmScmE2eNoFile\", s);\n"
    "    Remove(\"KmScmE2eNoFile\", s);\n"
    "    CloseServiceHandle(Scm);\n"
    "    return 0;\n"
    "}\n";

static const char Expected[] =
    "KmScmE2e: create ok\n"
    "KmScmE2e: state 1, accepts 0, exit 1077\n"
    "KmScmE2e: start ok\n"
    "KmScmE2e: state 4, accepts 1, exit 0\n"
    "KmScmE2e: start error 1056\n"
    "KmScmE2e: stop ok, state 1\n"
    "KmScmE2e: stop error 1062, state 1\n"
    "KmScmE2e: delete ok\n"
    "KmScmE2eFail: create ok\n"
    "KmScmE2eFail: start error 55\n"             /* STATUS_DEVICE_DOES_NOT_EXIST */
    "KmScmE2eFail: state 1, accepts 0, exit 55\n"
    "KmScmE2eFail: delete ok\n"
    "KmScmE2eSticky: create ok\n"
    "KmScmE2eSticky: start ok\n"
    "KmScmE2eSticky: state 4, accepts 0, exit 0\n"
    "KmScmE2eSticky: stop error 1052, state 4\n"  /* NOT_STOPPABLE */
    "KmScmE2eSticky: delete ok\n"
    "KmScmE2eMissing: create ok\n"
    "KmScmE2eMissing: start error 127\n"         /* a DDI kmode does not provide */
    "KmScmE2eMissing: delete ok\n"
    "KmScmE2eNoFile: create ok\n"
    "KmScmE2eNoFile: start error 2\n"
    "KmScmE2eNoFile: delete ok\n";

static int WriteText(const char *Path, const char *Text)
{
    FILE *f = fopen(Path, "w");
    if (f == NULL)
        return 0;
    fputs(Text, f);
    return fclose(f) == 0;
}

/* Runs Command (through the shell) and returns its output, stdout and stderr merged. */
static char *Run(const char *Command, int *Status)
{
    size_t cap = 65536, n = 0;
    char *out = malloc(cap);
    FILE *p = popen(Command, "r");
    size_t got;

    if (out == NULL || p == NULL) {
        free(out);
        *Status = -1;
        return NULL;
    }
    while ((got = fread(out + n, 1, cap - 1 - n, p)) > 0)
        n += got;
    out[n] = 0;
    *Status = pclose(p);
    return out;
}

/* The Win32 form of an absolute Linux path (C: is the Linux root). */
static void Win32Path(const char *Linux, char *Out, size_t Size)
{
    size_t i, n = 2;
    Out[0] = 'C';
    Out[1] = ':';
    for (i = 0; Linux[i] != 0 && n + 1 < Size; i++)
        Out[n++] = Linux[i] == '/' ? '\\' : Linux[i];
    Out[n] = 0;
}

/* Keeps the app's own lines: not the driver's debug output ("[drv] ...") nor kmode's
   messages ("kmode: ..."). */
static void AppLines(const char *Text, char *Out, size_t Size)
{
    size_t n = 0;
    while (*Text) {
        const char *end = strchr(Text, '\n');
        size_t len = end ? (size_t)(end - Text) + 1 : strlen(Text);
        if (Text[0] != '[' && strncmp(Text, "kmode:", 6) != 0 && n + len < Size) {
            memcpy(Out + n, Text, len);
            n += len;
        }
        Text += len;
    }
    Out[n] = 0;
}

static void win32_scm_e2e_test_real_driver(KTEST *t)
{
    char self[PATH_MAX], dir[] = "/tmp/kmode-scm-e2e.XXXXXX", path[PATH_MAX], cmd[4 * PATH_MAX];
    char drv[PATH_MAX], missing[PATH_MAX], nofile[PATH_MAX];
    char *out, *slash, lines[8192];
    const char *env = "env -u CC -u CXX -u KMODE_CC -u KMODE_CXX -u KMODE_RUN_DRIVERS "
                      "ASAN_OPTIONS=detect_leaks=0";
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    int status;

    KT_ASSERT_TRUE(t, len > 0);
    self[len] = 0;
    slash = strrchr(self, '/');
    KT_ASSERT_TRUE(t, slash != NULL);
    *slash = 0;                                     /* the bin directory: kmode-cc is here */
    KT_ASSERT_TRUE(t, mkdtemp(dir) != NULL);

    snprintf(path, sizeof(path), "%s/e2e_drv.c", dir);
    KT_ASSERT_TRUE(t, WriteText(path, DriverSource));
    snprintf(path, sizeof(path), "%s/e2e_missing.c", dir);
    KT_ASSERT_TRUE(t, WriteText(path, MissingSource));
    snprintf(path, sizeof(path), "%s/e2e_app.c", dir);
    KT_ASSERT_TRUE(t, WriteText(path, AppSource));
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && %s '%s/kmode-cc' --driver -o e2e_drv.sys e2e_drv.c 2>&1 && "
             "%s '%s/kmode-cc' --driver -o e2e_missing.sys e2e_missing.c 2>&1 && "
             "%s '%s/kmode-cc' -o e2e_app e2e_app.c 2>&1",
             dir, env, self, env, self, env, self);
    out = Run(cmd, &status);
    KT_ASSERT_TRUE(t, out != NULL);
    if (status != 0)
        KT_FAIL(t, "building the driver and the app failed:\n%s", out);
    free(out);
    KT_ASSERT_EQ(t, status, 0);

    snprintf(path, sizeof(path), "%s/e2e_drv.sys", dir);
    Win32Path(path, drv, sizeof(drv));
    snprintf(path, sizeof(path), "%s/e2e_missing.sys", dir);
    Win32Path(path, missing, sizeof(missing));
    snprintf(path, sizeof(path), "%s/not_there.sys", dir);
    Win32Path(path, nofile, sizeof(nofile));
    snprintf(cmd, sizeof(cmd), "cd '%s' && %s ./e2e_app '%s' '%s' '%s' 2>&1", dir, env, drv,
             missing, nofile);
    out = Run(cmd, &status);
    KT_ASSERT_TRUE(t, out != NULL);
    KT_EXPECT_EQ(t, status, 0);
    AppLines(out, lines, sizeof(lines));
    KT_EXPECT_STREQ(t, lines, Expected);
    /* The driver ran: DriverEntry got its service key, DriverUnload ran at the stop. */
    KT_EXPECT_CONTAINS(t, out, "e2e: entry \\REGISTRY\\MACHINE\\SYSTEM\\");
    KT_EXPECT_CONTAINS(t, out, "\\Services\\KmScmE2e\n");
    KT_EXPECT_CONTAINS(t, out, "e2e: unload");
    /* A load failure names the missing routine. */
    KT_EXPECT_CONTAINS(t, out, "IoKmodeScmE2eMissing");
    free(out);

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    (void)system(cmd);
}

static KTEST_CASE win32_scm_e2e_cases[] = {
    KTEST_CASE_ENTRY(win32_scm_e2e_test_real_driver),
    { 0 }
};
KTEST_SUITE(win32_scm_e2e, win32_scm_e2e_cases);
