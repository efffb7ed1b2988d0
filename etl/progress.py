"""Progress of long stages: a rich progress bar on a terminal, plain log lines everywhere else."""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from etl.terminal import printable

log = logging.getLogger("secmeet")


@contextmanager
def progress(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)` for a stage of `total` items; bars on a terminal, a line per tenth otherwise."""
    if total <= 0:
        yield lambda n=1: None
        return
    # A description may name an input: no control character of it reaches the terminal.
    description = printable(description)
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True)) as bar:
            task = bar.add_task(description, total=total)
            yield lambda n=1: bar.advance(task, n)
        return
    done, step = 0, max(1, total // 10)

    def advance(n: int = 1) -> None:
        nonlocal done
        before, done = done, done + n
        if done // step > before // step or done == total:
            print(f"{description}: {done}/{total}", file=sys.stderr, flush=True)

    yield advance
