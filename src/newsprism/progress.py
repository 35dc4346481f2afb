"""Progress bars on stderr for anything that may take more than a couple of seconds."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")

# Below this many items a bar is noise: the job is over before it is read.
MIN_ITEMS_FOR_BAR = 6


@contextmanager
def progress_bar(console: Console, enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        yield progress


def track(
    items: Iterable[T], total: int | None, description: str, console: Console, quiet: bool = False
) -> Iterator[T]:
    """Iterate `items`, showing a bar when there are enough of them and output is wanted."""
    enabled = not quiet and (total is None or total >= MIN_ITEMS_FOR_BAR) and console.is_terminal
    with progress_bar(console, enabled) as progress:
        if progress is None:
            yield from items
            return
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)
