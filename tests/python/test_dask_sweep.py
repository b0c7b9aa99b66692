"""Sweeps on a real Dask cluster on loopback: a scheduler and two workers
started (and stopped) by the test, as doc/sweeps.md starts them. The
cluster's results must be the local pool's, byte for byte; a worker
without the sweep's build must be named before anything runs."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import seqex_engines
import seqex_point

SCRIPTS = os.path.dirname(os.path.abspath(seqex_engines.__file__))
SWEEP = os.path.join(SCRIPTS, "sweep.py")
BUILD = os.environ.get("SEQEX_BUILD", os.path.join(os.path.dirname(SCRIPTS), "build"))
PROGRAM = os.path.join(BUILD, "scenarios", "seqex-scenario")
GRID = ["--grid", "loss=0,0.05", "--grid", "transport=seqex,tcp", "--grid", "duration=1s", "--grid", "heal=1s",
        "--grid", "exchanges=50"]

try:
    import distributed  # noqa: F401
    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(folder):
    """{relative path: bytes} of every file under `folder`."""
    out = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


@unittest.skipUnless(HAVE_DASK, "python3-distributed is not installed")
@unittest.skipUnless(os.access(PROGRAM, os.X_OK), "seqex-scenario not built")
class DaskCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.logs = tempfile.TemporaryDirectory()
        cls.processes = []
        port = free_port()
        cls.address = f"tcp://127.0.0.1:{port}"
        try:
            cls.start("scheduler", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
                      "--no-dashboard", "--dashboard-address", "127.0.0.1:0")
            for name in ("w1", "w2"):
                cls.start(name, "distributed.cli.dask_worker", cls.address, "--name", name, "--nthreads", "1",
                          "--no-nanny", "--host", "127.0.0.1", "--no-dashboard", "--dashboard-address",
                          "127.0.0.1:0")
            client = distributed.Client(cls.address, timeout=60)
            try:
                client.wait_for_workers(2, timeout=60)
            finally:
                client.close()
        except BaseException:
            cls.stop_all()
            raise

    @classmethod
    def start(cls, name, module, *args):
        log = open(os.path.join(cls.logs.name, name + ".log"), "w")
        # Own process groups: the test stops each with everything it started.
        proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        log.close()
        cls.processes.append((name, proc))

    @classmethod
    def stop_all(cls):
        for _, proc in reversed(cls.processes):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for _, proc in reversed(cls.processes):
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        cls.processes = []
        cls.logs.cleanup()

    @classmethod
    def tearDownClass(cls):
        cls.stop_all()

    def sweep(self, cwd, *args):
        return subprocess.run([sys.executable, SWEEP, "--build", BUILD, "--out", "results", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=300)

    def test_cluster_results_are_the_local_results(self):
        with tempfile.TemporaryDirectory() as local, tempfile.TemporaryDirectory() as cluster:
            # The same --out text in two folders: every file must match.
            a = self.sweep(local, "loss-sweep", *GRID, "--jobs", "2")
            self.assertEqual(a.returncode, 0, a.stdout + a.stderr)
            b = self.sweep(cluster, "loss-sweep", *GRID, "--scheduler", self.address)
            self.assertEqual(b.returncode, 0, b.stdout + b.stderr)
            self.assertIn(f"running 4 points on 2 Dask workers at {self.address}", b.stdout)
            local_files, cluster_files = tree(local), tree(cluster)
            self.assertEqual(len([n for n in local_files if n.endswith(".json")]), 4)
            self.assertEqual(sorted(local_files), sorted(cluster_files))
            for name in local_files:
                self.assertEqual(local_files[name], cluster_files[name], name)
            # resuming on the cluster runs nothing
            again = self.sweep(cluster, "loss-sweep", *GRID, "--scheduler", self.address)
            self.assertEqual(again.returncode, 0)
            self.assertIn("4 of 4 points already have results; running the other 0", again.stdout)

    def test_workers_without_the_build_are_named(self):
        engine = seqex_engines.DaskEngine(self.address)
        try:
            with self.assertRaises(seqex_engines.EngineError) as caught:
                engine.check(os.path.abspath(PROGRAM), "0" * 64)  # not this build's sha256
            message = str(caught.exception)
            self.assertIn("workers without the sweep's build", message)
            self.assertEqual(message.count("is another build (sha256"), 2, message)
            with self.assertRaises(seqex_engines.EngineError) as caught:
                engine.check("/nonexistent/build/scenarios/seqex-scenario", "0" * 64)
            self.assertIn("not found or not executable (every worker needs the build at the same path)",
                          str(caught.exception))
            engine.check(os.path.abspath(PROGRAM), seqex_point.program_digest(os.path.abspath(PROGRAM)))
        finally:
            engine.close()

    def test_seqex_sweep_on_the_cluster(self):
        try:
            import seqex
        except ImportError:
            self.skipTest("seqex module not built")
        if not seqex.HAS_SCENARIOS:
            self.skipTest("seqex module built without the ns-3 model")
        grid = {"loss": [0, 0.05], "duration": 1, "heal": 1, "exchanges": 50}
        here = seqex.sweep("loss-sweep", grid, seeds=[1, 2], progress=False)
        there = seqex.sweep("loss-sweep", grid, seeds=[1, 2], scheduler=self.address, progress=False)
        self.assertTrue(here.equals(there))
        self.assertEqual(len(there), 4)
        self.assertEqual(set(there["status"]), {"ok"})

    def test_bad_scheduler_addresses(self):
        with tempfile.TemporaryDirectory() as cwd:
            for address, message in (("tcp://127.0.0.1:1", "cannot reach the Dask scheduler at tcp://127.0.0.1:1"),
                                     ("bogus", "--scheduler: expected tcp://HOST:PORT")):
                r = self.sweep(cwd, "loss-sweep", *GRID, "--scheduler", address)
                self.assertEqual(r.returncode, 2)
                self.assertIn(message, r.stderr)
                self.assertNotIn("Traceback", r.stderr)
                self.assertFalse(os.path.exists(os.path.join(cwd, "results", "loss-sweep", "runs")))


if __name__ == "__main__":
    unittest.main()
