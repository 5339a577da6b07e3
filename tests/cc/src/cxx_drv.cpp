/* PURPOSE: toolchain test C++ driver: classes, virtual calls, the driver's own operator
   new/delete (the kernel has no C++ runtime), extern "C" DriverEntry. */
#include <ntddk.h>

/* What MSVC calls for a pure virtual call; the driver brings it, as on Windows. */
extern "C" int __cdecl _purecall(void)
{
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)STATUS_NOT_IMPLEMENTED, 0, 0, 0);
}

void *__cdecl operator new(size_t Size)
{
    return ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, 'xxCC');
}

void __cdecl operator delete(void *Block, size_t)
{
    if (Block != NULL)
        ExFreePoolWithTag(Block, 'xxCC');
}

void __cdecl operator delete(void *Block)
{
    if (Block != NULL)
        ExFreePoolWithTag(Block, 'xxCC');
}

namespace {
struct Shape {
    virtual ~Shape() {}
    virtual ULONG Area() const = 0;
};
struct Square : Shape {
    explicit Square(ULONG Side) : Side(Side) {}
    ULONG Area() const override { return Side * Side; }
    ULONG Side;
};
}

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD CxxUnload;

static VOID CxxUnload(PDRIVER_OBJECT)
{
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "cxx: DriverUnload\n");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    Shape *s = new Square(7);
    if (s == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "cxx: DriverEntry area=%lu\n",
               (unsigned long)s->Area());
    delete s;
    DriverObject->DriverUnload = CxxUnload;
    return STATUS_SUCCESS;
}
