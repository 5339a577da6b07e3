# Compile modes and helper functions shared by src/, tests/, bench/ and samples/.

set(KMODE_ROOT ${CMAKE_CURRENT_LIST_DIR}/..)
get_filename_component(KMODE_ROOT ${KMODE_ROOT} ABSOLUTE)

# The compiler's own freestanding headers (stdarg.h, stddef.h, ...): driver mode keeps these
# and drops glibc's.
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=include
                OUTPUT_VARIABLE KMODE_CC_BUILTIN_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-resource-dir
                  OUTPUT_VARIABLE _kmode_res OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(KMODE_CC_BUILTIN_INCLUDE ${_kmode_res}/include)
endif()

set(KMODE_WARNINGS -Wall -Wextra)
if(KMODE_WERROR)
  list(APPEND KMODE_WARNINGS -Werror)
endif()

# Flags every translation unit gets, in both modes.
set(KMODE_COMMON_FLAGS -fshort-wchar -fno-strict-aliasing -g)
if(KMODE_SANITIZE)
  list(APPEND KMODE_COMMON_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
       -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(KMODE_TSAN)
  list(APPEND KMODE_COMMON_FLAGS -fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
add_compile_options(${KMODE_COMMON_FLAGS})

# Header directories a driver sees, in search order: kernel CRT first so <string.h> is ours.
set(KMODE_DRIVER_INCLUDES
    ${KMODE_ROOT}/include/km/crt
    ${KMODE_ROOT}/include/km
    ${KMODE_ROOT}/include/shared
    ${KMODE_ROOT}/include)

# Runtime mode: kmode's own code. Hosted, sees glibc, never sees the kernel CRT.
# include/um comes last: the Win32 side (src/win32) implements windows.h's functions and
# includes it (after wdm.h, whose definitions it shares); nothing there shadows a system header.
function(kmode_runtime_target target)
  target_include_directories(${target} PRIVATE
      ${KMODE_ROOT}/src/include
      ${KMODE_ROOT}/include/km
      ${KMODE_ROOT}/include/shared
      ${KMODE_ROOT}/include
      ${KMODE_ROOT}/include/um)
  target_compile_options(${target} PRIVATE ${KMODE_WARNINGS})
endfunction()

# Marks sources as runtime-mode (hosted) translation units.
function(kmode_runtime_sources)
  set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_DEFINITIONS KMODE_RUNTIME=1 _GNU_SOURCE)
endfunction()

# Driver mode: the named sources compile exactly as a WDK driver would, against kmode's
# headers only (-nostdinc). Used by tests, samples and later by kmode-cc.
function(kmode_driver_sources)
  foreach(src ${ARGN})
    set(_inc "")
    foreach(d ${KMODE_DRIVER_INCLUDES})
      string(APPEND _inc " -isystem ${d}")
    endforeach()
    string(APPEND _inc " -isystem ${KMODE_CC_BUILTIN_INCLUDE}")
    # gcc < 13 ignores `#pragma GCC diagnostic ignored "-Wunknown-pragmas"` in C++ (gcc bug
    # 53431), so a driver's #pragma alloc_text would warn there; C relies on kmode/msvc.h.
    set(_lang "")
    if(src MATCHES "\\.(cpp|cc|cxx)$")
      set(_lang " -Wno-unknown-pragmas")
    endif()
    # -fno-optimize-sibling-calls: as kmode-cc --driver, every DDI call stays a real call,
    # so the verifier's checks by caller address see calls in tail position.
    set_property(SOURCE ${src} APPEND_STRING PROPERTY COMPILE_FLAGS
                 " -nostdinc${_inc}${_lang} -D_AMD64_ -D_WIN64 -fno-optimize-sibling-calls ")
  endforeach()
endfunction()

# Header directories a user-mode app sees (kmode's Win32 subset), in search order: the user
# CRT overrides first (they bind the wide-character and MS-specific functions to kmode's
# implementations, because glibc's wchar_t is 32-bit), then windows.h and friends.
set(KMODE_APP_INCLUDES
    ${KMODE_ROOT}/include/um/crt
    ${KMODE_ROOT}/include/um
    ${KMODE_ROOT}/include/shared
    ${KMODE_ROOT}/include)
# What MSVC predefines for an x64 target, so `#ifdef _WIN32` in an app takes the Windows path.
set(KMODE_APP_DEFINES -D_WIN32 -D_WIN64 -D_M_X64 -D_M_AMD64 -D_AMD64_ -U_FORTIFY_SOURCE)

# App mode: the named sources compile as a Windows console app's would (kmode-cc's default).
# glibc stays visible underneath for the narrow C library.
function(kmode_app_sources)
  foreach(src ${ARGN})
    set(_inc "")
    foreach(d ${KMODE_APP_INCLUDES})
      string(APPEND _inc " -isystem ${d}")
    endforeach()
    set(_lang "")
    if(src MATCHES "\\.(cpp|cc|cxx)$")
      set(_lang " -Wno-unknown-pragmas")
    endif()
    string(JOIN " " _defs ${KMODE_APP_DEFINES})
    set_property(SOURCE ${src} APPEND_STRING PROPERTY COMPILE_FLAGS "${_inc}${_lang} ${_defs} ")
  endforeach()
endfunction()

# A test executable: kmode's test framework + the runtime. Sources named *_drv.c (and any
# listed in DRIVER) compile in driver mode; the rest in runtime mode.
function(kmode_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DRIVER" ${ARGN})
  add_executable(${name} ${T_SOURCES} ${T_DRIVER} ${KMODE_ROOT}/tests/ktest/ktest_main.c)
  set(_drv ${T_DRIVER})
  set(_rt ${KMODE_ROOT}/tests/ktest/ktest_main.c)
  set(_app "")
  foreach(s ${T_SOURCES})
    if(s MATCHES "_drv\\.(c|cpp)$")
      list(APPEND _drv ${s})
    elseif(s MATCHES "_app\\.(c|cpp)$")
      list(APPEND _app ${s})
    else()
      list(APPEND _rt ${s})
    endif()
  endforeach()
  if(_drv)
    kmode_driver_sources(${_drv})
  endif()
  if(_app)
    kmode_app_sources(${_app})
  endif()
  kmode_runtime_sources(${_rt})
  kmode_runtime_target(${name})
  target_include_directories(${name} PRIVATE ${KMODE_ROOT}/tests/ktest)
  target_link_libraries(${name} PRIVATE kmode_runtime)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 300)
endfunction()
