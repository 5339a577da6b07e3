/*
 * PURPOSE: What the debugger needs from the runtime's image: a .debug_gdb_scripts entry that
 * makes gdb load kmode's extension (tools/gdb, docs/windbg-habits.md: !irp, !devobj,
 * !poolused, !analyze...) as soon as it loads a kmode program or libkmode.so.
 *
 * The entry is an inline Python script (gdb's SECTION_SCRIPT_ID_PYTHON_TEXT, 4): its first
 * line names it, the rest runs when gdb loads the object file, provided the file is under
 * gdb's "auto-load safe-path" (gdb prints how to allow it otherwise). The script sources
 * kmode-gdb.py from, in order: $KMODE_GDB_DIR, the install tree next to the library
 * (<prefix>/share/kmode/gdb, found from <prefix>/lib[/<multiarch>]), the source tree this
 * runtime was built from (KMODE_GDB_SOURCE_DIR, set by cmake/kmode-gdb.cmake), and imports
 * its package (kmodegdb) as kmode-gdb.py would; registering twice is harmless.
 */

/* INCLUDES ******************************************************************************/

/* (none: the script is data) */

/* GLOBALS *******************************************************************************/

#ifndef KMODE_GDB_SOURCE_DIR
#define KMODE_GDB_SOURCE_DIR ""
#endif

/* Python, one statement per line, no backslashes or double quotes in the code. */
__attribute__((used, section(".debug_gdb_scripts")))
static const char KdpGdbScript[] =
    "\x04" "kmode-gdb-loader\n"
    "import os\n"
    "import gdb\n"
    "def _kmode_gdb_script():\n"
    "    dirs = []\n"
    "    if os.environ.get('KMODE_GDB_DIR'):\n"
    "        dirs.append(os.environ['KMODE_GDB_DIR'])\n"
    "    obj = gdb.current_objfile()\n"
    "    if obj is not None and obj.filename:\n"
    "        lib = os.path.dirname(os.path.realpath(obj.filename))\n"
    "        for up in ('..', os.path.join('..', '..')):\n"
    "            dirs.append(os.path.join(lib, up, 'share', 'kmode', 'gdb'))\n"
    "    dirs.append('" KMODE_GDB_SOURCE_DIR "')\n"
    "    for d in dirs:\n"
    "        p = os.path.join(d, 'kmode-gdb.py')\n"
    "        if d and os.path.isfile(p):\n"
    "            return os.path.normpath(p)\n"
    "    return None\n"
    "_kmode_path = _kmode_gdb_script()\n"
    "if _kmode_path is None:\n"
    "    print('kmode: the gdb extension (kmode-gdb.py) was not found; set KMODE_GDB_DIR')\n"
    "else:\n"
    "    import sys\n"
    "    sys.dont_write_bytecode = True\n"
    "    sys.path.insert(0, os.path.dirname(_kmode_path))\n"
    "    import kmodegdb\n"
    "    kmodegdb.register()\n";
