/*
 * PURPOSE: A shared library the symbolization tests dlopen after kmode has already built its
 * module list, to check that a module loaded later is found (drivers will be dlopen'ed).
 */
int ke_symlib_function(int x);

int ke_symlib_function(int x)
{
    return x * 3 + 1;
}
