#!/usr/bin/env python3
"""The interop matrix page as a person sees it, in a real browser.

Runs seqex-conformance --matrix on three implementations (the reference
adapter, the Python example, a fault variant of the reference), writes the
page with --report-html, loads it in Debian's chromium (headless) and,
through the DevTools protocol on a pipe (standard library only), checks what
is rendered: the rows and cells, the failing rules, no details open at
first; then clicks a failing cell and checks that its transcript and replay
command are shown, in view, and nothing else; then opens a pair cell from a
link with a #fragment.

usage: report-page-test.py --conformance PATH --reference-adapter PATH
                           --python-adapter PATH --python PATH
Exit 0 when every check passed; 1 with the failed checks listed.
"""

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

FAILURES = []


def check(condition, what):
    print(("ok     " if condition else "FAILED ") + what)
    if not condition:
        FAILURES.append(what)
    return condition


class Browser:
    """chromium --headless with --remote-debugging-pipe: commands go to its
    fd 3, answers and events come from its fd 4, each a JSON text ended by
    a NUL byte."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--remote-debugging-pipe", "--window-size=1280,900", "about:blank"]
        self.pid = os.fork()
        if self.pid == 0:
            try:
                # Through a spare fd: a pipe may already be fd 3 or 4, and
                # dup2 onto itself would leave it close-on-exec.
                spare_r, spare_w = os.dup(to_browser_r), os.dup(from_browser_w)
                os.dup2(spare_r, 3)
                os.dup2(spare_w, 4)
                os.set_inheritable(3, True)
                os.set_inheritable(4, True)
                devnull = os.open(os.devnull, os.O_RDWR)
                os.dup2(devnull, 0)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                os.closerange(5, 4096)
                os.execv(chromium, args)
            finally:
                os._exit(127)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            import select
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise EOFError("chromium closed its DevTools pipe (it exited)")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(method + ": " + json.dumps(m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for k, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(k)
            self.events.append(self._read_message(deadline))

    def attach(self):
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def load(self, url):
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("page script failed: " + json.dumps(r["exceptionDetails"]))
        return r["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=10)
        except Exception:
            pass
        for _ in range(100):
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)  # ours: started above
        os.waitpid(self.pid, 0)


# What a person sees: rendered text (innerText leaves out what is hidden)
# and whether elements are visible, as JSON.
SEEN = r"""
(() => {
  const visible = el => el.checkVisibility();
  const rows = Array.from(document.querySelectorAll('#matrix tr.case')).map(tr =>
    Array.from(tr.children).map(c => c.innerText.trim()));
  const open = Array.from(document.querySelectorAll('details.cell-details')).filter(visible);
  return JSON.stringify({
    header: Array.from(document.querySelectorAll('#matrix thead th')).map(th => th.innerText.trim()),
    rows: rows,
    implementations: Array.from(document.querySelectorAll('#implementations tr.impl')).map(tr => tr.innerText),
    run: document.getElementById('run').innerText,
    openDetails: open.map(d => ({id: d.id, text: d.innerText,
                                 top: d.getBoundingClientRect().top, height: window.innerHeight})),
  });
})()
"""


def seen(browser):
    return json.loads(browser.evaluate(SEEN))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conformance", required=True)
    ap.add_argument("--reference-adapter", required=True)
    ap.add_argument("--python-adapter", required=True)
    ap.add_argument("--python", required=True)
    a = ap.parse_args()

    chromium = shutil.which("chromium")
    if chromium is None:
        print("report-page-test: chromium not found; scripts/install-deps.sh installs it "
              "(Debian package chromium)", file=sys.stderr)
        return 1

    work = tempfile.mkdtemp(prefix="seqex-report-page-")
    try:
        ref = shlex.quote(a.reference_adapter)
        matrix = {"implementations": [
            {"name": "reference", "command": ref},
            {"name": "python", "command": shlex.quote(a.python) + " " + shlex.quote(a.python_adapter)},
            {"name": "faulty", "command": ref + " --fault=out-of-order-redelivery"},
        ]}
        with open(os.path.join(work, "matrix.json"), "w") as f:
            json.dump(matrix, f)
        page = os.path.join(work, "matrix.html")
        run = subprocess.run([a.conformance, "--matrix", os.path.join(work, "matrix.json"), "--cases",
                              "adapter.init-default,R5,sec7.net-random-loss", "--short", "--seed", "1",
                              "--quiet", "--report-html", page],
                             capture_output=True, text=True, timeout=600)
        print(run.stdout)
        check(run.returncode == 1, "the matrix fails (the faulty implementation), exit 1: got %d" % run.returncode)
        if not check(os.path.exists(page), "the page was written"):
            return 1

        browser = Browser(chromium, os.path.join(work, "profile"))
        try:
            browser.attach()
            browser.load("file://" + page)
            s = seen(browser)
            check(s["header"][:2] == ["case", "level"] and s["header"][2:] == [
                "reference", "python", "faulty", "reference vs python", "reference vs faulty",
                "python vs faulty"], "columns: the implementations, then each pair: %s" % s["header"])
            rows = {r[0]: r for r in s["rows"]}
            check(len(s["rows"]) == 13, "13 case rows (adapter.init-default, the 11 R5 cases, "
                  "sec7.net-random-loss): %d" % len(s["rows"]))
            check(rows.get("R5.dup-of-out-of-order", [])[1:] == ["MUST", "pass", "pass", "fail", "—", "—", "—"],
                  "R5.dup-of-out-of-order row reads: %s" % rows.get("R5.dup-of-out-of-order"))
            check(rows.get("sec7.net-random-loss", [])[1:] == ["MUST", "pass", "pass", "fail", "pass", "fail",
                                                               "fail"],
                  "sec7.net-random-loss row reads: %s" % rows.get("sec7.net-random-loss"))
            faulty = [t for t in s["implementations"] if t.startswith("faulty")]
            check(len(faulty) == 1 and "R5: R5.dup-of-out-of-order; sec7: sec7.net-random-loss" in faulty[0],
                  "the faulty implementation's failing rules are shown: %s" % faulty)
            check("seqex-conformance 2" in s["run"] and "seed 1" in s["run"],
                  "the suite's version and seed are shown: %s" % s["run"])
            check(s["openDetails"] == [], "no cell's details are shown before a click")

            # A person clicks the failing cell.
            browser.evaluate("document.getElementById('case-R5.dup-of-out-of-order')"
                             ".querySelector('td.fail a').click()")
            browser.evaluate("new Promise(r => setTimeout(r, 300))")
            s = seen(browser)
            opened = s["openDetails"]
            check(len(opened) == 1 and opened[0]["id"] == "d2-R5.dup-of-out-of-order",
                  "the click shows that cell's details and only them: %s" % [d["id"] for d in opened])
            if opened:
                text = opened[0]["text"]
                check("iut> init 0 250 0 64" in text and "iut< deliver " in text,
                      "its transcript is shown")
                check("R5.dup-of-out-of-order fail (MUST, SPEC R1, R5)" in text, "its outcome and rule")
                check("--fault=out-of-order-redelivery' --cases R5.dup-of-out-of-order --seed 1 --short" in text,
                      "its replay command")
                check(0 <= opened[0]["top"] < opened[0]["height"], "scrolled into view (top %.0f of %d)"
                      % (opened[0]["top"], opened[0]["height"]))

            # A link to one cell (a pair's) opens it directly.
            browser.load("about:blank")  # a new load, not a same-page jump
            browser.load("file://" + page + "#d4-sec7.net-random-loss")
            s = seen(browser)
            opened = s["openDetails"]
            check(len(opened) == 1 and opened[0]["id"] == "d4-sec7.net-random-loss",
                  "a #fragment opens that cell: %s" % [d["id"] for d in opened])
            if opened:
                text = opened[0]["text"]
                check("reference vs faulty: sec7.net-random-loss fail" in text, "the pair cell's title")
                check("state of" in text or "invariant" in text, "the pair cell's failure and transcript")
                check("--peer " in text and "--fault=out-of-order-redelivery" in text,
                      "its replay command names the peer")
        finally:
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print("\n%d check(s) failed" % len(FAILURES))
        return 1
    print("\nevery check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
