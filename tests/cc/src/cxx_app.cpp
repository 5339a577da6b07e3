/* PURPOSE: toolchain test C++ app: void main, a class, the C++ library. */
#include <windows.h>
#include <cstdio>
#include <string>

class Greeter {
public:
    explicit Greeter(const char *Who) : Who(Who) {}
    std::string Line() const { return "c++ app greets " + Who; }
private:
    std::string Who;
};

void main(int argc, char **argv)
{
    Greeter g(argc > 1 ? argv[1] : "nobody");
    std::printf("%s\n", g.Line().c_str());
}
