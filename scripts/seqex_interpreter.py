"""Makes a script run under an interpreter that has Debian's packages.

The python3 first on PATH may be another interpreter without matplotlib and
numpy (Debian installs python3-matplotlib and python3-numpy for
/usr/bin/python3). A script that needs them calls require() before it
imports them: when they are missing it runs itself again under Debian's
interpreter (or $SEQEX_PYTHON, as the shell scripts do), and when that is
not possible it stops with what is missing and how to install it, rather
than a traceback.
"""

import importlib.util
import os
import sys

DEBIAN_PACKAGES = {"matplotlib": "python3-matplotlib", "numpy": "python3-numpy"}
_REEXEC_MARK = "SEQEX_INTERPRETER_REEXEC"  # set once, so a re-run never loops


def preferred_interpreter():
    return os.environ.get("SEQEX_PYTHON", "/usr/bin/python3")


def missing_modules(modules):
    return [m for m in modules if importlib.util.find_spec(m) is None]


def require(script_name, modules=("matplotlib", "numpy")):
    """Returns when every module imports; otherwise re-runs the script or exits."""
    missing = missing_modules(modules)
    if not missing:
        return
    preferred = preferred_interpreter()
    runnable = os.path.isfile(preferred) and os.access(preferred, os.X_OK)
    if runnable and os.path.realpath(preferred) != os.path.realpath(sys.executable) and _REEXEC_MARK not in os.environ:
        os.environ[_REEXEC_MARK] = sys.executable
        script = os.path.abspath(sys.argv[0])
        os.execv(preferred, [preferred, script] + sys.argv[1:])
    packages = " ".join(DEBIAN_PACKAGES.get(m, m) for m in missing)
    tried = os.environ.get(_REEXEC_MARK)
    first = f" (started by {tried})" if tried else ""
    sys.exit(
        f"{script_name}: cannot import {', '.join(missing)} with {sys.executable}{first}; "
        f"install with 'apt-get install {packages}' (scripts/install-deps.sh does) "
        f"and run the script with {preferred}"
    )
