"""scripts/resend_targets.py judges issue 11's adaptive-resend targets from
the runs' files: which runs it pools, and the verdicts it gives. Synthetic
results with known latencies, so every figure is known in advance."""
import csv
import os
import tempfile
import unittest

import resend_targets as rt

SUMMARY = ["scenario", "run_id", "transport", "seed", "status", "rate", "loss", "channels", "resendMode",
           "window", "exchanges_completed", "expected_exchanges", "goodput_mbps"]


class ResendTargets(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.results = self.tmp.name
        self.latency_rows = []
        self.saturation_rows = []

    def tearDown(self):
        self.tmp.cleanup()

    def latency_run(self, transport, channels, rate, loss, latency_ms, mode="", window="", status="ok", seed=1):
        run_id = f"{transport}_{channels}_{rate}_{loss}_{mode}_{window}_{seed}"
        self.latency_rows.append(dict(scenario=rt.LATENCY, run_id=run_id, transport=transport, seed=seed,
                                      status=status, rate=rate, loss=loss, channels=channels, resendMode=mode,
                                      window=window, exchanges_completed=100, expected_exchanges=100,
                                      goodput_mbps=""))
        runs = os.path.join(self.results, rt.LATENCY, "runs")
        os.makedirs(runs, exist_ok=True)
        with open(os.path.join(runs, run_id + ".exchanges.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["completed", "latency_ms"])
            for _ in range(100):
                w.writerow([1, latency_ms])

    def every_latency_point(self, seqex_ms, tcp_ms, window_64_ms):
        for rate, loss in ((500, 0.01), (500, 0.05), (20, 0.01)):
            for channels in (1, 8):
                for seed in (1, 2):
                    self.latency_run("seqex", channels, rate, loss, seqex_ms, "adaptive", rt.WINDOW, seed=seed)
                    self.latency_run("tcp", channels, rate, loss, tcp_ms, seed=seed)
            self.latency_run("seqex", 1, rate, loss, window_64_ms, "adaptive", rt.SMALL_WINDOW)

    def write(self, scenario, rows):
        os.makedirs(os.path.join(self.results, scenario), exist_ok=True)
        with open(os.path.join(self.results, scenario, "summary.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=SUMMARY)
            w.writeheader()
            w.writerows(rows)

    def latency_table(self):
        self.write(rt.LATENCY, self.latency_rows)
        return {target: (measured, verdict) for target, measured, verdict in rt.latency_rows(self.results)}

    def test_the_targets_pool_only_the_runs_at_their_window(self):
        # The W = 64 runs (1000 ms) would fail every target if pooled.
        self.every_latency_point(seqex_ms=100, tcp_ms=300, window_64_ms=1000)
        table = self.latency_table()
        first = table["500/s, 1% loss: SEQEX adaptive on 1 channel p99 <= 0.5 x TCP-1"]
        self.assertEqual(first[1], "met")
        self.assertIn("SEQEX-1 100.0 ms", first[0])
        self.assertIn("ratio 0.33", first[0])
        shown = [v for t, v in table.items() if f"W={rt.SMALL_WINDOW}" in t]
        self.assertEqual(len(shown), 3)
        self.assertTrue(all(v[1] == "shown" and "1000.0 ms" in v[0] for v in shown), shown)

    def test_a_ratio_above_the_factor_is_not_met(self):
        self.every_latency_point(seqex_ms=200, tcp_ms=300, window_64_ms=200)
        table = self.latency_table()
        self.assertEqual(table["500/s, 1% loss: SEQEX adaptive on 1 channel p99 <= 0.5 x TCP-1"][1], "not met")
        self.assertEqual(table["500/s, 1% loss: SEQEX adaptive on 1 channel p99 <= 1 x TCP-8"][1], "met")

    def test_a_seqex_run_left_out_fails_its_target(self):
        self.every_latency_point(seqex_ms=100, tcp_ms=300, window_64_ms=100)
        self.latency_run("seqex", 8, 500, 0.05, 100, "adaptive", rt.WINDOW, status="overload", seed=3)
        table = self.latency_table()
        measured, verdict = table["500/s, 5% loss: SEQEX adaptive on 8 channels p99 <= 0.5 x TCP-8, "
                                  "every exchange completed"]
        self.assertTrue(verdict.startswith("not met"), verdict)
        self.assertIn("1/3 overload left out", measured)

    def test_saturation_compares_fixed_and_adaptive_goodput(self):
        for channels in (1, 8):
            for seed in (1, 2, 3):
                for mode, goodput in (("fixed", 2.0), ("adaptive", 4.0 if channels == 1 else 1.0)):
                    self.saturation_rows.append(dict(
                        scenario=rt.SATURATION, run_id=f"{channels}_{mode}_{seed}", transport="seqex", seed=seed,
                        status="ok", rate=0, loss=0.02, channels=channels, resendMode=mode, window=64,
                        exchanges_completed=10, expected_exchanges=10, goodput_mbps=goodput + 0.01 * seed))
        self.write(rt.SATURATION, self.saturation_rows)
        verdicts = [verdict for _, _, verdict in rt.saturation_rows(self.results)]
        self.assertEqual(verdicts, ["met", "not met"])


if __name__ == "__main__":
    unittest.main()
