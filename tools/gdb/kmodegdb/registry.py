# PURPOSE: The table of WinDbg-style commands (name -> function, usage line).


class Entry:
    def __init__(self, function, usage, doc):
        self.function = function
        self.usage = usage
        self.doc = doc


COMMANDS = {}


def command(name, usage):
    """Decorator: registers function(args_string) as !name."""
    def wrap(function):
        COMMANDS[name] = Entry(function, usage, (function.__doc__ or usage).strip())
        return function
    return wrap


def print_help():
    print("kmode's WinDbg commands (also as 'kmode <name> ...'):")
    for name in sorted(COMMANDS):
        print("  !%-10s %s" % (name, COMMANDS[name].usage))
