"""One sweep point on whatever machine runs it: the local process pool and
a Dask worker run this same function, so both give the same files.

The worker runs the seqex-scenario program found at the same absolute path
as on the machine that started the sweep (doc/sweeps.md: every worker has
the build at that path), after checking that it is the same build (its
sha256). The program writes into a private temporary folder, with the same
--out text as the sweep was given, so its result files are byte for byte
what a local run writes; the function reads them back, removes them and
returns their contents. The sweep writes them into its results folder.

Standard library only, and nothing but this module is needed on a worker:
it is shipped by value (cloudpickle), not imported there.
"""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

# Processes started by run_point in this process, so that an interrupted
# local sweep can stop them (set operations are atomic under the GIL).
RUNNING = set()

# Per process; on a Dask worker per task, since this module travels with
# each task (a point pays one sha256 and one --flags start: tens of ms).
_digests = {}  # (path, size, mtime) -> sha256
_started = set()  # (path, sha256) of programs that started here


def program_digest(path):
    """sha256 of the program file."""
    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns)
    if key not in _digests:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _digests[key] = h.hexdigest()
    return _digests[key]


def check_program(path, digest):
    """None when `path` is the expected build on this machine, else why not."""
    host = socket.gethostname()
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        return f"{host}: {path} not found or not executable (every worker needs the build at the same path)"
    found = program_digest(path)
    if found != digest:
        return (f"{host}: {path} is another build (sha256 {found[:12]}, the sweep's is {digest[:12]}); "
                f"copy or rebuild the same tree on every worker")
    if (path, digest) in _started:
        return None
    try:
        proc = subprocess.run([path, "--flags"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{host}: {path} does not start: {e}"
    if proc.returncode != 0:
        return f"{host}: {path} does not start (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[:300]}"
    _started.add((path, digest))
    return None


def _collect(folder, run_id):
    """{file name: bytes} of the run's files in `folder`, removed after reading."""
    files = {}
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.startswith(run_id + "."):
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    files[name] = f.read()
                os.remove(path)
    return files


def run_point(spec):
    """Runs one point. `spec`: program (the text the sweep calls it by, the
    replay command's first word), program_path (absolute), digest, args
    (flags after the program, --out included), out (the --out text),
    scenario, run_id. Returns a dict: returncode, output, files (name ->
    bytes), wall (s), host, and problem (why it did not run) or None."""
    host = socket.gethostname()
    result = {"returncode": None, "output": "", "files": {}, "wall": 0.0, "host": host, "problem": None}
    problem = check_program(spec["program_path"], spec["digest"])
    if problem:
        result["problem"] = problem
        return result
    scratch = tempfile.mkdtemp(prefix="seqex-point-")
    try:
        # A relative --out lands in the scratch folder; an absolute one at
        # that path on this machine (doc/sweeps.md). Either way the program
        # is given the very text the sweep was given.
        runs = os.path.join(scratch, spec["out"], spec["scenario"], "runs")
        begin = time.monotonic()
        proc = subprocess.Popen([spec["program"]] + list(spec["args"]), executable=spec["program_path"],
                                cwd=scratch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        RUNNING.add(proc)
        try:
            output, _ = proc.communicate()
        finally:
            RUNNING.discard(proc)
        result["wall"] = time.monotonic() - begin
        result["returncode"] = proc.returncode
        result["output"] = output.strip()
        result["files"] = _collect(runs, spec["run_id"])
    except OSError as e:
        result["problem"] = f"{host}: cannot run {spec['program_path']}: {e}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


def stop_running():
    """Stops the processes run_point started in this process (an interrupted
    local sweep); they leave no result."""
    for proc in list(RUNNING):
        try:
            proc.send_signal(signal.SIGTERM)
        except OSError:
            pass
