"""Sweeps (scripts/sweep.py, seqex.sweep) on the local engine, and the
progress seqex-scenario shows: grids checked before anything runs, resume
that remembers results that are not ok, Ctrl-C, progress on a terminal,
data frames with typed columns. The Dask engine: test_dask_sweep.py."""

import json
import os
import pty
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "scripts")
SWEEP = os.path.join(SCRIPTS, "sweep.py")
BUILD = os.environ.get("SEQEX_BUILD", os.path.join(os.path.dirname(SCRIPTS), "build"))
PROGRAM = os.path.join(BUILD, "scenarios", "seqex-scenario")
# Short points: 50 exchanges over 1 s of traffic and 1 s of heal.
QUICK = ["--grid", "duration=1s", "--grid", "heal=1s", "--grid", "exchanges=50"]
# A point that cannot end in time: 3000 saturating exchanges in 1 s of traffic, 1 s of heal.
NOT_OK = ["--grid", "duration=1s", "--grid", "heal=1s", "--grid", "exchanges=50,3000", "--grid", "loss=0.05"]
# Points of about a second and a half each (open loop, 18000 exchanges).
SLOW = ["--grid", "duration=60s", "--grid", "rate=300", "--grid", "channels=8"]


def sweep(out, *args, **kwargs):
    return subprocess.run([sys.executable, SWEEP, "--build", BUILD, "--out", out, *args],
                          capture_output=True, text=True, **kwargs)


def results(out, scenario="loss-sweep"):
    runs = os.path.join(out, scenario, "runs")
    return sorted(n for n in os.listdir(runs) if n.endswith(".json")) if os.path.isdir(runs) else []


def read_json(path):
    with open(path) as f:
        return json.load(f)


def read_all(folder):
    """{file name: bytes} of a folder."""
    out = {}
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = f.read()
    return out


def read_text(path):
    with open(path) as f:
        return f.read()


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@unittest.skipUnless(os.access(PROGRAM, os.X_OK), "seqex-scenario not built")
class MeasuredStatuses(unittest.TestCase):
    """The default set flags an `overload` run without failing the job; a
    sweep, and any other status, still exits 1."""

    def outcome(self, *statuses):
        sys.path.insert(0, SCRIPTS)
        import seqex_scenarios as sx
        o = sx.SweepOutcome()
        for i, status in enumerate(statuses):
            o.results[sx.Point("head-of-line", {"seed": i + 1}, "out")] = (status, "")
        return sx, o

    def test_overload_is_flagged_not_failed_in_the_default_set(self):
        sx, o = self.outcome("ok", "overload")
        self.assertEqual(sx.report(o, measured=("overload",)), 0)
        self.assertEqual(sx.report(o), 1)

    def test_other_statuses_still_fail(self):
        for status in ("violation", "not_drained", "error"):
            sx, o = self.outcome("overload", status)
            self.assertEqual(sx.report(o, measured=("overload",)), 1, status)


class GridCheckedUpFront(unittest.TestCase):
    def test_unknown_flag_names_flag_and_value_nothing_runs(self):
        with tempfile.TemporaryDirectory() as out:
            r = sweep(out, "loss-sweep", "--grid", "lossy=0.1", "--grid", "seed=1,2")
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("2 of 2 points refused by seqex-scenario; nothing ran", r.stderr)
            self.assertIn("loss-sweep lossy=0.1 seed=1: unknown flag --lossy (did you mean --loss?)", r.stderr)
            self.assertNotIn("Program Options", r.stderr + r.stdout)  # not ns-3's help
            self.assertLess(len(r.stderr.splitlines()), 4, r.stderr)
            self.assertEqual(os.listdir(out), [])

    def test_out_of_range_value_with_dry_run(self):
        with tempfile.TemporaryDirectory() as out:
            r = sweep(out, "loss-sweep", "--grid", "window=0", "--dry-run")
            self.assertEqual(r.returncode, 2)
            self.assertIn("loss-sweep window=0: --window: must be in [2, 65536], got 0", r.stderr)
            self.assertNotIn("todo", r.stdout)

    def test_cross_flag_rule_and_one_bad_value_among_good(self):
        with tempfile.TemporaryDirectory() as out:
            r = sweep(out, "head-of-line", "--grid", "lenMin=2,5", "--grid", "loss=0.1,1.5")
            self.assertEqual(r.returncode, 2)
            self.assertIn("3 of 4 points refused", r.stderr)
            self.assertIn("--lenMin: must be <= --lenMax (5 > 4)", r.stderr)
            self.assertIn("--loss: must be in [0, 1], got 1.5", r.stderr)

    def test_a_grid_cannot_set_out(self):
        with tempfile.TemporaryDirectory() as out:
            r = sweep(out, "loss-sweep", "--grid", "out=elsewhere")
            self.assertEqual(r.returncode, 2)
            self.assertIn("--out: the sweep sets it", r.stderr)

    def test_unwritable_out(self):
        r = sweep("/proc/nope", "loss-sweep", *QUICK)
        self.assertEqual(r.returncode, 2)
        self.assertIn("sweep: --out /proc/nope: cannot write there", r.stderr)
        self.assertNotIn("Traceback", r.stderr)


@unittest.skipUnless(os.access(PROGRAM, os.X_OK), "seqex-scenario not built")
class ResumeRemembersFailures(unittest.TestCase):
    def test_not_ok_is_reported_again_and_rerun_on_request(self):
        with tempfile.TemporaryDirectory() as out:
            first = sweep(out, "loss-sweep", *NOT_OK)
            self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
            self.assertIn("1 point not ok", first.stdout)
            statuses = {n: read_json(os.path.join(out, "loss-sweep", "runs", n))["status"] for n in results(out)}
            self.assertEqual(len(statuses), 2)
            bad = [n for n, s in statuses.items() if s != "ok"]
            self.assertEqual(len(bad), 1)
            self.assertIn("exchanges=3000", bad[0])

            again = sweep(out, "loss-sweep", *NOT_OK)
            self.assertEqual(again.returncode, 1)  # still not ok: the exit status says so
            self.assertIn("2 of 2 points already have results (1 not ok: not rerun, --rerun-failed runs them); "
                          "running the other 0", again.stdout)
            self.assertIn("result of an earlier sweep (--rerun-failed runs it again)", again.stderr)
            self.assertNotIn("[1/", again.stderr)  # nothing ran

            rerun = sweep(out, "loss-sweep", *NOT_OK, "--rerun-failed")
            self.assertEqual(rerun.returncode, 1)
            self.assertIn("1 of 2 points already have results; running the other 1", rerun.stdout)
            self.assertRegex(rerun.stderr, r"\[1/1\] \S+ +loss-sweep duration=1s exchanges=3000")

    def test_all_ok_resumes_to_nothing_and_exit_0(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertEqual(sweep(out, "loss-sweep", *QUICK, "--grid", "seed=1,2").returncode, 0)
            again = sweep(out, "loss-sweep", *QUICK, "--grid", "seed=1,2")
            self.assertEqual(again.returncode, 0)
            self.assertIn("2 of 2 points already have results; running the other 0", again.stdout)


@unittest.skipUnless(os.access(PROGRAM, os.X_OK), "seqex-scenario not built")
class Interrupt(unittest.TestCase):
    def interrupt(self, out, whole_group):
        """Starts a sweep of four slow points on one process in its own
        process group, sends SIGINT once the first point is done (to the
        group, as Ctrl-C on a terminal does, or to the sweep alone)."""
        err_path = os.path.join(out, "..", os.path.basename(out) + ".stderr")
        with open(err_path, "w") as err:
            proc = subprocess.Popen([sys.executable, SWEEP, "--build", BUILD, "--out", out, "--jobs", "1",
                                     "head-of-line", *SLOW, "--grid", "seed=1,2,3,4"],
                                    stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)
        self.addCleanup(lambda: group_alive(proc.pid) and os.killpg(proc.pid, signal.SIGKILL))
        deadline = time.monotonic() + 120
        while "[1/4]" not in read_text(err_path):
            self.assertIsNone(proc.poll(), read_text(err_path))
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        if whole_group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT)
        stdout, _ = proc.communicate(timeout=60)
        stderr = read_text(err_path)
        os.remove(err_path)
        return proc, stdout, stderr

    def check_interrupted(self, out, proc, stdout, stderr):
        self.assertEqual(proc.returncode, 130, stdout + stderr)
        self.assertNotIn("Traceback", stderr)
        self.assertNotIn("ERROR", stdout + stderr)
        self.assertNotIn("error", stdout)
        done = results(out, "head-of-line")
        self.assertGreaterEqual(len(done), 1)
        self.assertLess(len(done), 4)
        self.assertRegex(stdout, rf"sweep interrupted: (\d+ interrupted, )?{len(done)} ok|"
                                 rf"sweep interrupted: {len(done)} ok, \d+ interrupted")
        self.assertIn("left no result and run when the same command is given again", stdout)
        self.assertFalse(group_alive(proc.pid), "seqex-scenario processes left running")
        # the interrupted points are not done: the next sweep runs them
        dry = sweep(out, "head-of-line", *SLOW, "--grid", "seed=1,2,3,4", "--dry-run")
        self.assertEqual(dry.stdout.count("todo"), 4 - len(done), dry.stdout)
        self.assertEqual(dry.stdout.count("ok "), len(done))

    def test_ctrl_c_to_the_process_group(self):
        with tempfile.TemporaryDirectory() as out:
            self.check_interrupted(out, *self.interrupt(out, whole_group=True))

    def test_sigint_to_the_sweep_alone_stops_its_runs(self):
        with tempfile.TemporaryDirectory() as out:
            self.check_interrupted(out, *self.interrupt(out, whole_group=False))


def run_on_terminal(args):
    """Runs a command with stderr on a pseudo-terminal; returns (exit status, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    stdout = proc.stdout.read()
    proc.stdout.close()
    proc.wait()
    return proc.returncode, stdout, seen.decode(errors="replace")


@unittest.skipUnless(os.access(PROGRAM, os.X_OK), "seqex-scenario not built")
class Progress(unittest.TestCase):
    PROGRESS = re.compile(r"seqex-scenario: (\d+\.\d)/71\.0 s simulated, (\d+)/18000 exchanges done, ~\d+ s left")

    def test_progress_flag_reports_and_changes_nothing(self):
        with tempfile.TemporaryDirectory() as out:
            args = [PROGRAM, "--scenario=head-of-line", "--duration=60s", "--rate=300", "--channels=8",
                    f"--out={out}", "--runId=p"]
            shown = subprocess.run(args + ["--progress"], capture_output=True, text=True)
            self.assertEqual(shown.returncode, 0, shown.stderr)
            lines = self.PROGRESS.findall(shown.stderr)
            self.assertEqual(len(lines), len(shown.stderr.splitlines()), shown.stderr)
            self.assertGreaterEqual(len(lines), 2, shown.stderr)  # from the start, and the end
            simulated = [float(t) for t, _ in lines]
            self.assertEqual(simulated, sorted(simulated))
            self.assertTrue(0 < simulated[0] < 71)
            self.assertEqual(lines[-1], ("71.0", "18000"))
            runs = os.path.join(out, "head-of-line", "runs")
            first = read_all(runs)
            quiet = subprocess.run(args, capture_output=True, text=True)
            self.assertEqual(quiet.stderr, "")  # not a terminal, not asked: silent
            self.assertEqual(read_all(runs), first)

    def test_terminal_gets_a_line_redrawn_in_place(self):
        with tempfile.TemporaryDirectory() as out:
            status, stdout, seen = run_on_terminal(
                [PROGRAM, "--scenario=head-of-line", "--duration=300s", "--rate=300", "--channels=8",
                 f"--out={out}"])
            self.assertEqual(status, 0, seen)
            # a few seconds of wall time on any machine: the line appears after two
            self.assertRegex(seen, r"\rseqex-scenario: [\d.]+/311\.0 s simulated, \d+/90000 exchanges done")
            self.assertTrue(seen.endswith("\r\x1b[K"), repr(seen[-80:]))  # cleared before the report
            self.assertIn("head-of-line seqex [channels=8_duration=300s_rate=300]: ok", stdout)

    def test_sweep_draws_a_bar_on_a_terminal(self):
        with tempfile.TemporaryDirectory() as out:
            status, stdout, seen = run_on_terminal(
                [sys.executable, SWEEP, "--build", BUILD, "--out", out, "--jobs", "1", "loss-sweep", *QUICK,
                 "--grid", "seed=1,2,3"])
            self.assertEqual(status, 0, seen + stdout)
            self.assertRegex(seen, r"\r\[#{8}\.{16}\] 1/3  33%  1 ok, 0 not ok")
            self.assertRegex(seen, r"\r\[#{24}\] 3/3 100%  3 ok, 0 not ok")


@unittest.skipUnless(os.access(PROGRAM, os.X_OK), "seqex-scenario not built")
class DataFrames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:
            import seqex
        except ImportError:
            raise unittest.SkipTest("seqex module not built")
        if not seqex.HAS_SCENARIOS:
            raise unittest.SkipTest("seqex module built without the ns-3 model")
        cls.seqex = seqex

    def test_typed_columns_and_same_rows_as_run_scenario(self):
        import datetime
        df = self.seqex.sweep("loss-sweep", {"loss": [0, 0.05], "transport": ["seqex", "tcp"],
                                             "duration": datetime.timedelta(seconds=1), "heal": 1, "exchanges": 50},
                              seeds=[1, 2], progress=False)
        self.assertEqual(len(df), 8)
        self.assertEqual(set(df["status"]), {"ok"})
        self.assertEqual(str(df["loss"].dtype), "float64")
        self.assertEqual(str(df["seed"].dtype), "int64")
        self.assertEqual(str(df["duration"].dtype), "float64")
        self.assertEqual(str(df["bandwidth"].dtype), "int64")
        self.assertEqual(str(df["pcap"].dtype), "bool")
        self.assertEqual(str(df["goodput_mbps"].dtype), "float64")
        self.assertEqual(str(df["exchanges_completed"].dtype), "int64")
        self.assertEqual(list(df["duration"].unique()), [1.0])
        self.assertTrue(df["out"].isna().all())
        row = df[(df.loss == 0.05) & (df.transport == "tcp") & (df.seed == 2)].iloc[0].to_dict()
        one = self.seqex.run_scenario("loss-sweep", seed=2, loss=0.05, transport="tcp", duration=1, heal=1,
                                      exchanges=50)
        for key, value in one.summary.items():
            if key != "run_id":
                self.assertEqual(row[key], value, key)

    def test_out_keeps_files_and_resumes(self):
        with tempfile.TemporaryDirectory() as out:
            grid = {"duration": "1s", "heal": "1s", "exchanges": 50}
            first = self.seqex.sweep("loss-sweep", grid, seeds=[1, 2], out=out, progress=False)
            self.assertEqual(len(results(out)), 2)
            stamps = {n: os.stat(os.path.join(out, "loss-sweep", "runs", n)).st_mtime_ns for n in results(out)}
            again = self.seqex.sweep("loss-sweep", grid, seeds=[1, 2], out=out, progress=False)
            self.assertTrue(first.equals(again))
            self.assertEqual({n: os.stat(os.path.join(out, "loss-sweep", "runs", n)).st_mtime_ns
                              for n in results(out)}, stamps)  # not run again
            self.assertEqual(list(first["out"].unique()), [out])

    def test_bad_grid_names_flag_and_value(self):
        with self.assertRaisesRegex(ValueError, r"unknown flag --lossy \(did you mean --loss\?\)"):
            self.seqex.sweep("loss-sweep", {"lossy": 0.1}, progress=False)
        with self.assertRaisesRegex(ValueError, r"--window: must be in \[2, 65536\], got 0"):
            self.seqex.sweep("loss-sweep", {"window": [0, 64]}, progress=False)
        with self.assertRaisesRegex(ValueError, "no scenario named 'nope'"):
            self.seqex.sweep("nope", {}, progress=False)
        with self.assertRaisesRegex(ValueError, "seeds="):
            self.seqex.sweep("loss-sweep", {"seed": [1, 2]}, progress=False)

    def test_unreachable_scheduler(self):
        with self.assertRaisesRegex(self.seqex.SweepError, "cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
            self.seqex.sweep("loss-sweep", {"exchanges": 50}, seeds=[1], scheduler="tcp://127.0.0.1:1",
                             progress=False)


if __name__ == "__main__":
    unittest.main()
