"""typeset.beside: work in a forked child, with the same result as in this process."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from typeset import beside as b

needs_fork = pytest.mark.skipif(not b.can_fork(), reason="no fork, or a single core")


@needs_fork
def test_the_work_runs_in_another_process_and_its_value_comes_back() -> None:
    here = os.getpid()
    later = b.beside(lambda: (os.getpid(), ["entry " * 3] * 5_000))
    pid, value = later()
    assert pid != here  # a child did it
    assert value == ["entry " * 3] * 5_000  # more than a pipe's buffer, read whole


def test_not_worth_it_runs_here_and_only_when_asked() -> None:
    calls: list[int] = []
    later = b.beside(lambda: calls.append(os.getpid()) or len(calls), worth_it=False)
    assert calls == []  # in the order of the sequential code: nothing yet
    assert later() == 1 and calls == [os.getpid()]


@needs_fork
def test_a_child_killed_by_a_signal_is_redone_here() -> None:
    here = os.getpid()

    def work() -> int:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()

    assert b.beside(work)() == here


@needs_fork
def test_an_error_in_the_child_is_raised_here_by_running_the_work_again() -> None:
    here = os.getpid()
    runs: list[int] = []

    def work() -> None:
        runs.append(os.getpid())  # the child's append is not seen here
        raise ValueError(f"bad entry (in {'parent' if os.getpid() == here else 'child'})")

    with pytest.raises(ValueError, match=r"bad entry \(in parent\)"):
        b.beside(work)()
    assert runs == [here]


@needs_fork
def test_an_unpicklable_result_is_computed_here() -> None:
    here = os.getpid()
    assert b.beside(lambda: (os.getpid(), (lambda: 1) if os.getpid() != here else None))() \
        == (here, None)


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not b.can_fork()
        assert b.beside(os.getpid)() == os.getpid()
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_a_child_whose_value_is_not_wanted_is_stopped_and_reaped() -> None:
    def slow() -> bytes:
        time.sleep(30)
        return b"x" * 200_000  # more than a pipe holds: it would block on the write

    started = time.monotonic()
    with pytest.raises(RuntimeError), b.beside(slow) as later:
        pid = later._pid
        assert pid is not None
        raise RuntimeError("the caller fails first")
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):  # killed and already reaped
        os.waitpid(pid, os.WNOHANG)
