"""Atomic file writing: a crash never leaves a half-written output behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through ``write`` into a temporary file beside ``path``, then rename it over
    ``path`` (``os.replace`` is atomic on one file system)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomically(path: Path, data: bytes) -> None:
    def write(stream: BinaryIO) -> None:
        stream.write(data)

    write_atomically(path, write)


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def check_output_path(output: Path, inputs: list[Path], force: bool) -> None:
    """Refuse to write over an input, or over an existing file unless ``force``.

    Raises :class:`FileExistsError` with a one-line message.
    """
    for source in inputs:
        if output.resolve() == source.resolve():
            raise FileExistsError(f"{output}: refusing to overwrite the input file")
    if output.exists() and not force:
        raise FileExistsError(f"{output}: already exists (give --force to replace it)")
