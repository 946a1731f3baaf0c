"""Output folders that change all at once: never half-written, never mixing two runs.

A command writes its files into a fresh folder beside the output folder (``OUT.tmp-<pid>``)
and :func:`publish` moves it into place only when everything is written. Until then the
output folder holds the previous results, whole; a run killed before that leaves at most
its ``OUT.tmp-<pid>`` folder behind (delete it).

Every published folder holds a manifest, ``.scheduler-outputs.json``: the name and
SHA-256 of each file scheduler wrote there. It tells scheduler's own files, which a new run
may replace, from everything else in the folder (an instance, a plan edited by hand, the
user's notes), which :func:`check_output_folder` refuses to overwrite unless forced, and
which is never overwritten when it is an input of the command.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scheduler.io.files import write_text_atomically

MANIFEST = ".scheduler-outputs.json"
MAX_MANIFEST_BYTES = 1_000_000


class OutputConflict(Exception):
    """The output cannot go where it was asked to; a one-line message naming the path."""


def staging_folder(out: Path) -> Path:
    """The fresh folder a command writes into before :func:`publish` (beside ``out``)."""
    target = _target(out)
    return target.with_name(f"{target.name}.tmp-{os.getpid()}")


def check_output_folder(
    out: Path, names: Iterable[str], inputs: Iterable[Path], force: bool
) -> None:
    """Refuse (:class:`OutputConflict`) before any work is done when the files ``names``
    cannot be written into ``out``: ``out`` is a file or holds the current folder, one of
    them is an input of the command (never replaced, even with ``force``) or a folder, or,
    unless ``force``, a file scheduler did not write there or that was changed since.
    Also makes sure a staging folder can be made beside ``out`` (raises OSError if not).
    """
    target = _target(out)
    if target.exists() and not target.is_dir():
        raise OutputConflict(f"{out}: is a file, not a folder")
    if target == target.parent or Path.cwd().is_relative_to(target):
        raise OutputConflict(
            f"{out}: holds the current folder, so it cannot be replaced; "
            "give the outputs a folder of their own"
        )
    sources = list(inputs)
    written_before = read_manifest(target)
    for name in names:
        path = target / name
        if not path.exists() and not path.is_symlink():
            continue
        shown = out / name
        if any(_same_file(path, source) for source in sources):
            raise OutputConflict(
                f"{shown}: refusing to overwrite the input file (give another output folder)"
            )
        if path.is_dir() and not path.is_symlink():
            raise OutputConflict(f"{shown}: is a folder; refusing to replace it")
        if not force and written_before.get(name) != _digest(path):
            raise OutputConflict(
                f"{shown}: was not written by scheduler or was changed since "
                "(give --force to replace it)"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = staging_folder(out)
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    stage.rmdir()


def new_staging_folder(out: Path) -> Path:
    """Make the empty staging folder of ``out`` (a leftover of this process id is removed)."""
    stage = staging_folder(out)
    stage.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    return stage


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, out: Path, replace_earlier: bool) -> list[str]:
    """Move the files written into ``stage`` into place as ``out``, all at once.

    Everything else in ``out`` is kept (files by hard link or copy, folders moved), except,
    when ``replace_earlier``, the files an earlier run wrote there and nobody changed since
    (``solve``: the folder then holds this run's outputs only, never a mix of two runs).
    Returns the names written. ``stage`` is gone afterwards.
    """
    target = _target(out)
    written = sorted(entry.name for entry in os.scandir(stage))
    earlier = read_manifest(target)
    manifest = {
        name: digest
        for name, digest in earlier.items()
        if not replace_earlier and name not in written and (target / name).is_file()
    }
    manifest.update(
        {name: digest for name in written if (digest := _digest(stage / name)) is not None}
    )
    folders: list[str] = []
    if target.is_dir():
        for entry in os.scandir(target):
            name = entry.name
            if name == MANIFEST or name in written:
                continue
            if (
                replace_earlier
                and name in earlier
                and earlier[name] == _digest_or_none(target / name)
            ):
                continue  # an earlier output this run did not write again: dropped
            if entry.is_dir(follow_symlinks=False):
                folders.append(name)
            else:
                _link_or_copy(target / name, stage / name)
        shutil.copymode(target, stage)
    write_text_atomically(stage / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    if not target.exists():
        os.rename(stage, target)
        return written
    _exchange(stage, target)  # stage now holds the previous folder
    for name in folders:
        os.rename(stage / name, target / name)
    shutil.rmtree(stage, ignore_errors=True)
    return written


def read_manifest(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 of what scheduler wrote into ``folder``; empty if none or bad."""
    try:
        with open(folder / MANIFEST, "rb") as stream:
            raw = json.loads(stream.read(MAX_MANIFEST_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        name: digest
        for name, digest in raw.items()
        if isinstance(digest, str) and name == Path(name).name
    }


def _target(out: Path) -> Path:
    """The real folder ``out`` names (a symbolic link to a folder: the folder)."""
    return Path(os.path.realpath(out))


def _digest(path: Path) -> str | None:
    if not path.is_file() or path.is_symlink():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _digest_or_none(path: Path) -> str | None:
    try:
        return _digest(path)
    except OSError:
        return None


def _same_file(path: Path, source: Path) -> bool:
    try:
        return os.path.samefile(path, source)
    except OSError:
        return False


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # flag of renameat2


def _exchange(first: Path, second: Path) -> None:
    """Swap two folders: atomically with Linux's ``renameat2(RENAME_EXCHANGE)``; elsewhere
    by three renames (``second`` is then missing for an instant, its content whole under
    ``<second>.old-<pid>``)."""
    renameat2 = _renameat2()
    if renameat2 is not None:
        if (
            renameat2(
                _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
            )
            == 0
        ):
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(second))
    old = second.with_name(f"{second.name}.old-{os.getpid()}")
    os.rename(second, old)
    os.rename(first, second)
    os.rename(old, first)


def _renameat2() -> Any:
    """libc's ``renameat2`` (glibc >= 2.28), or None."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
