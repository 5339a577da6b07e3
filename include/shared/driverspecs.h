/*
 * PURPOSE: Driver-specific source annotations (driverspecs.h and kernelspecs.h of the WDK):
 * IRQL contracts (_IRQL_requires_max_, _IRQL_raises_, _IRQL_saves_, ...), dispatch types,
 * kernel resources and floating-point state (_Kernel_*), and the older __drv_* spellings.
 *
 * They are read by Static Driver Verifier and Code Analysis, not by the compiler: every
 * one expands to nothing (variadic where the real one takes arguments). Where kmode
 * enforces such a contract, it does so at run time inside the routine (IRQL checks arrive
 * with the IRQL model).
 */
#ifndef _KMODE_DRIVERSPECS_H_
#define _KMODE_DRIVERSPECS_H_

#include <specstrings.h>

/* ---- IRQL contracts (kernelspecs.h) -------------------------------------------------------- */
#define _IRQL_is_cancel_
#define _IRQL_requires_same_
#define _IRQL_restores_
#define _IRQL_saves_
#define _IRQL_uses_cancel_
#define _IRQL_always_function_max_(...)
#define _IRQL_always_function_min_(...)
#define _IRQL_raises_(...)
#define _IRQL_requires_(...)
#define _IRQL_requires_max_(...)
#define _IRQL_requires_min_(...)
#define _IRQL_restores_global_(...)
#define _IRQL_saves_global_(...)

/* ---- Kernel resources, floating point, device-object init (kernelspecs.h) ------------------ */
#define _Kernel_float_restored_
#define _Kernel_float_saved_
#define _Kernel_float_used_
#define _Kernel_IoGetDmaAdapter_
#define _Dispatch_type_(...)
#define _Kernel_acquires_resource_(...)
#define _Kernel_clear_do_init_(...)
#define _Kernel_releases_resource_(...)
#define _Kernel_requires_resource_held_(...)
#define _Kernel_requires_resource_not_held_(...)

/* ---- Driver annotations, __drv_ spelling (driverspecs.h) ----------------------------------- */
#define __drv_acquiresCancelSpinLock
#define __drv_acquiresCriticalRegion
#define __drv_acquiresPriorityRegion
#define __drv_aliasesMem
#define __drv_constant
#define __drv_dispatchType_other
#define __drv_floatRestored
#define __drv_floatSaved
#define __drv_floatUsed
#define __drv_interlocked
#define __drv_inTry
#define __drv_IoGetDmaAdapter
#define __drv_isCancelIRQL
#define __drv_isObjectPointer
#define __drv_mustHoldCancelSpinLock
#define __drv_mustHoldCriticalRegion
#define __drv_mustHoldPriorityRegion
#define __drv_neverHoldCancelSpinLock
#define __drv_neverHoldCriticalRegion
#define __drv_neverHoldPriorityRegion
#define __drv_nonConstant
#define __drv_notInTry
#define __drv_notPointer
#define __drv_out_deref_unused
#define __drv_releasesCancelSpinLock
#define __drv_releasesCriticalRegion
#define __drv_releasesPriorityRegion
#define __drv_restoresIRQL
#define __drv_sameIRQL
#define __drv_savesIRQL
#define __drv_typeBitset
#define __drv_typeCond
#define __drv_typeConst
#define __drv_typeExpr
#define __drv_useCancelIRQL
#define __drv_acquiresExclusiveResource(...)
#define __drv_acquiresExclusiveResourceGlobal(...)
#define __drv_acquiresResource(...)
#define __drv_acquiresResourceGlobal(...)
#define __drv_allocatesMem(...)
#define __drv_arg(...)
#define __drv_at(...)
#define __drv_callbackType(...)
#define __drv_clearDoInit(...)
#define __drv_completionType(...)
#define __drv_declspec(...)
#define __drv_defined(...)
#define __drv_deref(...)
#define __drv_dispatchType(...)
#define __drv_formatString(...)
#define __drv_freesMem(...)
#define __drv_fun(...)
#define __drv_functionClass(...)
#define __drv_in(...)
#define __drv_in_deref(...)
#define __drv_innerMustHoldGlobal(...)
#define __drv_innerNeverHoldGlobal(...)
#define __drv_maxFunctionIRQL(...)
#define __drv_maxIRQL(...)
#define __drv_minFunctionIRQL(...)
#define __drv_minIRQL(...)
#define __drv_mustHold(...)
#define __drv_mustHoldGlobal(...)
#define __drv_neverHold(...)
#define __drv_neverHoldGlobal(...)
#define __drv_nop(...)
#define __drv_out(...)
#define __drv_out_deref(...)
#define __drv_preferredFunction(...)
#define __drv_raisesIRQL(...)
#define __drv_releasesExclusiveResource(...)
#define __drv_releasesExclusiveResourceGlobal(...)
#define __drv_releasesResource(...)
#define __drv_releasesResourceGlobal(...)
#define __drv_reportError(...)
#define __drv_requiresIRQL(...)
#define __drv_restoresIRQLGlobal(...)
#define __drv_ret(...)
#define __drv_savesIRQLGlobal(...)
#define __drv_setsIRQL(...)
#define __drv_strictType(...)
#define __drv_strictTypeMatch(...)
#define __drv_unit(...)
#define __drv_valueIs(...)
#define __drv_when(...)

#endif /* _KMODE_DRIVERSPECS_H_ */
