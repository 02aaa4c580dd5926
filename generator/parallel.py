"""Work spread over the machine's cores by forking, so workers share the built model without copying it.

A county's build is quick either way; a province's is not, and every stage that is the same work for
each file or page (parsing records, rendering pages) splits cleanly. Forking exists on Linux, where CI
and servers run; elsewhere (or with ZDXM_WORKERS=1) everything runs in this process, with the same result.
Only results travel between processes (pickled through a pipe); the work itself is never pickled.
Results are trees of plain values (records, pages, file lists): they are pickled without pickle's memo
of every object already written, which halves the time a province's parsed records take to hand over.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_SMALL = 200  # below this many items, starting processes costs more than it saves


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
    pickler.dump((True, value))
    return buffer.getvalue()


def _child_main(function: Callable[[], object], connection) -> None:
    try:
        connection.send_bytes(_tree_pickle(function()))
    except BaseException as error:  # handed to the parent, which raises it there
        try:
            connection.send((False, error))
        except Exception:
            connection.send((False, RuntimeError(repr(error))))
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
            self._connection, child = context.Pipe(duplex=False)
            if held:
                signal, self._release = context.Pipe(duplex=False)
                function = _after(signal, function)
            self._process = context.Process(target=_child_main, args=(function, child), daemon=True)
            # The child's garbage collector would otherwise visit every object inherited from this
            # process, copying the pages that hold them: for a province's model, more time than it saves.
            # They stay frozen here too (a build unfreezes everything when it ends): freezing only keeps
            # objects out of the cycle collector's walks, and reference counting still frees them.
            gc.freeze()
            self._process.start()
            child.close()
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
            raise RuntimeError(f"后台进程意外退出（退出码 {self._process.exitcode}）") from None
        self._process.join()
        if not ok:
            raise value
        return value


def chunks_as_done(function: Callable[[Sequence[Item]], Result], items: Sequence[Item], *,
                   worth_it: bool | None = None, dealt: bool = False) -> Iterator[Result]:
    """`function` applied to chunks of `items`, one chunk per worker; this process takes the first chunk
    itself and hands its result over before waiting for the others, so the caller can get on with it.

    Chunks are consecutive runs, results in order; or, with `dealt`, items dealt out in turn, so that
    a few heavy items among light ones spread evenly. By default it is worth forking for many items."""
    worth_it = len(items) >= _SMALL if worth_it is None else worth_it
    count = min(workers(), len(items)) if worth_it else 1
    if count <= 1:
        yield function(items)
        return
    if dealt:
        chunks = [items[start::count] for start in range(count)]
    else:
        size = -(-len(items) // count)
        chunks = [items[start:start + size] for start in range(0, len(items), size)]
    others = [Background(lambda chunk=chunk: function(chunk), fork=True) for chunk in chunks[1:]]
    yield function(chunks[0])
    for other in others:
        yield other.result()


def map_chunks(function: Callable[[Sequence[Item]], Result], items: Sequence[Item], **options: bool) -> list[Result]:
    """`chunks_as_done`, all of it."""
    return list(chunks_as_done(function, items, **options))
