"""The seqex module's scenario runner: short runs of named scenarios, their
summary and records, determinism, repeated runs in one process, errors."""
import datetime
import json
import os
import subprocess
import tempfile
import threading
import unittest

import seqex

# Short runs: a few hundred exchanges over 2 s of traffic.
SHORT = {"duration": "2s", "heal": "2s", "exchanges": 200}


@unittest.skipUnless(getattr(seqex, "HAS_SCENARIOS", False), "module built without the ns-3 model")
class ScenarioRunner(unittest.TestCase):
    def test_catalog_is_what_list_prints(self):
        catalog = {s["name"]: s for s in seqex.scenarios()}
        for name in ("loss-sweep", "head-of-line", "reset-storm"):
            self.assertIn(name, catalog)
            self.assertTrue(catalog[name]["summary"])
            self.assertEqual(set(catalog[name]),
                             {"name", "summary", "varies", "defaults", "default_points", "sweep_axes"})
        self.assertEqual(catalog["loss-sweep"]["defaults"]["rate"], "0")
        self.assertIn({"transport": "tcp", "channels": "8", "loss": "0.1", "seed": "2"},
                      catalog["loss-sweep"]["default_points"])
        self.assertIn([{"seed": "1"}, {"seed": "2"}, {"seed": "3"}], catalog["loss-sweep"]["sweep_axes"])
        program = os.path.join(os.path.dirname(seqex.__file__), "..", "..", "scenarios", "seqex-scenario")
        if os.access(program, os.X_OK):  # the build tree's program prints the same catalog
            listed = json.loads(subprocess.run([program, "--list"], capture_output=True, text=True).stdout)
            self.assertEqual(listed["scenarios"], seqex.scenarios())

    def test_flags_kinds_and_ranges(self):
        flags = seqex.flags()
        self.assertEqual((flags["loss"]["kind"], flags["loss"]["min"], flags["loss"]["max"]), ("number", "0", "1"))
        self.assertEqual((flags["duration"]["kind"], flags["duration"]["default"]), ("duration", "20s"))
        self.assertEqual(flags["transport"]["choices"], ["seqex", "tcp"])

    def test_summary_values_are_typed(self):
        r = seqex.run_scenario("loss-sweep", loss=0.01, resendInterval="250ms", **SHORT)
        s = r.summary
        self.assertEqual((s["duration"], s["heal"], s["resendInterval"], s["answerDelay"]), (2.0, 2.0, 0.25, 0.001))
        self.assertEqual(s["bandwidth"], 10_000_000)  # bits per second
        self.assertIs(s["pcap"], False)
        self.assertEqual((s["seed"], s["channels"], s["exchanges"]), (1, 1, 200))
        self.assertIsInstance(s["loss"], float)
        self.assertIsInstance(s["goodput_mbps"], float)
        self.assertIsInstance(s["exchanges_completed"], int)
        # the typing is the sweep's too: same row as the JSON seqex-scenario writes
        with tempfile.TemporaryDirectory() as out:
            written = seqex.run_scenario("loss-sweep", out=out, loss=0.01, resendInterval="250ms", **SHORT)
        self.assertEqual({k: v for k, v in written.summary.items() if k != "out"},
                         {k: v for k, v in s.items() if k != "out"})

    def test_durations_as_seconds_or_timedelta(self):
        text = seqex.run_scenario("loss-sweep", loss=0.02, duration="2s", heal="2s", exchanges=200,
                                  answerDelay="1500us")
        numbers = seqex.run_scenario("loss-sweep", loss=0.02, duration=2, heal=2.0, exchanges=200,
                                     answerDelay=0.0015)
        deltas = seqex.run_scenario("loss-sweep", loss=0.02, duration=datetime.timedelta(seconds=2),
                                    heal=datetime.timedelta(milliseconds=2000), exchanges=200,
                                    answerDelay=datetime.timedelta(microseconds=1500))
        self.assertEqual(text.summary, numbers.summary)
        self.assertEqual(text.summary, deltas.summary)
        self.assertEqual(text.exchanges, deltas.exchanges)
        self.assertEqual(text.summary["answerDelay"], 0.0015)
        with self.assertRaisesRegex(ValueError, "--duration"):
            seqex.run_scenario("loss-sweep", duration=-1)
        with self.assertRaises(TypeError):
            seqex.run_scenario("loss-sweep", duration=True)

    def test_command_names_no_out_when_nothing_is_written(self):
        r = seqex.run_scenario("loss-sweep", loss=0.01, **SHORT)
        self.assertNotIn("--out", r.command)
        with tempfile.TemporaryDirectory() as out:
            r = seqex.run_scenario("loss-sweep", out=out, loss=0.01, **SHORT)
            self.assertIn(f"--out={out}", r.command)

    def test_unwritable_out_is_refused_before_the_run(self):
        with self.assertRaisesRegex(ValueError, "--out: cannot create /proc/nope"):
            seqex.run_scenario("loss-sweep", out="/proc/nope", duration="3600s", rate=1000)

    def test_version(self):
        self.assertRegex(seqex.__version__, r"^\d+\.\d+\.\d+$")

    def test_every_public_name_property_and_exception_has_a_docstring(self):
        missing = []
        for name in dir(seqex):
            obj = getattr(seqex, name)
            if name.startswith("_") or not (isinstance(obj, type) or callable(obj)):
                continue
            if not (obj.__doc__ or "").strip():
                missing.append(name)
            if isinstance(obj, type):
                for attr, member in vars(obj).items():
                    if isinstance(member, property) or type(member).__name__ == "property":
                        if not (member.__doc__ or "").strip():
                            missing.append(f"{name}.{attr}")
        self.assertEqual(missing, [])
        for exc in (seqex.WindowFull, seqex.AnswerError, seqex.MalformedDatagram, seqex.InvariantViolation,
                    seqex.NotDrained, seqex.SweepError):
            self.assertTrue(issubclass(exc, Exception))
            self.assertGreater(len(exc.__doc__), 40, exc)

    def test_short_run_summary_and_records(self):
        r = seqex.run_scenario("loss-sweep", seed=3, loss=0.05, **SHORT)
        self.assertTrue(r.ok, r.violations)
        self.assertEqual(r.violations, [])
        s = r.summary
        self.assertEqual((s["scenario"], s["transport"], s["seed"], s["loss"]), ("loss-sweep", "seqex", 3, 0.05))
        self.assertEqual(s["duration"], 2.0)
        self.assertIsNone(s["out"])
        completed = [e for e in r.exchanges if e["completed"] == 1]
        self.assertEqual(len(completed), s["exchanges_completed"])
        self.assertEqual(len(r.exchanges), 200)
        self.assertGreater(s["goodput_mbps"], 0)
        self.assertGreater(s["retransmissions"], 0)  # 5% loss must cost resends
        self.assertAlmostEqual(s["latency_max_ms"], max(e["latency_ms"] for e in completed), places=3)
        self.assertEqual(sum(e["retransmissions"] for e in r.exchanges) > 0, True)
        self.assertIn("--loss=0.05", r.command)
        self.assertIn("--seed=3", r.command)

    def test_tcp_and_channels(self):
        r = seqex.run_scenario("loss-sweep", transport="tcp", channels=4, loss=0.01, **SHORT)
        self.assertTrue(r.ok, r.violations)
        self.assertEqual((r.summary["transport"], r.summary["channels"]), ("tcp", 4))
        self.assertEqual({e["channel"] for e in r.exchanges}, {0, 1, 2, 3})

    def test_same_seed_same_result_different_seed_differs(self):
        a = seqex.run_scenario("loss-sweep", seed=7, loss=0.05, **SHORT)
        b = seqex.run_scenario("loss-sweep", seed=7, loss=0.05, **SHORT)
        c = seqex.run_scenario("loss-sweep", seed=8, loss=0.05, **SHORT)
        self.assertEqual(a.summary, b.summary)
        self.assertEqual(a.exchanges, b.exchanges)
        self.assertNotEqual(a.exchanges, c.exchanges)

    def test_runs_of_other_scenarios_between_do_not_leak(self):
        first = seqex.run_scenario("loss-sweep", seed=2, loss=0.02, **SHORT)
        seqex.run_scenario("loss-sweep", transport="tcp", seed=5, loss=0.1, **SHORT)
        seqex.run_scenario("reset-storm", resetKind="nat", duration="3s", heal="2s")
        again = seqex.run_scenario("loss-sweep", seed=2, loss=0.02, **SHORT)
        self.assertEqual(first.exchanges, again.exchanges)
        self.assertEqual(first.summary, again.summary)

    def test_threads_take_turns(self):
        results = {}

        def run(seed):
            results[seed] = seqex.run_scenario("loss-sweep", seed=seed, loss=0.02, **SHORT).exchanges

        threads = [threading.Thread(target=run, args=(s,)) for s in (1, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results[1], seqex.run_scenario("loss-sweep", seed=1, loss=0.02, **SHORT).exchanges)

    def test_reset_storm_timeline_and_resets(self):
        r = seqex.run_scenario("reset-storm", resetKind="socket", duration="3s", heal="2s", timeline=True)
        self.assertTrue(r.ok, r.violations)
        self.assertEqual(r.resets, [2.0, 3.0])
        self.assertEqual(r.summary["resets"], 2)
        self.assertEqual(set(r.timeline[0]), {"time_s", "in_flight", "delivered", "retransmitted", "sent"})
        self.assertGreater(sum(b["delivered"] for b in r.timeline), 0)

    def test_out_writes_the_run_files(self):
        with tempfile.TemporaryDirectory() as out:
            r = seqex.run_scenario("loss-sweep", out=out, loss=0.01, runId="py", **SHORT)
            runs = os.path.join(out, "loss-sweep", "runs")
            with open(os.path.join(runs, "py.json")) as f:
                row = json.load(f)
            self.assertEqual(row["metrics"]["completed"], r.summary["exchanges_completed"])
            self.assertEqual(row["metrics"]["goodput_mbps"], r.summary["goodput_mbps"])
            with open(os.path.join(runs, "py.exchanges.csv")) as f:
                self.assertEqual(len(f.readlines()), len(r.exchanges) + 1)
            self.assertEqual(r.summary["out"], out)

    def test_bad_values_name_the_flag(self):
        cases = {"--loss": {"loss": 1.5}, "--channels": {"channels": 0}, "--bogus": {"bogus": 1},
                 "--delay": {"delay": "abc"}, "--transport": {"transport": "quic"}}
        for flag, params in cases.items():
            with self.subTest(flag=flag):
                with self.assertRaises(ValueError) as caught:
                    seqex.run_scenario("loss-sweep", **params)
                self.assertIn(flag, str(caught.exception))

    def test_unknown_scenario_lists_the_names(self):
        with self.assertRaises(ValueError) as caught:
            seqex.run_scenario("no-such-scenario")
        self.assertIn("--scenario: no scenario named 'no-such-scenario'", str(caught.exception))
        self.assertIn("loss-sweep", str(caught.exception))

    def test_bad_parameter_type(self):
        with self.assertRaises(TypeError):
            seqex.run_scenario("loss-sweep", loss=[0.1])

    def test_not_drained_is_named_for_what_it_is_with_seed_and_replay(self):
        # 3000 saturating exchanges cannot all end in 1 s of traffic and 1 s
        # of heal: no invariant breaks, the run did not drain. It is not an
        # InvariantViolation.
        params = {"duration": "1s", "heal": "1s", "exchanges": 3000, "loss": 0.05}
        with self.assertRaises(seqex.NotDrained) as caught:
            seqex.run_scenario("loss-sweep", seed=4, **params)
        e = caught.exception
        self.assertNotIsInstance(e, seqex.InvariantViolation)
        self.assertIsInstance(e, RuntimeError)
        self.assertEqual(e.seed, 4)
        self.assertIn("seed 4", str(e))
        self.assertIn("SEQEX did not drain within heal=1s (no invariant broke", str(e))
        self.assertEqual(e.result.violations, [])
        self.assertGreater(len(e.result.not_drained), 0)
        self.assertEqual(e.result.status, "not_drained")
        self.assertIn("replay: seqex-scenario --scenario=loss-sweep", str(e))
        self.assertIn("--seed=4", e.command)
        self.assertFalse(e.result.ok)
        unchecked = seqex.run_scenario("loss-sweep", seed=4, check=False, **params)
        self.assertFalse(unchecked.ok)
        self.assertEqual(unchecked.not_drained, e.result.not_drained)
        self.assertEqual(unchecked.status, "not_drained")
        self.assertLess(unchecked.summary["exchanges_completed"], 3000)


if __name__ == "__main__":
    unittest.main()
