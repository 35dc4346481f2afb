"""Joining (or starting) a Ray cluster for one ingest, with the dashboard and usage reporting
off, and Ray Data set up for an ordered, memory-bounded stream."""

from __future__ import annotations

import logging
import os
import secrets
import sys
import warnings
from contextlib import contextmanager
from typing import Iterator

# Set before Ray is imported anywhere in this process: no usage report leaves the machine.
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


BLOCK_BYTES = 256 * 1024


@contextmanager
def ray_session(address: str | None, num_cpus: int | None = None) -> Iterator[None]:
    """Use the Ray connection this process already has, else connect to `address`, else
    start a private single-node instance (shut down again on exit)."""
    if "ray" in sys.modules and sys.modules["ray"].is_initialized():
        yield
        return
    if address is None:
        _private_instance_environment()
    import ray

    private = {"num_cpus": num_cpus, "include_dashboard": False} if address is None else {}
    ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR, **private)
    try:
        yield
    finally:
        ray.shutdown()


def _private_instance_environment() -> None:
    if "ray" not in sys.modules:
        # A private instance listens on loopback only. Ray reads this switch (named for its
        # desktop platforms) once, when it is first imported.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    if not any(k in os.environ for k in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")):
        # Ray would otherwise write a token file into the home directory; a private instance
        # gets a fresh token held only in this process's (and its children's) environment.
        os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)


def cluster_cpus() -> int:
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def configure_data_context() -> None:
    """Ordered output (the driver commits in input order, as the local engine does) and no
    Ray progress bars (the driver shows its own)."""
    from ray.data import DataContext

    context = DataContext.get_current()
    context.execution_options.preserve_order = True
    # Blocks of a few dozen articles: one big input file must still spread over every actor
    # (a block goes to one actor), and small blocks keep the stream's memory fine-grained.
    context.target_max_block_size = BLOCK_BYTES
    context.enable_progress_bars = False
    if hasattr(context, "print_on_execution_start"):
        context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    # One input file gives one read task; Ray's hint about unused read concurrency is noise.
    warnings.filterwarnings("ignore", message=r".*only received \d+ input", category=UserWarning)
