"""The testbed's figures, one module and one function per figure.

Each function takes the results directory and returns a matplotlib Figure,
or raises seqex_results.MissingData saying what it lacked.
"""

from seqex_figures.fairness import fairness
from seqex_figures.goodput_vs_loss import goodput_vs_loss
from seqex_figures.hol_vs_channels import hol_vs_channels
from seqex_figures.latency_cdf import latency_cdf
from seqex_figures.reset_timeline import reset_timeline
from seqex_figures.retx_vs_loss import retx_vs_loss
from seqex_figures.tcp_validation import seqex_window_goodput, tcp_bulk_vs_pftk

# Output name (without extension) -> figure function, in the order plotted.
FIGURES = {
    "goodput_vs_loss": goodput_vs_loss,
    "latency_cdf": latency_cdf,
    "hol_vs_channels": hol_vs_channels,
    "retx_overhead_vs_loss": retx_vs_loss,
    "reset_timeline": reset_timeline,
    "fairness": fairness,
    "tcp_bulk_vs_pftk": tcp_bulk_vs_pftk,
    "seqex_window_goodput": seqex_window_goodput,
}
