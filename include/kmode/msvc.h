/*
 * PURPOSE: MSVC source habits that WDK drivers rely on, mapped onto gcc/clang.
 *
 * Included first by every kmode header. Drivers keep their MSVC-isms (calling-convention
 * keywords, __declspec, __int64, #pragma alloc_text, ...) and compile unmodified.
 * Unknown pragmas (alloc_text, code_seg, warning, prefast, ...) are silenced for the rest
 * of the translation unit: they carry no meaning in a user-mode process.
 */
#ifndef _KMODE_MSVC_H_
#define _KMODE_MSVC_H_

/*
 * gcc before 13 does not honour this pragma for unknown pragmas in C++ (gcc bug 53431):
 * driver-mode C++ is therefore also compiled with -Wno-unknown-pragmas (cmake/kmode.cmake).
 */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
/* Pool tags are multi-character constants ('Tag1'), with MSVC's value (first char highest). */
#pragma GCC diagnostic ignored "-Wmultichar"
#ifdef __clang__
#pragma clang diagnostic ignored "-Wignored-pragmas"
#pragma clang diagnostic ignored "-Wignored-attributes"
#pragma clang diagnostic ignored "-Wmicrosoft-anon-tag"
#endif

#if !defined(__x86_64__)
#error "kmode: only x86-64 hosts are supported"
#endif

/* The target the WDK headers expect. */
#ifndef _WIN64
#define _WIN64 1
#endif
#ifndef _AMD64_
#define _AMD64_ 1
#endif
#ifndef _M_AMD64
#define _M_AMD64 100
#endif
#ifndef _M_X64
#define _M_X64 100
#endif
#ifndef _KMODE_
#define _KMODE_ 1
#endif

#ifdef __cplusplus
#define KMODE_EXTERN_C extern "C"
#define KMODE_EXTERN_C_START extern "C" {
#define KMODE_EXTERN_C_END }
#else
#define KMODE_EXTERN_C extern
#define KMODE_EXTERN_C_START
#define KMODE_EXTERN_C_END
#endif

/* Calling conventions: x64 Windows has one; on the host they are all the SysV convention. */
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef __thiscall
#define __thiscall
#endif
#ifndef __vectorcall
#define __vectorcall
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef __ptr64
#define __ptr64
#endif
#ifndef __ptr32
#define __ptr32
#endif
#ifndef __unaligned
#define __unaligned
#endif
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef UNALIGNED64
#define UNALIGNED64
#endif
#ifndef __restrict
#define __restrict __restrict__
#endif

/* MSVC sized integer keywords. */
#define __int8  char
#define __int16 short
#define __int32 int
#define __int64 long long

#ifndef __forceinline
#define __forceinline inline __attribute__((__always_inline__))
#endif
#ifndef __inline
#define __inline inline
#endif
#ifndef _inline
#define _inline __inline
#endif
/* Old single-underscore spellings MSVC still accepts. */
#ifndef _fastcall
#define _fastcall
#endif
#ifndef _declspec
#define _declspec(x) __declspec(x)
#endif
/* Pointer-size modifiers of 32/64-bit portability: no meaning on an LP64 host. */
#ifndef __w64
#define __w64
#endif
#ifndef __sptr
#define __sptr
#endif
#ifndef __uptr
#define __uptr
#endif

/*
 * __declspec(x) becomes __kmode_declspec_x, so each supported specifier maps to a gcc
 * attribute and an unsupported one is a compile error naming it.
 */
#define __declspec(x) __kmode_declspec_##x
#define __kmode_declspec_align(n)      __attribute__((__aligned__(n)))
#define __kmode_declspec_noinline      __attribute__((__noinline__))
#define __kmode_declspec_noreturn      __attribute__((__noreturn__))
#define __kmode_declspec_dllexport     __attribute__((__visibility__("default")))
#define __kmode_declspec_dllimport
#define __kmode_declspec_selectany     __attribute__((__weak__))
#define __kmode_declspec_deprecated    __attribute__((__deprecated__))
#define __kmode_declspec_thread        __thread
#define __kmode_declspec_restrict
#define __kmode_declspec_noalias
#define __kmode_declspec_novtable
#define __kmode_declspec_nothrow
#define __kmode_declspec_naked         __attribute__((__naked__))
/* The function goes into section s (a driver's PAGE* and INIT sections are pageable and
   init code: kmode-cc's link script pages them, docs/toolchain.md). */
#define __kmode_declspec_code_seg(s)   __attribute__((__section__(s)))
#define __kmode_declspec_allocate(s)
#define __kmode_declspec_uuid(s)
#define __kmode_declspec_safebuffers
#define __kmode_declspec_guard(x)
#define __kmode_declspec_empty_bases
#define __kmode_declspec_allocator
#define __kmode_declspec_no_sanitize_address __attribute__((__no_sanitize_address__))
#define __kmode_declspec_spectre(x)
#define __kmode_declspec_hybrid_patchable
#define __kmode_declspec_no_init_all
#define __kmode_declspec_process
#define __kmode_declspec_appdomain
#define __kmode_declspec_jitintrinsic
#define __kmode_declspec_intrin_type

/* __pragma(x) is MSVC's operator form of #pragma; its pragmas mean nothing here. */
#define __pragma(x)

/* __assume(e) is an optimiser hint; kmode does not evaluate e (MSVC does not either). */
#ifndef __assume
#define __assume(e) ((void)0)
#endif
/* __annotation records strings in the PDB; there is no PDB. */
#define __annotation(...) ((void)0)

/* __noop: MSVC discards the call and does not evaluate its arguments. */
#ifndef __noop
#define __noop(...) ((void)0)
#endif

/* _countof: element count of an array (stdlib.h in MSVC; drivers use it freely). */
#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

/*
 * __FUNCTION__ exists in gcc and clang, but as an identifier, not a string literal:
 * "x" __FUNCTION__ (literal concatenation, legal in MSVC) does not compile here.
 * __FUNCSIG__ gets the same treatment with the full signature.
 */
#ifndef __FUNCSIG__
#define __FUNCSIG__ __PRETTY_FUNCTION__
#endif

#endif /* _KMODE_MSVC_H_ */
