/* PURPOSE: test-loader's C++ driver: an abstract class, a virtual call, its own operator
   new/delete and _purecall (the kernel has no C++ runtime), extern "C" DriverEntry. */
#include <ntddk.h>
#include "../inc/ldr_test.h"

/* The kernel has no C++ runtime: drivers bring their operator new and delete. */
/* What MSVC calls for a pure virtual call; the driver brings it, as on Windows. */
extern "C" int __cdecl _purecall(void)
{
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)STATUS_NOT_IMPLEMENTED, 0, 0, 0);
}

void *__cdecl operator new(size_t Size)
{
    return ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, 'pCdL');
}

void __cdecl operator delete(void *Block, size_t Size)
{
    UNREFERENCED_PARAMETER(Size);
    if (Block != NULL)
        ExFreePoolWithTag(Block, 'pCdL');
}

void __cdecl operator delete(void *Block)
{
    if (Block != NULL)
        ExFreePoolWithTag(Block, 'pCdL');
}

namespace {
class Sequence {
public:
    virtual ~Sequence() {}
    virtual LONG Next() = 0;
};

class Counter : public Sequence {
public:
    explicit Counter(LONG Start) : Value(Start) {}
    LONG Next() override { return ++Value; }
private:
    LONG Value;
};
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    Sequence *p = new Counter(40);
    LONG value;

    if (p == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    p->Next();
    value = p->Next();
    delete p;
    LdrTestRecord("cpp-entry", DriverObject, RegistryPath, value);
    return STATUS_SUCCESS;
}
