"""What a sandbox child does with one request: run a submission's answer cells, then either
report which cells finished (``prerun``: a JSON frame per cell as it ends) or call one graded
item on its hidden cases (``item``). Everything it writes back is plain data, never a pickle:
a JSON header that gives every output's shape, then the outputs' float64 values,
little-endian, one after another (no format with a header of its own to trust)."""

from __future__ import annotations

import contextlib
import io
import json
import pickle
import warnings
from typing import Any

import numpy as np

from autograder.inside.calls import Run, call
from autograder.inside.helpers import answered
from autograder.inside.wire import write_frames
from autograder.student.checks.common import helpers_swapped


def handle(request: dict[str, Any], blobs: list[bytes], fd: int) -> None:
    """Serve ``request``, whose ``blobs`` are the pickled setup and (for an item) job written
    by the trusted grader and opened only here, writing the reply to ``fd``."""
    setup = pickle.loads(blobs[0])
    namespace = dict(setup["namespace"], __name__="__main__")
    cells = [(i, source) for i, (_, source) in enumerate(request["cells"])]
    cells = [(i, source) for i, source in cells if i not in request["skip"]]
    if request["kind"] == "prerun":
        for index, source in cells:
            error = _execute(source, index, namespace)
            write_frames(fd, json.dumps({"cell": index, "error": error}).encode())
        return
    for index, source in cells:
        _execute(source, index, namespace)
    job = pickle.loads(blobs[1])
    graded = namespace.get(job["python_name"])
    if graded is None:
        _write_frames(fd, {"found": False, "runs": []}, [])
        return
    fn = job["adapt"](graded)
    # Helpers answer from the grader's recording, or else with the submission's own code.
    helpers = {
        name: answered(calls, _own(namespace, name)) for name, calls in job["helpers"].items()
    }
    with helpers_swapped(graded, helpers):
        runs = [call(fn, args, job["n_outputs"]) for args in job["cases"]]
    _write_frames(fd, *_encode(runs))


def _own(namespace: dict[str, Any], name: str) -> Any:
    """The submission's own ``name``, or ``Owner.method`` of its class ``Owner``, if any."""
    owner, _, method = name.partition(".")
    found = namespace.get(owner)
    return getattr(found, method, None) if method and found is not None else found


def _execute(source: str, index: int, namespace: dict[str, Any]) -> str | None:
    """Run one answer cell; the name of what it raised, if it raised."""
    try:
        code = compile(source, f"<answer cell {index + 1}>", "exec")
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        ):
            warnings.simplefilter("ignore")
            exec(code, namespace)  # the student's own code, inside the sandbox
    except BaseException as exc:  # SystemExit, KeyboardInterrupt: the next cell still runs
        return type(exc).__name__
    return None


def _encode(runs: list[Run]) -> tuple[dict[str, Any], list[np.ndarray]]:
    header: dict[str, Any] = {"found": True, "runs": []}
    arrays: list[np.ndarray] = []
    for run in runs:
        outputs = run.outputs or ()
        header["runs"].append(
            {
                "error": run.error,
                "unreadable": run.unreadable,
                "modified": run.modified_input,
                "shapes": None if run.outputs is None else [list(a.shape) for a in outputs],
            }
        )
        arrays += outputs
    return header, arrays


def _write_frames(fd: int, header: dict[str, Any], arrays: list[np.ndarray]) -> None:
    values = b"".join(np.ascontiguousarray(a, dtype="<f8").tobytes() for a in arrays)
    write_frames(fd, json.dumps(header).encode(), values)
