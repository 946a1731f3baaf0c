"""Output folders change all at once, keep what is not scheduler's, never overwrite inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler.io import output_folder
from scheduler.io.output_folder import (
    MANIFEST,
    OutputConflict,
    check_output_folder,
    new_staging_folder,
    publish,
    read_manifest,
    staging_folder,
)


def run(out: Path, files: dict[str, str], replace_earlier: bool = True) -> list[str]:
    """Write ``files`` through a staging folder and publish it as ``out``."""
    stage = new_staging_folder(out)
    for name, text in files.items():
        (stage / name).write_text(text, encoding="utf-8")
    return publish(stage, out, replace_earlier)


def test_a_new_folder_gets_the_files_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, {"plan.json": "1", "plan.csv": "2"}) == ["plan.csv", "plan.json"]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "plan.csv", "plan.json"]
    assert set(read_manifest(out)) == {"plan.csv", "plan.json"}
    assert not staging_folder(out).exists()


def test_a_new_run_drops_the_earlier_outputs_it_does_not_write_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    run(out, {"plan.json": "old", "gantt.png": "old image", "report.md": "old"})
    (out / "instance.yaml").write_text("mine")  # the user's files, in and below the folder
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("mine too")
    (out / "report.md").write_text("edited by hand")  # an output changed since
    run(out, {"plan.json": "new"})
    assert (out / "plan.json").read_text() == "new"
    assert not (out / "gantt.png").exists()  # the earlier run's, unchanged: not mixed in
    assert (out / "report.md").read_text() == "edited by hand"
    assert (out / "instance.yaml").read_text() == "mine"
    assert (out / "notes" / "todo.txt").read_text() == "mine too"
    assert set(read_manifest(out)) == {"plan.json"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_adding_files_keeps_the_earlier_outputs(tmp_path: Path) -> None:
    """``gantt`` and ``report`` add to a solve's folder; it stays one set of outputs."""
    out = tmp_path / "out"
    run(out, {"plan.json": "plan", "gantt.html": "old chart"})
    run(out, {"gantt.html": "new chart"}, replace_earlier=False)
    assert (out / "plan.json").read_text() == "plan"
    assert (out / "gantt.html").read_text() == "new chart"
    assert set(read_manifest(out)) == {"plan.json", "gantt.html"}
    check_output_folder(out, ["plan.json", "gantt.html"], [], force=False)  # both ours


def test_the_folder_is_swapped_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without renameat2 (other systems) the three-rename fallback gives the same result."""
    monkeypatch.setattr(output_folder, "_renameat2", lambda: None)
    out = tmp_path / "out"
    run(out, {"plan.json": "old"})
    run(out, {"plan.json": "new"})
    assert (out / "plan.json").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_inputs_are_never_overwritten_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    instance = out / "plan.xlsx"
    instance.write_text("an instance workbook")
    for force in (False, True):
        with pytest.raises(OutputConflict, match="refusing to overwrite the input file"):
            check_output_folder(out, ["plan.xlsx"], [instance], force=force)
    # the same file under another name (a hard link) is the same input
    (out / "plan.json").hardlink_to(instance)
    with pytest.raises(OutputConflict, match=r"plan\.json: refusing to overwrite"):
        check_output_folder(out, ["plan.json"], [instance], force=True)


def test_files_not_written_by_scheduler_need_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, {"plan.xlsx": "written by solve"})
    check_output_folder(out, ["plan.xlsx"], [], force=False)
    (out / "plan.xlsx").write_text("edited by hand")
    with pytest.raises(OutputConflict, match=r"plan.xlsx: was not written .* --force"):
        check_output_folder(out, ["plan.xlsx"], [], force=False)
    check_output_folder(out, ["plan.xlsx"], [], force=True)
    (out / MANIFEST).write_text(json.dumps(["not", "a", "manifest"]))
    with pytest.raises(OutputConflict):
        check_output_folder(out, ["plan.xlsx"], [], force=False)


def test_a_folder_in_the_way_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "out" / "plan.json").mkdir(parents=True)
    with pytest.raises(OutputConflict, match="is a folder"):
        check_output_folder(tmp_path / "out", ["plan.json"], [], force=True)


def test_a_file_or_the_current_folder_is_no_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputConflict, match="is a file, not a folder"):
        check_output_folder(tmp_path / "file", ["plan.json"], [], force=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputConflict, match="holds the current folder"):
        check_output_folder(Path("."), ["plan.json"], [], force=False)
    with pytest.raises(OutputConflict, match="holds the current folder"):
        check_output_folder(Path("/"), ["plan.json"], [], force=False)
