# kmode's tools: kmode-cc and kmode-c++ (compiler drivers), kmode (the command), their
# install rules, and kmode_add_driver / kmode_add_app for drivers and apps built in this tree.
# Included from the top CMakeLists.txt after src/ (the runtime targets exist by then).

include(GNUInstallDirs)

set(KMODE_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/kmode)
# kmode-cc finds headers and libkmode.so relative to itself when installed.
file(RELATIVE_PATH _kmode_inc_rel ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}
     ${CMAKE_INSTALL_PREFIX}/${KMODE_INSTALL_INCLUDEDIR})
file(RELATIVE_PATH _kmode_lib_rel ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}
     ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR})

# Sanitizer flags of this build: an app linked against an instrumented libkmode.so must be
# instrumented the same way (the sanitizer runtime has to come first in the process).
set(_kmode_extra "")
foreach(f ${KMODE_COMMON_FLAGS})
  if(f MATCHES "sanitize|omit-frame-pointer")
    string(APPEND _kmode_extra " ${f}")
  endif()
endforeach()
string(STRIP "${_kmode_extra}" _kmode_extra)

set(_kmode_cc_sources
    ${KMODE_ROOT}/tools/kmode-cc/kmode-cc.c
    ${KMODE_ROOT}/tools/kmode-cc/kcc_util.c
    ${KMODE_ROOT}/tools/kmode-cc/kcc_shim.c
    ${KMODE_ROOT}/tools/kmode-cc/kcc_entry.c
    ${KMODE_ROOT}/tools/kmode-cc/kcc_page.c)
foreach(tool kmode-cc kmode-c++)
  add_executable(${tool} ${_kmode_cc_sources})
  target_compile_options(${tool} PRIVATE ${KMODE_WARNINGS})
  target_compile_definitions(${tool} PRIVATE
      _GNU_SOURCE
      "KCC_DEFAULT_CC=\"${CMAKE_C_COMPILER}\""
      "KCC_DEFAULT_CXX=\"${CMAKE_CXX_COMPILER}\""
      "KCC_BUILD_INCLUDE_DIR=\"${KMODE_ROOT}/include\""
      "KCC_BUILD_LIB_DIR=\"${CMAKE_LIBRARY_OUTPUT_DIRECTORY}\""
      "KCC_INSTALL_INCLUDE_REL=\"${_kmode_inc_rel}\""
      "KCC_INSTALL_LIB_REL=\"${_kmode_lib_rel}\""
      "KCC_EXTRA_FLAGS=\"${_kmode_extra}\""
      "KCC_VERSION=\"${PROJECT_VERSION}\"")
  # Apps kmode-cc links need libkmode.so: building the tool builds the library too.
  add_dependencies(${tool} kmode)
endforeach()
target_compile_definitions(kmode-c++ PRIVATE KCC_CXX=1)

add_executable(kmode_command ${KMODE_ROOT}/tools/kmode/kmode.c)
set_target_properties(kmode_command PROPERTIES OUTPUT_NAME kmode)
target_compile_options(kmode_command PRIVATE ${KMODE_WARNINGS})
target_compile_definitions(kmode_command PRIVATE _GNU_SOURCE "KMODE_VERSION=\"${PROJECT_VERSION}\"")

install(TARGETS kmode-cc kmode-c++ kmode_command RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS kmode LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${KMODE_ROOT}/include/ DESTINATION ${KMODE_INSTALL_INCLUDEDIR})

set(KMODE_CC ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/kmode-cc)

# kmode_add_driver(NAME SOURCES src... [OUTPUT_DIRECTORY dir])
# Builds NAME.sys from WDK-style sources, compiled exactly as kmode-cc --driver compiles them
# (kmode-cc is the compiler launcher: backslash and case-insensitive includes work).
function(kmode_add_driver name)
  cmake_parse_arguments(D "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${D_SOURCES})
  kmode_driver_sources(${D_SOURCES})
  if(NOT D_OUTPUT_DIRECTORY)
    set(D_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set_target_properties(${name} PROPERTIES
      PREFIX "" SUFFIX ".sys"
      LIBRARY_OUTPUT_DIRECTORY ${D_OUTPUT_DIRECTORY}
      C_COMPILER_LAUNCHER "${KMODE_CC};--driver;--launch"
      CXX_COMPILER_LAUNCHER "${KMODE_CC};--driver;--launch")
  target_compile_options(${name} PRIVATE ${KMODE_WARNINGS}
      # Kernel C++ as MSVC's /kernel has it: no exceptions, no RTTI (no C++ runtime).
      $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti -Wno-multichar>)
  # No C++ runtime library either: linked as C, like kmode-c++ --driver links.
  set_target_properties(${name} PROPERTIES LINKER_LANGUAGE C)
  # A driver's own functions win over same-named ones elsewhere in the process. The link
  # script (-T, inserted into the default layout): _purecall stands in for
  # __cxa_pure_virtual, and the #pragma alloc_text sections kmode-cc made (PAGE*, INIT)
  # become page-aligned output sections the loader pages out (docs/toolchain.md).
  target_link_options(${name} PRIVATE -Wl,-Bsymbolic -Wl,-T,${KMODE_ROOT}/cmake/kmode-driver.ld)
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${KMODE_ROOT}/cmake/kmode-driver.ld)
  add_dependencies(${name} kmode-cc)
endfunction()

# kmode_add_app(NAME SOURCES src... [OUTPUT_DIRECTORY dir])
# Builds a Windows console app (app mode, linked against libkmode.so) as kmode-cc does:
# main may be void, wmain or _tmain.
function(kmode_add_app name)
  cmake_parse_arguments(A "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  kmode_app_sources(${A_SOURCES})
  if(NOT A_OUTPUT_DIRECTORY)
    set(A_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set_target_properties(${name} PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY ${A_OUTPUT_DIRECTORY}
      C_COMPILER_LAUNCHER "${KMODE_CC};--launch"
      CXX_COMPILER_LAUNCHER "${KMODE_CC};--launch")
  # gcc < 13 ignores kmode/msvc.h's pragma for multi-character constants in C++ (bug 53431).
  target_compile_options(${name} PRIVATE ${KMODE_WARNINGS} $<$<COMPILE_LANGUAGE:CXX>:-Wno-multichar>)
  target_link_libraries(${name} PRIVATE kmode)
  add_dependencies(${name} kmode-cc)
endfunction()

# ---- The export table (MmGetSystemRoutineAddress) ------------------------------------------
# Generated from the runtime's objects and the public kernel headers (cmake/kmode-exports.cmake)
# and linked into every form of the runtime next to kmode_objects.
file(GLOB_RECURSE _kmode_public_headers CONFIGURE_DEPENDS
     ${KMODE_ROOT}/include/km/*.h ${KMODE_ROOT}/include/shared/*.h)
set(_kmode_exports_c ${CMAKE_BINARY_DIR}/generated/kmode_exports.gen.c)
add_custom_command(OUTPUT ${_kmode_exports_c}
  COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM}
          "-DOBJECTS=$<JOIN:$<TARGET_OBJECTS:kmode_objects>,|>"
          "-DHEADER_DIRS=${KMODE_ROOT}/include/km|${KMODE_ROOT}/include/shared"
          -DOUTPUT=${_kmode_exports_c}
          -P ${KMODE_ROOT}/cmake/kmode-exports.cmake
  DEPENDS $<TARGET_OBJECTS:kmode_objects> ${KMODE_ROOT}/cmake/kmode-exports.cmake
          ${_kmode_public_headers}
  COMMENT "Generating kmode's export table"
  VERBATIM)
add_library(kmode_exports OBJECT ${_kmode_exports_c})
target_compile_options(kmode_exports PRIVATE ${KMODE_WARNINGS})
add_dependencies(kmode_exports kmode_objects)
target_link_libraries(kmode_runtime INTERFACE kmode_exports $<TARGET_OBJECTS:kmode_exports>)
target_sources(kmode PRIVATE $<TARGET_OBJECTS:kmode_exports>)
target_sources(kmode_static PRIVATE $<TARGET_OBJECTS:kmode_exports>)
