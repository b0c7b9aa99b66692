"""Each transport against a model (scenario tcp-validation, doc/tcp-baseline.md).

tcp_bulk_vs_pftk: bulk TCP goodput under loss on the data direction beside
the Padhye-Firoiu-Towsley-Kurose throughput, evaluated per run with that
run's own loss rate and SRTT.

seqex_window_goodput: SEQEX goodput of one-packet exchanges on a clean link
beside its window limit, floor(W/2) payloads per round trip, capped by the
link.
"""

import math
import re

from seqex_figures.style import new_figure
from seqex_results import MissingData, summary_rows

SCENARIO = "tcp-validation"

# Header bytes around a TCP segment's payload on the link: TCP 20 + the
# timestamp option 12, IPv4 20, PPP 2.
TCP_FRAME_OVERHEAD = 54
_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
_RATES = {"bps": 1.0, "kbps": 1e3, "Kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9, "Tbps": 1e12}


def seconds(text):
    """'20ms' -> 0.02 (the flag table's time format, as in summary.csv); a
    number is already seconds (the Python binding's typed summary)."""
    if isinstance(text, (int, float)):
        return float(text)
    m = re.fullmatch(r"([0-9.eE+-]+)(ns|us|ms|s)", str(text))
    if not m:
        raise MissingData(f"{SCENARIO}: cannot read the time {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def bits_per_second(text):
    """'10Mbps' -> 1e7 (the flag table's rate format); a number is already
    bits per second."""
    if isinstance(text, (int, float)):
        return float(text)
    m = re.fullmatch(r"([0-9.eE+-]+)([A-Za-z]+)", str(text))
    if not m or m.group(2) not in _RATES:
        raise MissingData(f"{SCENARIO}: cannot read the rate {text!r}")
    return float(m.group(1)) * _RATES[m.group(2)]


def pftk_bytes_per_second(mss, rtt, p, t0, b):
    """Padhye et al. (SIGCOMM 1998), eq. 31: the throughput of a Reno flow
    with loss rate p, round trip rtt, first timeout t0, b packets per ACK."""
    if p <= 0:
        return math.inf
    denominator = rtt * math.sqrt(2 * b * p / 3) + t0 * min(1.0, 3 * math.sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p)
    return mss / denominator


def pftk_mbps(row):
    """The model for one bulk run, from its own measurements: p = packets
    lost on the data direction / sent there, RTT = its mean SRTT, T0 = SRTT +
    tcpMinRto (the baseline's RTO with RTTVAR small), b = tcpDelAckCount
    (ns-3's NewReno grows its window per ACK, and an ACK covers that many
    segments); capped at the link's payload rate."""
    mss = float(row["tcpSegmentSize"])
    rtt = float(row["transport_srtt_mean_us"]) * 1e-6
    p = float(row["link_forward_lost"]) / float(row["link_forward_tx_packets"])
    t0 = rtt + seconds(row["tcpMinRto"])
    b = float(row["tcpDelAckCount"])
    cap = bits_per_second(row["bandwidth"]) / 8 * mss / (mss + TCP_FRAME_OVERHEAD)
    return min(pftk_bytes_per_second(mss, rtt, p, t0, b), cap) * 8 / 1e6


def window_limit_mbps(row):
    """floor(W/2) payloads of `size` bytes per round trip (the core's payload
    budget, doc/core.md), per channel, capped at the link's payload rate.
    The round trip: both propagation delays, the answer delay, and the
    serialisation of the data frame and of its Ack (their mean sizes on the
    link, from the run)."""
    rate = bits_per_second(row["bandwidth"])
    size = float(row["size"])
    data_frame = float(row["link_forward_tx_bytes"]) / float(row["link_forward_tx_packets"])
    ack_frame = float(row["link_reverse_tx_bytes"]) / float(row["link_reverse_tx_packets"])
    rtt = 2 * seconds(row["delay"]) + seconds(row["answerDelay"]) + (data_frame + ack_frame) * 8 / rate
    budget = math.floor(float(row["window"]) / 2) * float(row["channels"])
    return min(budget * size * 8 / rtt, rate * size / data_frame) / 1e6


def _by_point(rows, key, x):
    """{key: {x: [rows]}}"""
    out = {}
    for r in rows:
        out.setdefault(key(r), {}).setdefault(r[x], []).append(r)
    return out


def _ok(rows, what):
    ok = [r for r in rows if r.get("status") == "ok"]
    if not ok:
        raise MissingData(f"{SCENARIO}: no {what} run has status ok")
    return ok


def tcp_bulk_vs_pftk(results):
    rows = summary_rows(results, SCENARIO, ("loss", "goodput_mbps", "transport_srtt_mean_us",
                                            "link_forward_lost", "link_forward_tx_packets"))
    rows = _ok([r for r in rows if r.get("workload") == "bulk"], "bulk TCP")
    fig, ax = new_figure()
    styles = {"newreno": ("s", "C0"), "cubic": ("o", "C1")}
    for variant, by_loss in sorted(_by_point(rows, lambda r: r["tcpVariant"], "loss").items()):
        marker, colour = styles.get(variant, ("^", "C2"))
        xs, sim, lo, hi, model = [], [], [], [], []
        for loss, runs in sorted(by_loss.items()):
            g = [r["goodput_mbps"] for r in runs]
            xs.append(loss * 100)
            sim.append(sum(g) / len(g))
            lo.append(sim[-1] - min(g))
            hi.append(max(g) - sim[-1])
            model.append(sum(pftk_mbps(r) for r in runs) / len(runs))
        ax.errorbar(xs, sim, yerr=[lo, hi], marker=marker, color=colour, linestyle="none", capsize=3,
                    label=f"simulation, TCP {variant} ({len(runs)} seeds, bars min-max)")
        ax.plot(xs, model, color=colour, linestyle="--", label=f"PFTK model, {variant} runs' p and SRTT")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title("Bulk TCP (1 connection) vs the PFTK model")
    ax.set_xlabel("packet loss on the data direction (%, configured; model uses the measured rate)")
    ax.set_ylabel("goodput, data direction (Mbit/s, application bytes)")
    ax.legend(fontsize="small")
    return fig


def seqex_window_goodput(results):
    rows = summary_rows(results, SCENARIO, ("window", "goodput_mbps", "link_forward_tx_bytes",
                                            "link_reverse_tx_packets"))
    rows = _ok([r for r in rows if r.get("transport") == "seqex"], "SEQEX")
    by_window = _by_point(rows, lambda r: int(r["channels"]), "window")
    fig, ax = new_figure()
    for channels, points in sorted(by_window.items()):
        xs = sorted(points)
        sim = [sum(r["goodput_mbps"] for r in points[w]) / len(points[w]) for w in xs]
        model = [sum(window_limit_mbps(r) for r in points[w]) / len(points[w]) for w in xs]
        ax.plot(xs, sim, marker="o", linestyle="none", color="C0", label=f"simulation, SEQEX {channels} ch")
        ax.plot(xs, model, linestyle="--", color="C3", label="model: min(floor(W/2) x size / RTT, link)")
    ax.set_xscale("log", base=2)
    ax.set_title("SEQEX window-limited goodput (clean link, one-packet exchanges)")
    ax.set_xlabel("window capacity W (packets)")
    ax.set_ylabel("goodput, data direction (Mbit/s, application bytes)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small")
    return fig
