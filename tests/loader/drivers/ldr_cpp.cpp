/* PURPOSE: test-loader's C++ driver: a class, a virtual call, extern "C" DriverEntry. */
#include <ntddk.h>
#include "../inc/ldr_test.h"

/* The kernel has no C++ runtime: drivers bring their operator new and delete. */
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
class Counter {
public:
    explicit Counter(LONG Start) : Value(Start) {}
    virtual ~Counter() {}
    virtual LONG Next() { return ++Value; }
private:
    LONG Value;
};
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    Counter *p = new Counter(40);
    LONG value;

    if (p == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    p->Next();
    value = p->Next();
    delete p;
    LdrTestRecord("cpp-entry", DriverObject, RegistryPath, value);
    return STATUS_SUCCESS;
}
