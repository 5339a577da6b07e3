# kmode's gdb extension (tools/gdb, docs/windbg-habits.md): where libkmode's auto-load entry
# (src/kd/kddata.c) finds it, and its install rule. Included after src/.

# The build tree's copy: found by programs run from the build tree.
set_property(SOURCE ${KMODE_ROOT}/src/kd/kddata.c DIRECTORY ${KMODE_ROOT}/src
             APPEND PROPERTY COMPILE_DEFINITIONS "KMODE_GDB_SOURCE_DIR=\"${KMODE_ROOT}/tools/gdb\"")

# The installed copy: <prefix>/share/kmode/gdb, next to <prefix>/lib where libkmode.so goes.
install(DIRECTORY ${KMODE_ROOT}/tools/gdb/ DESTINATION ${CMAKE_INSTALL_DATADIR}/kmode/gdb
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
