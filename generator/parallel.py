"""Work spread over the machine's cores by forking, so workers share the built model without copying it.

A county's build is quick either way; a province's is not, and every stage that is the same work for
each file or page (parsing records, rendering pages) splits cleanly. Forking exists on Linux, where CI
and servers run; elsewhere (or with ZDXM_WORKERS=1) everything runs in this process, with the same result.
Only results travel between processes (pickled, through a pipe or a spool folder); the work itself is
never pickled.
Results are trees of plain values (records, pages, file lists): they are pickled without pickle's memo
of every object already written, which halves the time a province's parsed records take to hand over.
"""

from __future__ import annotations

import ctypes
import gc
import io
import multiprocessing
import multiprocessing.connection
import os
import pickle
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_SMALL = 200  # below this many items, starting processes costs more than it saves
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_SPOOL_PREFIX = "zdxm-pieces-"


def workers() -> int:
    wanted = os.environ.get("ZDXM_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    return min(os.cpu_count() or 1, 4) if sys.platform == "linux" else 1


def _tree_pickle(value: object) -> bytes:
    """`value` pickled without the memo: quicker, but shared objects are written twice and a cycle
    would never end, so only for results, which are trees."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def running(pid: int) -> bool:
    """Whether process `pid` still runs (on this machine). Where that cannot be told safely, it is taken
    to run: what is kept for it is only left over, never lost."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # Windows' os.kill(pid, 0) would send the process a Ctrl+C
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, which runs
        return True
    return True


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that forked it dies, even by `kill -9`: it would otherwise wait on
    its pipe for ever, or work on for nobody. Linux has the kernel send it SIGKILL then (prctl); elsewhere a
    thread watches for the parent to change."""
    if sys.platform == "linux":
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # it died before the signal was armed
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _orphan_proof(parent: int, target: Callable, *args: object) -> None:
    _die_with_parent(parent)
    target(*args)


def _fork(context, target: Callable, *args: object):
    """`target(*args, connection)` started in a forked process that dies with this one: the process, and
    this end of its pipe."""
    connection, child = context.Pipe(duplex=False)
    process = context.Process(target=_orphan_proof, args=(os.getpid(), target, *args, child), daemon=True)
    # The child's garbage collector would otherwise visit every object inherited from this process,
    # copying the pages that hold them: for a province's model, more time than it saves. They stay
    # frozen here too (a build unfreezes everything when it ends): freezing only keeps objects out of
    # the cycle collector's walks, and reference counting still frees them.
    gc.freeze()
    process.start()
    child.close()
    return process, connection


def _handed_over(error: BaseException) -> BaseException:
    """The error as the parent will raise it: itself, or its text where it cannot be pickled."""
    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(repr(error))
    return error


def _died(process) -> RuntimeError:
    return RuntimeError(f"后台进程意外退出（退出码 {process.exitcode}）")


def _child_main(function: Callable[[], object], connection) -> None:
    try:
        connection.send_bytes(_tree_pickle((True, function())))
    except BaseException as error:  # handed to the parent, which raises it there
        connection.send((False, _handed_over(error)))
    finally:
        connection.close()


def _after(signal, function: Callable[[], Result]) -> Callable[[], Result]:
    def held() -> Result:
        signal.recv()
        return function()

    return held


class Background(Generic[Result]):
    """`function()` run in a forked process (or at once, without forking); `result()` waits for it.

    With `held`, the process is made now and starts the work at `release()`: it shares this moment's
    memory, not what this process makes in between, and does not compete with it for the cores meanwhile."""

    def __init__(self, function: Callable[[], Result], fork: bool | None = None, held: bool = False) -> None:
        self._process = None
        self._release = None
        self._pending: Callable[[], Result] | None = None
        if fork if fork is not None else workers() > 1:
            context = multiprocessing.get_context("fork")
            if held:
                signal, self._release = context.Pipe(duplex=False)
                function = _after(signal, function)
            self._process, self._connection = _fork(context, _child_main, function)
        elif held:
            self._pending = function
        else:
            self._value = function()

    def release(self) -> None:
        """Start held work; harmless when it has started."""
        if self._release is not None:
            self._release.send(True)
            self._release.close()
            self._release = None
        elif self._pending is not None:
            self._value, self._pending = self._pending(), None

    def cancel(self) -> None:
        """Stop the work if it is still running (after a failure elsewhere); harmless once done."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()

    def result(self) -> Result:
        self.release()
        if self._process is None:
            return self._value
        try:
            ok, value = pickle.loads(self._connection.recv_bytes())  # before join: a result fills the pipe
        except EOFError:
            self._process.join()
            raise _died(self._process) from None
        self._process.join()
        if not ok:
            raise value
        return value


def shared_out(function: Callable[[Sequence[Item]], Result], items: Sequence[Item], *, piece: int = 1,
               worth_it: bool | None = None) -> Iterator[tuple[int, Result]]:
    """`function` applied to pieces of `items` (runs of `piece` items): each process takes the next piece
    whenever it is free, so all finish together however uneven the pieces. Yields (the piece's first
    index, its result) as pieces are done, in no set order.

    This process works too, and between its own pieces hands over what the others have finished, so the
    caller gets on with those results while the rest are being made. The others leave their results in a
    spool folder rather than a pipe: a full pipe would stop them until this process had time to read it.
    By default it is worth forking for many items."""
    starts = range(0, len(items), piece)
    worth_it = len(items) >= _SMALL if worth_it is None else worth_it
    count = min(workers(), len(starts)) if worth_it else 1
    if count <= 1:
        for start in starts:
            yield start, function(items[start:start + piece])
        return
    context = multiprocessing.get_context("fork")
    taken = context.Value("l", 0)

    def take() -> int | None:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        return starts[index] if index < len(starts) else None

    _remove_dead_spools()
    spool = Path(tempfile.mkdtemp(prefix=f"{_SPOOL_PREFIX}{os.getpid()}-"))

    def work(connection) -> None:
        while (start := take()) is not None:
            (spool / str(start)).write_bytes(_tree_pickle(function(items[start:start + piece])))
            connection.send(start)

    others = [_Worker(context, work) for _ in range(count - 1)]
    try:
        while True:
            for other in others:
                yield from other.finished(spool)
            start = take()
            if start is None:
                break
            yield start, function(items[start:start + piece])
        while others := [other for other in others if other.running]:
            multiprocessing.connection.wait([other.connection for other in others])
            for other in others:
                yield from other.finished(spool)
    finally:
        for other in others:
            other.stop()
        shutil.rmtree(spool, ignore_errors=True)


class _Worker:
    """A forked process running `work(connection)`; it sends the start of each piece it finishes, then
    None, or the error that stopped it."""

    def __init__(self, context, work: Callable) -> None:
        self.process, self.connection = _fork(context, self._main, work)
        self.running = True

    @staticmethod
    def _main(work: Callable, connection) -> None:
        try:
            work(connection)
            connection.send(None)
        except BaseException as error:  # handed to the parent, which raises it there
            connection.send(_handed_over(error))
        finally:
            connection.close()

    def finished(self, spool: Path) -> Iterator[tuple[int, object]]:
        """The pieces finished since last asked, without waiting."""
        while self.running and self.connection.poll():
            try:
                message = self.connection.recv()
            except EOFError:
                self._end()
                raise _died(self.process) from None
            if message is None:
                self._end()
            elif isinstance(message, BaseException):
                self._end()
                raise message
            else:
                path = spool / str(message)
                result = pickle.loads(path.read_bytes())
                path.unlink()
                yield message, result

    def _end(self) -> None:
        """The process has said its last: wait for it to exit."""
        self.running = False
        self.process.join()

    def stop(self) -> None:
        """Stop the process if it is still working (after a failure elsewhere); harmless once it has ended."""
        if self.running and self.process.is_alive():
            self.process.terminate()
        self._end()


def _remove_dead_spools() -> None:
    """Spool folders of processes that were killed before they could remove them."""
    pattern = re.compile(rf"^{_SPOOL_PREFIX}(\d+)-")
    with os.scandir(tempfile.gettempdir()) as entries:
        dead = [entry.path for entry in entries
                if (match := pattern.match(entry.name)) and entry.is_dir() and not running(int(match.group(1)))]
    for path in dead:
        shutil.rmtree(path, ignore_errors=True)
