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
import seqex_summary
from seqex_figures import FIGURES
from seqex_results import MissingData

SCRIPTS = os.path.dirname(os.path.abspath(plot_all.__file__))
SUMMARY_COLUMNS = ["scenario", "run_id", "transport", "status", "varied", "channels", "seqCst", "loss", "rate",
                   "seed", "resetKind", "bandwidth", "goodput_mbps", "goodput_forward_mbps", "goodput_ceiling_mbps",
                   "goodput_ceiling_forward_mbps", "latency_p50_ms", "latency_p99_ms", "hol_mean_ms", "hol_p99_ms",
                   "retx_overhead", "exchanges_completed", "seqex_share", "jain_index"]


def write_csv(path, columns, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_exchanges(results, scenario, run_id, latencies_ms):
    write_csv(os.path.join(results, scenario, "runs", f"{run_id}.exchanges.csv"),
              ["originator", "exchange", "completed", "latency_ms", "hol_ms"],
              [{"originator": 0, "exchange": i, "completed": 1, "latency_ms": v, "hol_ms": v / 2}
               for i, v in enumerate(latencies_ms)])


def make_loss_sweep(results, extra=()):
    """`extra`: rows to add (dicts overriding a default row)."""
    rows = []
    for transport, channels in (("seqex", 1), ("seqex", 8), ("tcp", 1), ("tcp", 8)):
        for loss in (0, 0.01, 0.1):
            for seed in (1, 2):
                run_id = f"loss={loss}_transport={transport}_channels={channels}_seed={seed}"
                fwd = 4 - 8 * loss + seed * 0.1
                rows.append({"scenario": "loss-sweep", "run_id": run_id, "transport": transport, "status": "ok",
                             "varied": "channels loss seed transport", "bandwidth": "10Mbps",
                             "channels": channels, "seqCst": 0, "loss": loss, "seed": seed,
                             "goodput_mbps": fwd * 1.5, "goodput_forward_mbps": fwd,
                             "goodput_ceiling_forward_mbps": 9.6 if transport == "seqex" else 9.6,
                             "goodput_ceiling_mbps": 14.4, "retx_overhead": loss * 1.1,
                             "exchanges_completed": 3})
    for e in extra:
        row = dict(rows[0])
        row.update(e)
        rows.append(row)
    write_csv(os.path.join(results, "loss-sweep", "summary.csv"), SUMMARY_COLUMNS, rows)


def make_head_of_line(results, exchanges=True, overload=()):
    """`overload`: (transport, seqCst, channels) points whose run overloaded."""
    rows = []
    for channels in (1, 2, 4, 8):
        for transport, seq_cst in (("seqex", 0), ("seqex", 1), ("tcp", 0)):
            run_id = f"c{channels}_{transport}_{seq_cst}"
            status = "overload" if (transport, seq_cst, channels) in overload else "ok"
            rows.append({"scenario": "head-of-line", "run_id": run_id, "status": status,
                         "varied": "channels seqCst transport", "rate": 100,
                         "transport": transport, "channels": channels, "seqCst": seq_cst, "seed": 1, "loss": 0.02,
                         "hol_mean_ms": 10.0 / channels if seq_cst or transport == "tcp" else 0.0,
                         "hol_p99_ms": 100.0 / channels})
            if exchanges:
                write_exchanges(results, "head-of-line", run_id, [42, 84 * (1 + seq_cst), 300 / channels])
    write_csv(os.path.join(results, "head-of-line", "summary.csv"), SUMMARY_COLUMNS, rows)
    if exchanges:
        # The pooled percentiles come from the tables, as in run.sh.
        seqex_summary.write_csv(os.path.join(results, "head-of-line", "stats.csv"),
                                seqex_summary.scenario_stats(results, "head-of-line"))


def make_reset_storm(results):
    rows = []
    for kind, transport in (("socket", "seqex"), ("nat", "seqex"), ("nat", "tcp")):
        run_id = f"resetKind={kind}_transport={transport}"
        rows.append({"scenario": "reset-storm", "run_id": run_id, "transport": transport, "channels": 1,
                     "resetKind": kind, "seed": 1, "status": "ok", "varied": "resetKind transport"})
        runs = os.path.join(results, "reset-storm", "runs")
        write_csv(os.path.join(runs, f"{run_id}.timeline.csv"),
                  ["time_s", "in_flight", "delivered", "retransmitted", "sent"],
                  [{"time_s": i * 0.05, "in_flight": i % 7, "delivered": i % 5, "retransmitted": i % 3 == 0,
                    "sent": 4} for i in range(80)])
        with open(os.path.join(runs, f"{run_id}.json"), "w") as f:
            json.dump({"run_id": run_id, "resets": [2.0, 3.0]}, f)
    write_csv(os.path.join(results, "reset-storm", "summary.csv"), SUMMARY_COLUMNS, rows)


def make_shared_bottleneck(results, not_ok=()):
    rows = []
    runs = os.path.join(results, "shared-bottleneck", "runs")
    for variant in ("cubic", "newreno"):
        for channels in (1, 8):
            for seed in (1, 2, 3):
                run_id = f"bulkVariant={variant}_channels={channels}_seed={seed}"
                share = 0.2 if channels == 1 else 0.98
                status = "not_drained" if (variant, channels) in not_ok else "ok"
                rows.append({"scenario": "shared-bottleneck", "run_id": run_id, "transport": "seqex",
                             "status": status, "varied": "bulkVariant channels seed", "channels": channels,
                             "seed": seed, "bulkVariant": variant, "bulkFlows": 2, "shareBin": "500ms",
                             "seqex_share": share + seed * 0.01, "jain_index": 1.0 - share / 2})
                write_csv(os.path.join(runs, f"{run_id}.share.csv"),
                          ["time_s", "seqex_bytes", "tcp0_bytes", "tcp1_bytes", "seqex_share", "jain_index"],
                          [{"time_s": 1 + i * 0.5, "seqex_bytes": 1, "tcp0_bytes": 1, "tcp1_bytes": 1,
                            "seqex_share": share, "jain_index": 0.9} for i in range(8)])
    columns = SUMMARY_COLUMNS + ["bulkVariant", "bulkFlows", "shareBin"]
    write_csv(os.path.join(results, "shared-bottleneck", "summary.csv"), columns, rows)


VALIDATION_COLUMNS = ["scenario", "run_id", "transport", "status", "seed", "workload", "tcpVariant", "loss",
                      "tcpSegmentSize", "tcpMinRto", "tcpDelAckCount", "bandwidth", "delay", "answerDelay", "size",
                      "window", "channels", "goodput_mbps", "transport_srtt_mean_us", "link_forward_lost",
                      "link_forward_tx_packets", "link_forward_tx_bytes", "link_reverse_tx_packets",
                      "link_reverse_tx_bytes"]


def make_tcp_validation(results, failed_point=False):
    rows = []
    link = {"bandwidth": "10Mbps", "delay": "20ms", "answerDelay": "1ms", "tcpSegmentSize": 1448,
            "tcpMinRto": "200ms", "tcpDelAckCount": 2, "channels": 1, "status": "ok", "scenario": "tcp-validation"}
    for variant in ("newreno", "cubic"):
        for loss in (0.01, 0.05):
            for seed in (1, 2):
                rows.append(dict(link, run_id=f"{variant}_{loss}_{seed}", transport="tcp", workload="bulk",
                                 tcpVariant=variant, loss=loss, seed=seed, goodput_mbps=0.2 / loss,
                                 transport_srtt_mean_us=45000, link_forward_lost=int(1000 * loss),
                                 link_forward_tx_packets=1000, link_forward_tx_bytes=1500000,
                                 link_reverse_tx_packets=500, link_reverse_tx_bytes=33000))
    for window in (4, 16, 64):
        rows.append(dict(link, run_id=f"w{window}", transport="seqex", workload="exchanges", loss=0, seed=1,
                         size=1000, window=window, goodput_mbps=window * 0.095,
                         status="violation" if failed_point and window == 64 else "ok",
                         link_forward_tx_packets=1000, link_forward_tx_bytes=1046000,
                         link_reverse_tx_packets=1000, link_reverse_tx_bytes=60000))
    write_csv(os.path.join(results, "tcp-validation", "summary.csv"), VALIDATION_COLUMNS, rows)


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

    def test_goodput_series_are_the_four_transports_and_the_ceilings(self):
        make_loss_sweep(self.results)
        fig = FIGURES["goodput_vs_loss"](self.results)
        labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]  # one legend, right panel
        series = [label for label in labels if not label.startswith("ceiling")]
        self.assertEqual(series, ["SEQEX 1 ch", "SEQEX 8 ch", "TCP 1 conn", "TCP 8 conns"])
        self.assertIn("ceiling, SEQEX framing: 9.60", [t.get_text() for t in fig.axes[0].texts])
        self.assertIn("ceiling, TCP framing: 14.40", [t.get_text() for t in fig.axes[1].texts])
        self.assertIn("Mbit/s", fig.axes[0].get_ylabel())
        # Every panel says what it sums.
        self.assertIn("forward only", fig.axes[0].get_title())
        self.assertIn("both directions summed", fig.axes[1].get_title())

    def _series_x(self, ax, label):
        for container in ax.containers:
            if container.get_label() == label:
                return list(container.lines[0].get_xdata())
        self.fail(f"no series {label}")

    def test_a_run_not_ok_makes_its_point_a_flag_not_an_average(self):
        # Seed 2 of SEQEX 1 ch at 10% loss did not drain: that point is not
        # drawn on the line, but as a cross naming the status.
        rows = {"run_id": "x", "channels": 1, "loss": 0.1, "seed": 3, "status": "not_drained", "goodput_mbps": 0.0,
                "goodput_forward_mbps": 0.0}
        make_loss_sweep(self.results, extra=[rows])
        fig = FIGURES["goodput_vs_loss"](self.results)
        ax = fig.axes[0]
        self.assertEqual(self._series_x(ax, "SEQEX 1 ch"), [0.0, 1.0])
        self.assertEqual(self._series_x(ax, "SEQEX 8 ch"), [0.0, 1.0, 10.0])
        notes = [t.get_text() for t in ax.texts]
        self.assertIn("1/3 not_drained", notes)

    def test_runs_off_the_figure_parameters_are_not_points(self):
        # A 200-exchange capture run at 5% loss is no point of the sweep.
        extra = {"run_id": "capture", "loss": 0.05, "varied": "exchanges loss pcap", "goodput_forward_mbps": 0.1}
        make_loss_sweep(self.results, extra=[extra])
        fig = FIGURES["goodput_vs_loss"](self.results)
        self.assertEqual(self._series_x(fig.axes[0], "SEQEX 1 ch"), [0.0, 1.0, 10.0])

    def test_bars_are_bootstrap_intervals_around_the_mean(self):
        make_loss_sweep(self.results)
        fig = FIGURES["goodput_vs_loss"](self.results)
        ax = fig.axes[0]
        for container in ax.containers:
            if container.get_label() == "SEQEX 1 ch":
                ys = list(container.lines[0].get_ydata())
        # Seeds 1 and 2 at loss 0: 4.1 and 4.2, mean 4.15.
        self.assertAlmostEqual(ys[0], 4.15)

    def test_overloaded_hol_points_are_flagged_and_left_out_of_the_cdf(self):
        make_head_of_line(self.results, overload={("seqex", 1, 1)})
        fig = FIGURES["hol_vs_channels"](self.results)
        self.assertEqual(self._series_x(fig.axes[0], "SEQEX seq_cst"), [2.0, 4.0, 8.0])
        self.assertIn("1/1 overload", [t.get_text() for t in fig.axes[0].texts])
        cdf = FIGURES["latency_cdf"](self.results)
        labels = [t.get_text() for t in cdf.axes[0].get_legend().get_texts()]
        self.assertNotIn("SEQEX 1 ch seq_cst (n=3)", labels)
        self.assertIn("not drawn: SEQEX 1 ch seq_cst (overload)", cdf.axes[0].get_title())

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

    def test_fairness(self):
        make_shared_bottleneck(self.results)
        self.plot("fairness")
        fig = FIGURES["fairness"](self.results)
        over_time = fig.axes[0]
        self.assertEqual(len([l for l in over_time.get_lines() if l.get_label().startswith("SEQEX")]), 4)
        self.assertIn("fair share (1/3)", [l.get_label() for l in over_time.get_lines()])
        bars = [p.get_height() for p in fig.axes[2].patches]
        # Mean over seeds 1-3 of 0.2 + 0.01 seed = 0.22 for one channel.
        self.assertAlmostEqual(bars[0], 0.22)

    def test_fairness_leaves_out_points_not_ok(self):
        make_shared_bottleneck(self.results, not_ok={("cubic", 8)})
        fig = FIGURES["fairness"](self.results)
        self.assertEqual(len(fig.axes[2].patches), 6)  # 3 points x 2 metrics
        self.assertIn("not drawn: 3/3 not_drained", [t.get_text() for t in fig.axes[2].texts])

    def test_tcp_bulk_vs_pftk(self):
        make_tcp_validation(self.results)
        self.plot("tcp_bulk_vs_pftk")
        fig = FIGURES["tcp_bulk_vs_pftk"](self.results)
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        self.assertEqual(len(labels), 4)  # per variant: simulation and model
        self.assertTrue(any("PFTK" in label for label in labels))

    def test_pftk_model_values(self):
        from seqex_figures.tcp_validation import pftk_bytes_per_second, pftk_mbps
        # Padhye et al. eq. 31 by hand: MSS 1448, RTT 46 ms, p 0.5%, T0 246 ms, b 2.
        first = 0.046 * (2 * 2 * 0.005 / 3) ** 0.5
        second = 0.246 * min(1.0, 3 * (3 * 2 * 0.005 / 8) ** 0.5) * 0.005 * (1 + 32 * 0.005 ** 2)
        self.assertAlmostEqual(pftk_bytes_per_second(1448, 0.046, 0.005, 0.246, 2), 1448 / (first + second))
        # Per run: p from the link counters, T0 = SRTT + MinRto, capped at the link.
        row = {"tcpSegmentSize": 1448, "transport_srtt_mean_us": 46000, "link_forward_lost": 5,
               "link_forward_tx_packets": 1000, "tcpMinRto": "200ms", "tcpDelAckCount": 2, "bandwidth": "10Mbps"}
        self.assertAlmostEqual(pftk_mbps(row), 1448 / (first + second) * 8 / 1e6)
        row["link_forward_lost"] = 0
        self.assertAlmostEqual(pftk_mbps(row), 10 * 1448 / (1448 + 54))

    def test_seqex_window_goodput_and_model(self):
        from seqex_figures.tcp_validation import window_limit_mbps
        make_tcp_validation(self.results)
        self.plot("seqex_window_goodput")
        # floor(W/2) x 1000 B per (40 + 1 ms + (1046 + 60) B at 10 Mbit/s).
        row = {"bandwidth": "10Mbps", "size": 1000, "delay": "20ms", "answerDelay": "1ms", "window": 17,
               "channels": 1, "link_forward_tx_bytes": 1046, "link_forward_tx_packets": 1,
               "link_reverse_tx_bytes": 60, "link_reverse_tx_packets": 1}
        rtt = 0.041 + 1106 * 8 / 1e7
        self.assertAlmostEqual(window_limit_mbps(row), 8 * 8000 / rtt / 1e6)
        row["window"] = 1024
        self.assertAlmostEqual(window_limit_mbps(row), 10 * 1000 / 1046)  # the link's payload rate
        # The Python binding's typed summary: seconds and bits per second.
        row.update(window=17, delay=0.02, answerDelay=0.001, bandwidth=10000000)
        self.assertAlmostEqual(window_limit_mbps(row), 8 * 8000 / rtt / 1e6)

    def test_validation_figures_draw_only_ok_runs(self):
        make_tcp_validation(self.results, failed_point=True)
        fig = FIGURES["seqex_window_goodput"](self.results)
        xs = list(fig.axes[0].get_lines()[0].get_xdata())
        self.assertEqual(xs, [4.0, 16.0])

    def test_missing_scenario_is_a_clear_skip(self):
        make_head_of_line(self.results)
        written, skipped = plot_all.plot_all(self.results, self.out)
        self.assertEqual(sorted(skipped), ["fairness", "goodput_vs_loss", "reset_timeline", "retx_overhead_vs_loss",
                                           "seqex_window_goodput", "tcp_bulk_vs_pftk"])
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
        self.assertIn("goodput_forward_mbps", str(caught.exception))

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
