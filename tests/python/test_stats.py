"""The statistics over seeds (scripts/seqex_stats.py): bootstrap intervals
that replay, cover what they should, and pooled percentiles by nearest rank."""

import unittest

import numpy as np

import seqex_stats as st


class StatsTest(unittest.TestCase):
    def test_mean_interval_replays_and_brackets_the_mean(self):
        values = [4.0, 5.0, 6.0, 5.5, 4.5, 7.0, 3.0, 5.0, 6.5, 4.0]
        a = st.mean_ci(values)
        b = st.mean_ci(values)
        self.assertEqual((a.value, a.lo, a.hi), (b.value, b.lo, b.hi))  # fixed bootstrap seed
        self.assertAlmostEqual(a.value, np.mean(values))
        self.assertLess(a.lo, a.value)
        self.assertGreater(a.hi, a.value)
        self.assertEqual(a.n, 10)
        # Roughly mean +- t(9) standard errors for a sample this tame.
        se = np.std(values, ddof=1) / np.sqrt(len(values))
        self.assertAlmostEqual(a.hi - a.lo, 2 * 2.262 * se, delta=0.2 * 2 * 2.262 * se)

    def test_one_run_has_no_spread(self):
        e = st.mean_ci([3.0])
        self.assertEqual((e.value, e.lo, e.hi, e.n), (3.0, 3.0, 3.0, 1))

    def test_interval_covers_the_true_mean_about_95_percent_of_the_time(self):
        rng = np.random.default_rng(11)
        covered = 0
        trials = 400
        for _ in range(trials):
            sample = rng.normal(10.0, 2.0, size=10)
            e = st.mean_ci(sample, resamples=1000)
            covered += e.lo <= 10.0 <= e.hi
        # The plain percentile bootstrap covers about 88% at n = 10; the
        # expanded one is close to the nominal 95%.
        self.assertGreater(covered / trials, 0.90)
        self.assertLess(covered / trials, 0.99)

    def test_pooled_percentile_is_nearest_rank_over_all_runs(self):
        runs = [list(range(1, 51)), list(range(51, 101))]
        e = st.pooled_percentile_ci(runs, 0.99)
        self.assertEqual(e.value, 99.0)
        self.assertEqual(e.n, 2)
        self.assertLessEqual(e.lo, e.value)
        self.assertGreaterEqual(e.hi, e.value)
        self.assertEqual(st.pooled_percentile_ci([[5.0, 1.0, 3.0]], 0.5).value, 3.0)

    def test_runs_that_differ_widen_the_pooled_interval(self):
        same = [[float(i) for i in range(100)] for _ in range(10)]
        differ = [[float(i) + 50 * k for i in range(100)] for k in range(10)]
        tight = st.pooled_percentile_ci(same, 0.99)
        wide = st.pooled_percentile_ci(differ, 0.99)
        self.assertEqual(tight.hi - tight.lo, 0.0)
        self.assertGreater(wide.hi - wide.lo, 50.0)


class SummaryTest(unittest.TestCase):
    def test_a_point_with_a_run_not_ok_gets_no_numbers(self):
        import csv
        import os
        import tempfile

        import seqex_summary

        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "loss-sweep"))
            columns = ["scenario", "run_id", "status", "varied", "transport", "loss", "seed", "goodput_forward_mbps"]
            rows = []
            for loss, statuses in ((0.0, ["ok"] * 3), (0.1, ["ok", "not_drained", "ok"])):
                for seed, status in enumerate(statuses, 1):
                    rows.append({"scenario": "loss-sweep", "run_id": f"{loss}_{seed}", "status": status,
                                 "varied": "loss seed", "transport": "seqex", "loss": loss, "seed": seed,
                                 "goodput_forward_mbps": 5.0 + seed})
            with open(os.path.join(tmp, "loss-sweep", "summary.csv"), "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=columns)
                w.writeheader()
                w.writerows(rows)
            lines = {line["point"]: line for line in seqex_summary.scenario_stats(tmp, "loss-sweep")}
            clean = lines["loss=0"]
            self.assertEqual((clean["runs"], clean["ok"]), (3, 3))
            self.assertAlmostEqual(clean["goodput_forward_mbps"], 7.0)
            self.assertLess(clean["goodput_forward_mbps_lo"], 7.0)
            broken = lines["loss=0.1"]
            self.assertEqual(broken["not_ok"], "1 not_drained")
            self.assertNotIn("goodput_forward_mbps", broken)

    def test_retransmissions_per_lost_packet_count_every_drop_both_ways(self):
        import seqex_summary

        row = {"retransmissions": 30.0}
        for d in ("forward", "reverse"):
            for k in seqex_summary.LINK_DROPS:
                row[f"link_{d}_{k}"] = 0.0
        self.assertNotIn("retx_per_lost", seqex_summary.derive(dict(row)))  # nothing dropped
        row.update(link_forward_lost=8.0, link_reverse_lost=4.0, link_forward_queue_dropped=3.0,
                   link_reverse_burst_lost=5.0)
        self.assertAlmostEqual(seqex_summary.derive(dict(row))["retx_per_lost"], 1.5)
        del row["link_reverse_queue_dropped"]
        self.assertNotIn("retx_per_lost", seqex_summary.derive(dict(row)))  # a column missing


if __name__ == "__main__":
    unittest.main()
