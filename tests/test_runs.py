"""Run hygiene: a run whose process died is marked failed, a live one and another host's are left alone."""
from __future__ import annotations

import socket
import subprocess
import sys
import uuid

import dagster as dg
import pytest
from dagster._core.storage.dagster_run import DagsterRun

from dagster_project import runs


def tags_of(pid: int, started: str, host: str | None = None) -> dict[str, str]:
    return {runs.HOST_TAG: host or socket.gethostname(), runs.PID_TAG: str(pid), runs.STARTED_TAG: started}


def finished_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_live_owner_is_not_gone():
    assert not runs.owner_is_gone(runs.owner_tags())


def test_an_ended_owner_is_gone():
    assert runs.owner_is_gone(tags_of(finished_pid(), "12345"))


def test_a_pid_reused_by_a_later_process_is_gone():
    assert runs.owner_is_gone(tags_of(4242, "100"), started=lambda pid: "999")
    assert not runs.owner_is_gone(tags_of(4242, "100"), started=lambda pid: "100")


@pytest.mark.parametrize("tags", [
    {},
    {runs.PID_TAG: "not a pid", runs.HOST_TAG: socket.gethostname()},
    tags_of(1, "1", host="another-machine.example"),
])
def test_runs_without_owner_or_of_another_host_are_left_alone(tags):
    assert not runs.owner_is_gone(tags, started=lambda pid: None)


def add_run(instance: dg.DagsterInstance, status: dg.DagsterRunStatus, tags: dict[str, str]) -> str:
    run_id = str(uuid.uuid4())
    instance.add_run(DagsterRun(job_name="build_warehouse", run_id=run_id, status=status, tags=tags))
    return run_id


def test_fail_dead_runs_marks_only_the_runs_whose_process_died(tmp_path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        dead = add_run(instance, dg.DagsterRunStatus.STARTED, tags_of(finished_pid(), "1"))
        alive = add_run(instance, dg.DagsterRunStatus.STARTED, runs.owner_tags())
        launched = add_run(instance, dg.DagsterRunStatus.STARTED, {})
        done = add_run(instance, dg.DagsterRunStatus.SUCCESS, tags_of(finished_pid(), "1"))
        assert runs.fail_dead_runs(instance) == [dead]
        status = {run_id: instance.get_run_by_id(run_id).status for run_id in (dead, alive, launched, done)}
        assert runs.fail_dead_runs(instance) == []
    assert status == {dead: dg.DagsterRunStatus.FAILURE, alive: dg.DagsterRunStatus.STARTED,
                      launched: dg.DagsterRunStatus.STARTED, done: dg.DagsterRunStatus.SUCCESS}


def test_the_sweeper_sensor_frees_the_slot_of_a_dead_run(tmp_path):
    from dagster_project.defs.sensors import dead_run_sweeper

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        dead = add_run(instance, dg.DagsterRunStatus.STARTED, tags_of(finished_pid(), "1"))
        outcome = dead_run_sweeper(dg.build_sensor_context(instance=instance))
        assert isinstance(outcome, dg.SkipReason) and dead in outcome.skip_message
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE


def test_the_instance_settings_are_written_once_and_an_older_copy_gains_run_monitoring(tmp_path, monkeypatch):
    from dagster_project import cli

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    assert cli.ensure_dagster_home()
    written = (tmp_path / "home" / "dagster.yaml").read_text(encoding="utf-8")
    assert written == cli.INSTANCE_SETTINGS.read_text(encoding="utf-8")
    older = written[:written.index("# Runs launched by the daemon")] + "# a person's own line\n"
    (tmp_path / "home" / "dagster.yaml").write_text(older, encoding="utf-8")
    cli.ensure_dagster_home()
    upgraded = (tmp_path / "home" / "dagster.yaml").read_text(encoding="utf-8")
    assert "# a person's own line" in upgraded and upgraded.count("run_monitoring:") == 1
    cli.ensure_dagster_home()
    assert (tmp_path / "home" / "dagster.yaml").read_text(encoding="utf-8") == upgraded
    (tmp_path / "home" / "dagster.yaml").write_text("telemetry:\n  enabled: true\n", encoding="utf-8")
    cli.ensure_dagster_home()
    assert (tmp_path / "home" / "dagster.yaml").read_text(encoding="utf-8") == "telemetry:\n  enabled: true\n"
