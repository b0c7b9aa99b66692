"""tcp-validation in short form: bulk TCP against the PFTK model and SEQEX
against its window limit, through the same model functions the figures use
(scripts/seqex_figures/tcp_validation.py; doc/tcp-baseline.md)."""
import statistics
import unittest

import seqex
from seqex_figures.tcp_validation import pftk_mbps, window_limit_mbps

SHORT = {"duration": "8s", "heal": "10s"}


@unittest.skipUnless(getattr(seqex, "HAS_SCENARIOS", False), "module built without the ns-3 model")
class TcpValidation(unittest.TestCase):
    def bulk(self, variant, loss, seed):
        r = seqex.run_scenario("tcp-validation", transport="tcp", workload="bulk", impairDir="forward",
                               tcpVariant=variant, loss=loss, seed=seed, **SHORT)
        self.assertTrue(r.ok, r.violations)
        self.assertEqual(r.summary["tcpVariant"], variant)
        return r.summary

    def test_bulk_newreno_follows_pftk(self):
        # Three seeds, mean within 35% of the model evaluated with each run's
        # own loss rate and SRTT (the default set shows 5-30% off).
        for loss in (0.01, 0.05):
            with self.subTest(loss=loss):
                runs = [self.bulk("newreno", loss, seed) for seed in (1, 2, 3)]
                sim = statistics.fmean(r["goodput_mbps"] for r in runs)
                model = statistics.fmean(pftk_mbps(r) for r in runs)
                self.assertGreater(sim, 0.65 * model, (sim, model))
                self.assertLess(sim, 1.35 * model, (sim, model))

    def test_bulk_records_the_tcp_that_ran(self):
        s = self.bulk("cubic", 0.02, 1)
        for flag in ("tcpRecovery", "tcpSack", "tcpTimestamps", "tcpSegmentSize", "tcpDelAckCount",
                     "tcpDelAckTimeout", "tcpMinRto", "tcpInitialCwnd", "tcpSndBuf", "tcpRcvBuf"):
            self.assertIn(flag, s)
        self.assertGreater(s["transport_srtt_mean_us"], 40000)  # at least the 40 ms propagation round trip
        self.assertEqual(s["exchanges_completed"], 0)
        self.assertGreater(s["goodput_mbps"], 0)

    def test_seqex_window_limited_goodput(self):
        for window, exchanges in ((8, 700), (32, 2800)):
            with self.subTest(window=window):
                r = seqex.run_scenario("tcp-validation", transport="seqex", loss=0, rate=0, lenMin=1, lenMax=1,
                                       size=1000, window=window, exchanges=exchanges, duration="4s", heal="10s")
                self.assertTrue(r.ok, r.violations)
                model = window_limit_mbps(r.summary)
                self.assertAlmostEqual(r.summary["goodput_mbps"], model, delta=0.03 * model)


if __name__ == "__main__":
    unittest.main()
