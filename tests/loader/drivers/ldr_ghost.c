/* PURPOSE: the library ldr_needlib.sys needs; test-loader cannot find it (no rpath). */
int LdrGhostValue(void);
int LdrGhostValue(void)
{
    return 1;
}
