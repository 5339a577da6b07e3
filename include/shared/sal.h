/*
 * PURPOSE: SAL 2 annotations. They describe contracts for static analysis; in kmode every
 * annotation expands to nothing. (Helper-owned: the full list is completed in this file.)
 */
#ifndef _KMODE_SAL_H_
#define _KMODE_SAL_H_
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_reads_bytes_(s)
#define _Out_writes_bytes_(s)
#define _Must_inspect_result_
#define _Use_decl_annotations_
#define _IRQL_requires_max_(i)
#endif
