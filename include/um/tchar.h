/*
 * PURPOSE: tchar.h: generic-text mappings. Without _UNICODE (or UNICODE) the _t names are
 * the narrow (ANSI) functions and _T("x") is "x"; with it they are the wide functions and
 * _T("x") is L"x". kmode has no MBCS mode: _MBCS selects the narrow functions, which treat
 * text as single-byte (Windows-1252 has no lead bytes).
 * TCHAR itself is winnt.h's (kmode's <ntdef.h>): it follows UNICODE, and UNICODE implies
 * _UNICODE here; with _UNICODE alone, _TCHAR is wchar_t but TCHAR stays char, as on Windows
 * when windows.h comes first.
 *
 * _tmain is main, or wmain under _UNICODE; kmode-cc makes either the program's entry and
 * hands wmain its arguments and environment in UTF-16 (include/kmode/app.h).
 */
#ifndef _INC_TCHAR
#define _INC_TCHAR

#include <ntdef.h>       /* TCHAR, which follows UNICODE as in winnt.h */
#include <wchar.h>
#include <ctype.h>

#if defined(UNICODE) && !defined(_UNICODE)
#define _UNICODE
#endif

#define _TEXT(x) __T(x)
#define _T(x)    __T(x)

#ifdef _UNICODE

#define __T(x) L##x

#ifndef __TCHAR_DEFINED
#define __TCHAR_DEFINED
typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wchar_t _TXCHAR;
typedef wint_t _TINT;
#endif
#ifndef _TBYTE_DEFINED
#define _TBYTE_DEFINED
typedef wchar_t TBYTE, *PTBYTE;
#endif
#define _TEOF WEOF

#define _tmain  wmain

/* Formatted I/O */
#define _tprintf      wprintf
#define _tprintf_s    wprintf_s
#define _ftprintf     fwprintf
#define _ftprintf_s   fwprintf_s
#define _vtprintf     vwprintf
#define _vtprintf_s   vwprintf_s
#define _vftprintf    vfwprintf
#define _vftprintf_s  vfwprintf_s
#define _stprintf     _swprintf
#define _stprintf_s   swprintf_s
#define _vstprintf    _vswprintf
#define _vstprintf_s  vswprintf_s
#define _sntprintf    _snwprintf
#define _sntprintf_s  _snwprintf_s
#define _vsntprintf   _vsnwprintf
#define _vsntprintf_s _vsnwprintf_s
#define _sctprintf    _scwprintf
#define _vsctprintf   _vscwprintf
#define _tscanf       wscanf
#define _tscanf_s     wscanf_s
#define _ftscanf      fwscanf
#define _ftscanf_s    fwscanf_s
#define _stscanf      swscanf
#define _stscanf_s    swscanf_s
#define _sntscanf     _snwscanf
#define _sntscanf_s   _snwscanf_s
#define _vtscanf      vwscanf
#define _vtscanf_s    vwscanf_s
#define _vftscanf     vfwscanf
#define _vftscanf_s   vfwscanf_s
#define _vstscanf     vswscanf
#define _vstscanf_s   vswscanf_s

/* Character and string I/O */
#define _fgettc   fgetwc
#define _gettc    getwc
#define _gettchar getwchar
#define _fputtc   fputwc
#define _puttc    putwc
#define _puttchar putwchar
#define _ungettc  ungetwc
#define _fgetts   fgetws
#define _fputts   fputws
#define _putts    _putws

/* Strings */
#define _tcslen    wcslen
#define _tcsnlen   wcsnlen
#define _tcsclen   wcslen
#define _tcscpy    wcscpy
#define _tcscpy_s  wcscpy_s
#define _tcsncpy   wcsncpy
#define _tcsncpy_s wcsncpy_s
#define _tcsnccpy  wcsncpy
#define _tcscat    wcscat
#define _tcscat_s  wcscat_s
#define _tcsncat   wcsncat
#define _tcsncat_s wcsncat_s
#define _tcsnccat  wcsncat
#define _tcscmp    wcscmp
#define _tcsncmp   wcsncmp
#define _tcsnccmp  wcsncmp
#define _tcsicmp   _wcsicmp
#define _tcsnicmp  _wcsnicmp
#define _tcsncicmp _wcsnicmp
#define _tcscoll   wcscoll
#define _tcsicoll  _wcsicoll
#define _tcsxfrm   wcsxfrm
#define _tcschr    wcschr
#define _tcsrchr   wcsrchr
#define _tcsstr    wcsstr
#define _tcsspn    wcsspn
#define _tcscspn   wcscspn
#define _tcspbrk   wcspbrk
#define _tcstok_s  wcstok_s
#define _tcsdup    _wcsdup
#define _tcslwr    _wcslwr
#define _tcsupr    _wcsupr
#define _tcsrev    _wcsrev

/* Conversions */
#define _ttoi      _wtoi
#define _ttol      _wtol
#define _ttoi64    _wtoi64
#define _tstoi     _wtoi
#define _tstol     _wtol
#define _tstoi64   _wtoi64
#define _ttof      _wtof
#define _tstof     _wtof
#define _tcstol    wcstol
#define _tcstoul   wcstoul
#define _tcstoll   wcstoll
#define _tcstoull  wcstoull
#define _tcstoi64  _wcstoi64
#define _tcstoui64 _wcstoui64
#define _tcstod    wcstod
#define _itot      _itow
#define _itot_s    _itow_s
#define _ltot      _ltow
#define _ltot_s    _ltow_s
#define _ultot     _ultow
#define _ultot_s   _ultow_s
#define _i64tot    _i64tow
#define _i64tot_s  _i64tow_s
#define _ui64tot   _ui64tow
#define _ui64tot_s _ui64tow_s

/* Classification */
#define _istalnum  iswalnum
#define _istalpha  iswalpha
#define _istascii  iswascii
#define _istcntrl  iswcntrl
#define _istdigit  iswdigit
#define _istgraph  iswgraph
#define _istlower  iswlower
#define _istprint  iswprint
#define _istpunct  iswpunct
#define _istblank  iswblank
#define _istspace  iswspace
#define _istupper  iswupper
#define _istxdigit iswxdigit
#define _totupper  towupper
#define _totlower  towlower

#else /* ANSI */

#define __T(x) x

#ifndef __TCHAR_DEFINED
#define __TCHAR_DEFINED
typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#endif
#ifndef _TBYTE_DEFINED
#define _TBYTE_DEFINED
typedef unsigned char TBYTE, *PTBYTE;
#endif
#define _TEOF EOF

#define _tmain main

/* Formatted I/O */
#define _tprintf      printf
#define _tprintf_s    printf_s
#define _ftprintf     fprintf
#define _ftprintf_s   fprintf_s
#define _vtprintf     vprintf
#define _vtprintf_s   vprintf_s
#define _vftprintf    vfprintf
#define _vftprintf_s  vfprintf_s
#define _stprintf     sprintf
#define _stprintf_s   sprintf_s
#define _vstprintf    vsprintf
#define _vstprintf_s  vsprintf_s
#define _sntprintf    _snprintf
#define _sntprintf_s  _snprintf_s
#define _vsntprintf   _vsnprintf
#define _vsntprintf_s _vsnprintf_s
#define _sctprintf    _scprintf
#define _vsctprintf   _vscprintf
#define _tscanf       scanf
#define _tscanf_s     scanf_s
#define _ftscanf      fscanf
#define _ftscanf_s    fscanf_s
#define _stscanf      sscanf
#define _stscanf_s    sscanf_s
#define _sntscanf     _snscanf
#define _sntscanf_s   _snscanf_s
#define _vtscanf      vscanf
#define _vtscanf_s    vscanf_s
#define _vftscanf     vfscanf
#define _vftscanf_s   vfscanf_s
#define _vstscanf     vsscanf
#define _vstscanf_s   vsscanf_s

/* Character and string I/O */
#define _fgettc   fgetc
#define _gettc    getc
#define _gettchar getchar
#define _fputtc   fputc
#define _puttc    putc
#define _puttchar putchar
#define _ungettc  ungetc
#define _fgetts   fgets
#define _fputts   fputs
#define _putts    puts

/* Strings */
#define _tcslen    strlen
#define _tcsnlen   strnlen
#define _tcsclen   strlen
#define _tcscpy    strcpy
#define _tcscpy_s  strcpy_s
#define _tcsncpy   strncpy
#define _tcsncpy_s strncpy_s
#define _tcsnccpy  strncpy
#define _tcscat    strcat
#define _tcscat_s  strcat_s
#define _tcsncat   strncat
#define _tcsncat_s strncat_s
#define _tcsnccat  strncat
#define _tcscmp    strcmp
#define _tcsncmp   strncmp
#define _tcsnccmp  strncmp
#define _tcsicmp   _stricmp
#define _tcsnicmp  _strnicmp
#define _tcsncicmp _strnicmp
#define _tcscoll   strcoll
#define _tcsicoll  _stricoll
#define _tcsxfrm   strxfrm
#define _tcschr    strchr
#define _tcsrchr   strrchr
#define _tcsstr    strstr
#define _tcsspn    strspn
#define _tcscspn   strcspn
#define _tcspbrk   strpbrk
#define _tcstok_s  strtok_s
#define _tcsdup    _strdup
#define _tcslwr    _strlwr
#define _tcsupr    _strupr
#define _tcsrev    _strrev

/* Conversions */
#define _ttoi      atoi
#define _ttol      atol
#define _ttoi64    _atoi64
#define _tstoi     atoi
#define _tstol     atol
#define _tstoi64   _atoi64
#define _ttof      atof
#define _tstof     atof
#define _tcstol    strtol
#define _tcstoul   strtoul
#define _tcstoll   strtoll
#define _tcstoull  strtoull
#define _tcstoi64  _strtoi64
#define _tcstoui64 _strtoui64
#define _tcstod    strtod
#define _itot      _itoa
#define _itot_s    _itoa_s
#define _ltot      _ltoa
#define _ltot_s    _ltoa_s
#define _ultot     _ultoa
#define _ultot_s   _ultoa_s
#define _i64tot    _i64toa
#define _i64tot_s  _i64toa_s
#define _ui64tot   _ui64toa
#define _ui64tot_s _ui64toa_s

/* Classification */
#define _istalnum  isalnum
#define _istalpha  isalpha
#define _istascii  __isascii
#define _istcntrl  iscntrl
#define _istdigit  isdigit
#define _istgraph  isgraph
#define _istlower  islower
#define _istprint  isprint
#define _istpunct  ispunct
#define _istblank  isblank
#define _istspace  isspace
#define _istupper  isupper
#define _istxdigit isxdigit
#define _totupper  toupper
#define _totlower  tolower

#endif /* _UNICODE */

#endif /* _INC_TCHAR */
