"""Where sweep points run: a local process pool (the default), or the
workers of an existing Dask distributed cluster (--scheduler
tcp://HOST:PORT). Both run seqex_point.run_point on each point, so the
result files are the same either way; only the placement differs.

Dask (Debian's python3-distributed) is imported only for a cluster sweep.
"""

import concurrent.futures
import re
import socket
import uuid

try:  # inside the seqex Python package (build/bindings/seqex/)
    from . import seqex_point
except ImportError:  # scripts/
    import seqex_point


class EngineError(Exception):
    """The engine cannot run the sweep; the message says why and what to do."""


class LocalEngine:
    """`jobs` points at a time on this machine (threads, each waiting on
    one seqex-scenario process)."""

    def __init__(self, jobs):
        self.jobs = jobs
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
        self.description = f"{jobs} local process{'es' if jobs != 1 else ''}"

    def check(self, program_path, digest):
        problem = seqex_point.check_program(program_path, digest)
        if problem:
            raise EngineError(problem)

    def submit(self, spec):
        return self.pool.submit(seqex_point.run_point, spec)

    def as_completed(self, futures):
        return concurrent.futures.as_completed(futures)

    def stop(self, futures):
        """Drops the points not started and stops the running ones."""
        for f in futures:
            f.cancel()
        seqex_point.stop_running()

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """The workers of the Dask cluster whose scheduler is at `address`.
    Every worker must have the build at the same absolute path as this
    machine (checked by check(), and again by each point)."""

    def __init__(self, address, timeout=10):
        match = re.fullmatch(r"(tcp|tls)://(\[[0-9a-fA-F:]+\]|[^:/\[\]]+):(\d+)", address or "")
        if not match:
            raise EngineError(f"--scheduler: expected tcp://HOST:PORT (the scheduler's address), got '{address}'")
        host, port = match.group(2).strip("[]"), int(match.group(3))
        try:  # a closed port or unknown host answers at once; Dask would retry for `timeout`
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as e:
            raise EngineError(f"cannot reach the Dask scheduler at {address}: {e.strerror or e}") from None
        try:
            import cloudpickle
            import distributed
        except ImportError as e:
            raise EngineError(f"--scheduler needs Dask distributed ({e}); install python3-distributed "
                              "(scripts/install-deps.sh does) and run with /usr/bin/python3") from None
        # Workers need no copy of the sweep's code: the point function
        # travels with each task.
        cloudpickle.register_pickle_by_value(seqex_point)
        self.distributed = distributed
        try:
            self.client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise EngineError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        self.address = address
        self.description = f"the Dask cluster at {address}"

    def check(self, program_path, digest):
        workers = self.client.scheduler_info().get("workers", {})
        if not workers:
            raise EngineError(f"the Dask scheduler at {self.address} has no workers; start some with "
                              f"'dask worker {self.address}' (doc/sweeps.md)")
        answers = self.client.run(seqex_point.check_program, program_path, digest)
        problems = [f"worker {w}: {p}" for w, p in sorted(answers.items()) if p]
        if problems:
            raise EngineError("workers without the sweep's build:\n  " + "\n  ".join(problems))
        self.description = f"{len(workers)} Dask worker{'s' if len(workers) != 1 else ''} at {self.address}"

    def submit(self, spec):
        return self.client.submit(seqex_point.run_point, spec, pure=False,
                                  key=f"seqex-{spec['scenario']}-{spec['run_id']}-{uuid.uuid4().hex}")

    def as_completed(self, futures):
        return self.distributed.as_completed(futures, loop=self.client.loop)

    def stop(self, futures):
        """Cancels the points not finished. A point already running on a
        worker runs to its end there; its result is dropped."""
        self.client.cancel(list(futures))

    def close(self):
        self.client.close()
