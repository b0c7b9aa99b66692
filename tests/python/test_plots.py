"""The figure scripts on small synthetic result trees (scripts/plot_all.py)."""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

import plot_all
from seqex_figures import FIGURES
from seqex_results import MissingData

SCRIPTS = os.path.dirname(os.path.abspath(plot_all.__file__))
SUMMARY_COLUMNS = ["scenario", "run_id", "transport", "channels", "seqCst", "loss", "seed", "resetKind",
                   "goodput_mbps", "latency_p50_ms", "latency_p99_ms", "hol_mean_ms", "hol_p99_ms",
                   "retx_overhead", "exchanges_completed"]


def write_csv(path, columns, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_exchanges(results, scenario, run_id, latencies_ms):
    write_csv(os.path.join(results, scenario, "runs", f"{run_id}.exchanges.csv"),
              ["originator", "exchange", "completed", "latency_ms"],
              [{"originator": 0, "exchange": i, "completed": 1, "latency_ms": v} for i, v in enumerate(latencies_ms)])


def make_loss_sweep(results):
    rows = []
    for transport, channels in (("seqex", 1), ("seqex", 8), ("tcp", 1), ("tcp", 8)):
        for loss in (0, 0.01, 0.1):
            for seed in (1, 2):
                run_id = f"loss={loss}_transport={transport}_channels={channels}_seed={seed}"
                rows.append({"scenario": "loss-sweep", "run_id": run_id, "transport": transport,
                             "channels": channels, "seqCst": 0, "loss": loss, "seed": seed,
                             "goodput_mbps": 5 - 10 * loss + seed * 0.1, "retx_overhead": loss * 1.1,
                             "exchanges_completed": 3})
    write_csv(os.path.join(results, "loss-sweep", "summary.csv"), SUMMARY_COLUMNS, rows)


def make_head_of_line(results, exchanges=True):
    rows = []
    for channels in (1, 2, 4, 8):
        for transport, seq_cst in (("seqex", 0), ("seqex", 1), ("tcp", 0)):
            run_id = f"c{channels}_{transport}_{seq_cst}"
            rows.append({"scenario": "head-of-line", "run_id": run_id,
                         "transport": transport, "channels": channels, "seqCst": seq_cst, "seed": 1, "loss": 0.02,
                         "hol_mean_ms": 10.0 / channels if seq_cst or transport == "tcp" else 0.0,
                         "hol_p99_ms": 100.0 / channels})
            if exchanges:
                write_exchanges(results, "head-of-line", run_id, [42, 84 * (1 + seq_cst), 300 / channels])
    write_csv(os.path.join(results, "head-of-line", "summary.csv"), SUMMARY_COLUMNS, rows)


def make_reset_storm(results):
    rows = []
    for kind, transport in (("socket", "seqex"), ("nat", "seqex"), ("nat", "tcp")):
        run_id = f"resetKind={kind}_transport={transport}"
        rows.append({"scenario": "reset-storm", "run_id": run_id, "transport": transport, "channels": 1,
                     "resetKind": kind, "seed": 1})
        runs = os.path.join(results, "reset-storm", "runs")
        write_csv(os.path.join(runs, f"{run_id}.timeline.csv"),
                  ["time_s", "in_flight", "delivered", "retransmitted", "sent"],
                  [{"time_s": i * 0.05, "in_flight": i % 7, "delivered": i % 5, "retransmitted": i % 3 == 0,
                    "sent": 4} for i in range(80)])
        with open(os.path.join(runs, f"{run_id}.json"), "w") as f:
            json.dump({"run_id": run_id, "resets": [2.0, 3.0]}, f)
    write_csv(os.path.join(results, "reset-storm", "summary.csv"), SUMMARY_COLUMNS, rows)


class PlotTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.results = os.path.join(self.tmp.name, "results")
        self.out = os.path.join(self.tmp.name, "figures")
        os.makedirs(self.results)

    def tearDown(self):
        self.tmp.cleanup()

    def assert_written(self, name):
        for ext in ("png", "svg"):
            path = os.path.join(self.out, f"{name}.{ext}")
            self.assertTrue(os.path.isfile(path), path)
            self.assertGreater(os.path.getsize(path), 1000, path)

    def plot(self, name):
        written, skipped = plot_all.plot_all(self.results, self.out, [name])
        self.assertEqual(skipped, {}, name)
        self.assertEqual(len(written), 2)
        self.assert_written(name)

    def test_goodput_vs_loss(self):
        make_loss_sweep(self.results)
        self.plot("goodput_vs_loss")

    def test_goodput_series_are_the_four_transports(self):
        make_loss_sweep(self.results)
        fig = FIGURES["goodput_vs_loss"](self.results)
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        self.assertEqual(labels, ["SEQEX 1 ch", "SEQEX 8 ch", "TCP 1 conn", "TCP 8 conns"])
        self.assertIn("Mbit/s", fig.axes[0].get_ylabel())

    def test_latency_cdf(self):
        make_head_of_line(self.results)
        self.plot("latency_cdf")

    def test_latency_cdf_is_log_x_and_reaches_one(self):
        make_head_of_line(self.results)
        fig = FIGURES["latency_cdf"](self.results)
        ax = fig.axes[0]
        self.assertEqual(ax.get_xscale(), "log")
        for line in ax.get_lines():
            self.assertAlmostEqual(line.get_ydata()[-1], 1.0)
        self.assertIn("2% loss", ax.get_title())
        # Channels 1 and 8 only, three exchanges per run.
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        self.assertEqual(labels, ["SEQEX 1 ch (n=3)", "SEQEX 1 ch seq_cst (n=3)", "SEQEX 8 ch (n=3)",
                                  "SEQEX 8 ch seq_cst (n=3)", "TCP 1 conn (n=3)", "TCP 8 conns (n=3)"])

    def test_hol_vs_channels(self):
        make_head_of_line(self.results)
        self.plot("hol_vs_channels")

    def test_retx_overhead_vs_loss(self):
        make_loss_sweep(self.results)
        self.plot("retx_overhead_vs_loss")

    def test_reset_timeline(self):
        make_reset_storm(self.results)
        self.plot("reset_timeline")
        fig = FIGURES["reset_timeline"](self.results)
        # Rows: reset kinds (nat, socket); columns: transports (SEQEX, TCP);
        # socket over TCP has no run, so its panel is blank.
        panels = [ax.get_title() for ax in fig.axes]
        self.assertEqual(panels, ["SEQEX, reset kind 'nat'", "TCP, reset kind 'nat'",
                                  "SEQEX, reset kind 'socket'", ""])
        resets = [line for line in fig.axes[0].get_lines() if line.get_label() == "reset"]
        self.assertEqual(len(resets), 1)  # the first of the two; the rest share its legend entry
        self.assertEqual(fig.axes[0].get_xlim(), (1.0, 5.0))  # 1 s before to 3 s after the first reset

    def test_missing_scenario_is_a_clear_skip(self):
        make_head_of_line(self.results)
        written, skipped = plot_all.plot_all(self.results, self.out)
        self.assertEqual(sorted(skipped), ["goodput_vs_loss", "reset_timeline", "retx_overhead_vs_loss"])
        self.assertIn("scenario loss-sweep", skipped["goodput_vs_loss"])
        self.assertIn("summary.csv not found", skipped["goodput_vs_loss"])
        self.assertIn("scenario reset-storm", skipped["reset_timeline"])
        self.assert_written("hol_vs_channels")

    def test_missing_exchange_records_name_the_file(self):
        make_head_of_line(self.results, exchanges=False)
        with self.assertRaises(MissingData) as caught:
            FIGURES["latency_cdf"](self.results)
        self.assertIn("exchanges.csv not found", str(caught.exception))

    def test_missing_column_is_named(self):
        write_csv(os.path.join(self.results, "loss-sweep", "summary.csv"), ["scenario", "loss"],
                  [{"scenario": "loss-sweep", "loss": 0}])
        with self.assertRaises(MissingData) as caught:
            FIGURES["goodput_vs_loss"](self.results)
        self.assertIn("goodput_mbps", str(caught.exception))

    def test_command_line_reports_skips_and_exits_zero_with_a_figure(self):
        make_head_of_line(self.results)
        stdout = io.StringIO()
        with redirect_stdout(stdout):
            status = plot_all.main(["--results", self.results, "--out", self.out])
        self.assertEqual(status, 0)
        self.assertIn("skipped goodput_vs_loss: scenario loss-sweep", stdout.getvalue())
        self.assertIn("wrote ", stdout.getvalue())

    def test_command_line_fails_without_any_data(self):
        run = subprocess.run([sys.executable, os.path.join(SCRIPTS, "plot_all.py"), "--results", self.results],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 1)
        self.assertNotIn("Traceback", run.stderr)
        self.assertIn("no figure written", run.stderr)
        self.assertIn("skipped reset_timeline", run.stdout)

    def test_command_line_missing_results_directory(self):
        run = subprocess.run([sys.executable, os.path.join(SCRIPTS, "plot_all.py"), "--results",
                              os.path.join(self.tmp.name, "nowhere")], capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 1)
        self.assertIn("not found", run.stderr)

    def test_command_line_unwritable_out_is_refused_before_any_figure(self):
        make_loss_sweep(self.results)
        run = subprocess.run([sys.executable, os.path.join(SCRIPTS, "plot_all.py"), "--results", self.results,
                              "--out", "/proc/figs"], capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr, "plot_all: --out /proc/figs: cannot write there: No such file or directory\n")
        self.assertEqual(run.stdout, "")  # no figure made, none skipped: nothing was tried

    # `python3 -S` cannot see Debian's dist-packages: an interpreter without
    # matplotlib, like the one first on PATH on the development machines.
    def run_without_matplotlib(self, preferred):
        env = dict(os.environ, SEQEX_PYTHON=preferred)
        env.pop("SEQEX_INTERPRETER_REEXEC", None)
        return subprocess.run([sys.executable, "-S", os.path.join(SCRIPTS, "plot_all.py"), "--results", self.results,
                               "--out", self.out], capture_output=True, text=True, timeout=120, env=env)

    def test_interpreter_without_matplotlib_reruns_under_the_preferred_one(self):
        make_head_of_line(self.results)
        wrapper = os.path.join(self.tmp.name, "debian-python3")
        with open(wrapper, "w") as f:
            f.write(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        os.chmod(wrapper, 0o755)
        run = self.run_without_matplotlib(wrapper)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("wrote ", run.stdout)

    def test_interpreter_without_matplotlib_and_nothing_better_names_what_is_missing(self):
        make_head_of_line(self.results)
        run = self.run_without_matplotlib(sys.executable)
        self.assertEqual(run.returncode, 1)
        self.assertNotIn("Traceback", run.stderr)
        self.assertIn("cannot import matplotlib", run.stderr)
        self.assertIn("apt-get install python3-matplotlib", run.stderr)


if __name__ == "__main__":
    unittest.main()
