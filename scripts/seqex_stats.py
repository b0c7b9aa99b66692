"""Statistics over seeds: bootstrap 95% confidence intervals, deterministic.

The C++ program measures one run; everything across runs is computed here,
from the per-run rows (summary.csv) and per-exchange records
(<run_id>.exchanges.csv):

  mean over seeds     the mean of one metric over the ok runs of a point,
                      with an expanded percentile-bootstrap 95% interval
                      (resampling the runs, MEAN_RESAMPLES times; the
                      interval's half-widths are widened by
                      sqrt(n / (n - 1)) * t(n - 1) / z, Hesterberg's
                      correction of the plain percentile bootstrap, which
                      covers only about 88% at n = 10; then cut to the
                      runs' range, which no mean of resampled runs leaves)
  pooled percentile   a percentile of all the point's exchanges pooled over
                      its ok runs (nearest rank, as the C++ metrics), with a
                      cluster-bootstrap 95% interval: the runs are resampled
                      with replacement and their exchanges pooled again,
                      POOLED_RESAMPLES times (exchanges within a run are not
                      independent, runs are)

The generator is seeded with BOOTSTRAP_SEED: the same rows give the same
intervals, so committed tables and figures replay. With one run the interval
is that run's value (no spread can be estimated; the tables say n = 1).
"""

import math

import numpy as np

BOOTSTRAP_SEED = 20261207
MEAN_RESAMPLES = 10000
POOLED_RESAMPLES = 2000
CONFIDENCE = 0.95


class Estimate:
    """A value with its 95% interval and the number of runs behind it."""

    def __init__(self, value, lo, hi, n):
        self.value, self.lo, self.hi, self.n = value, lo, hi, n

    def __repr__(self):
        return f"Estimate({self.value:g} [{self.lo:g}, {self.hi:g}], n={self.n})"


def _rng():
    return np.random.default_rng(BOOTSTRAP_SEED)


def _interval(samples):
    tail = (1.0 - CONFIDENCE) / 2.0 * 100.0
    lo, hi = np.percentile(samples, [tail, 100.0 - tail])
    return float(lo), float(hi)


_Z975 = 1.959963984540054


_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def _t975(df):
    """Student's t 97.5% quantile: the table to df 9, then the Cornish-Fisher
    expansion (within 0.01% from df 10)."""
    if df in _T975:
        return _T975[df]
    z = _Z975
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def mean_ci(values, resamples=MEAN_RESAMPLES):
    """Mean of `values` (one per run) with its bootstrap 95% interval."""
    v = np.asarray([x for x in values if x is not None and math.isfinite(x)], dtype=float)
    if v.size == 0:
        raise ValueError("mean_ci: no values")
    mean = float(v.mean())
    if v.size == 1:
        return Estimate(mean, mean, mean, 1)
    picks = _rng().integers(0, v.size, size=(resamples, v.size))
    lo, hi = _interval(v[picks].mean(axis=1))
    n = v.size
    widen = math.sqrt(n / (n - 1)) * _t975(n - 1) / _Z975
    # A mean of resampled runs cannot leave the runs' range: the widened
    # interval is cut there (so a count's interval never goes below 0).
    lo = max(mean - widen * (mean - lo), float(v.min()))
    hi = min(mean + widen * (hi - mean), float(v.max()))
    return Estimate(mean, lo, hi, int(n))


def nearest_rank(sorted_values, q):
    """The nearest-rank q-quantile (0 < q <= 1) of an ascending array."""
    n = len(sorted_values)
    rank = min(max(int(math.ceil(q * n)), 1), n)
    return float(sorted_values[rank - 1])


def pooled_percentile_ci(groups, q, resamples=POOLED_RESAMPLES):
    """The q-quantile of the values of all `groups` (one list per run)
    pooled, with a cluster-bootstrap 95% interval over the runs."""
    groups = [np.sort(np.asarray(g, dtype=float)) for g in groups if len(g) > 0]
    if not groups:
        raise ValueError("pooled_percentile_ci: no values")
    pooled = np.sort(np.concatenate(groups))
    value = nearest_rank(pooled, q)
    if len(groups) == 1:
        return Estimate(value, value, value, 1)
    rng = _rng()
    samples = np.empty(resamples)
    for i in range(resamples):
        picks = rng.integers(0, len(groups), size=len(groups))
        resampled = np.concatenate([groups[j] for j in picks])
        rank = min(max(int(math.ceil(q * resampled.size)), 1), resampled.size)
        samples[i] = np.partition(resampled, rank - 1)[rank - 1]
    lo, hi = _interval(samples)
    return Estimate(value, lo, hi, len(groups))
