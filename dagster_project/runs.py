"""Run hygiene: a run whose process died (SIGKILL, the OOM killer, a closed terminal) is marked failed.

Runs launched by the daemon are watched by Dagster's run monitoring (`run_monitoring` in dagster.yaml).
A command-line run executes in the `secmeet` process itself, which no launcher watches: it records its
host, process id and that process's start time as tags, and the next `secmeet run`, the UI's start
and the `dead_run_sweeper` sensor mark it failed once that process is gone, so it never holds one of the
instance's run slots forever.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import dagster as dg

HOST_TAG = "secmeet/host"
PID_TAG = "secmeet/pid"
STARTED_TAG = "secmeet/process_started"
IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def process_start_time(pid: int) -> str | None:
    """When the process started (clock ticks since boot, from /proc), which tells a reused pid apart; None
    when there is no such process. Without /proc, "alive" when the process exists."""
    if not Path("/proc/self/stat").exists():  # no /proc (macOS): whether the process exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "alive"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and brackets: fields are counted after its last ')'.
    return stat[stat.rindex(")") + 2:].split()[19]


def owner_tags() -> dict[str, str]:
    """Tags naming this process as the owner of an in-process run."""
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid()),
            STARTED_TAG: process_start_time(os.getpid()) or "alive"}


def owner_is_gone(tags: dict[str, str], started: Callable[[int], str | None] = process_start_time) -> bool:
    """True when the tags name a process of this host that no longer runs (or whose pid now belongs to a
    later process); False for other hosts, which this one cannot see, and for runs without owner tags."""
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG, "").isdigit():
        return False
    now = started(int(tags[PID_TAG]))
    return now is None or (now != "alive" and tags.get(STARTED_TAG) not in (None, "alive", now))


def fail_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every in-progress run whose owning process is gone; the ids of the runs marked."""
    marked = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS)):
        if owner_is_gone(run.tags):
            instance.report_run_failed(
                run, message=f"The process that ran this run (pid {run.tags[PID_TAG]} on {run.tags[HOST_TAG]}) "
                             "ended without finishing it: killed, out of memory or its terminal closed.")
            marked.append(run.run_id)
    return marked
