"""The page's parts without a browser: the form as scenario changes, uploads' split, the
server's instances, the downloads, and the command's safety defaults."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from scheduler.data import Colour, Instance
from scheduler.i18n import Texts
from scheduler.io.instance import InputError
from scheduler.io.scenario import load_problem, validated_scenario
from scheduler.web.downloads import download_file, scenario_yaml
from scheduler.web.form import CapacityRow, base_form, form_changes, split_changes
from scheduler.web.solving import BASE_KEY, MAX_UPLOADS, Instances
from tests.conftest import OVRE_EIKER, REPO
from tests.web.conftest import start_page, stop_page


def test_the_base_form_changes_nothing(ovre_eiker: Instance) -> None:
    assert form_changes(ovre_eiker, base_form(ovre_eiker)) == {}


def test_a_form_becomes_a_scenario_and_back(ovre_eiker: Instance) -> None:
    form = base_form(ovre_eiker).model_copy(
        update={
            "capacity": {
                **base_form(ovre_eiker).capacity,
                "OPP": CapacityRow(add=2, first="2026-01", last="2026-12"),
            },
            "realisation_pct": {Colour.RED: 30, Colour.YELLOW: 80, Colour.GREEN: 100},
            "delay_months": 3,
            "leave_out": ("OPP-OVR.4",),
            "locks": {"HEV-1.2": "2026-03"},
        }
    )
    extra = {"targets": {"2027": 100000}}
    changes = form_changes(ovre_eiker, form, extra)
    assert changes == {
        "targets": {"2027": 100000},
        "capacity": [{"unit": "OPP", "first": "2026-01", "add": 2, "last": "2026-12"}],
        "realisation_pct": {"red": 30},
        "council": {"delay_months": 3},
        "leave_out": ["OPP-OVR.4"],
        "measures": {"HEV-1.2": {"fixed_effect": "2026-03"}},
    }
    scenario = validated_scenario({"name": "x", "base": "b", **changes}, "test")
    back, rest = split_changes(ovre_eiker, scenario.model_dump(mode="json", exclude_defaults=True))
    assert back == form
    assert rest == {"targets": {"2027": 100000}}


def test_what_the_form_cannot_show_is_kept_beside_it(ovre_eiker: Instance) -> None:
    changes = {
        "capacity": [
            {"unit": "HEV", "first": "2025-08", "add": 1},
            {"unit": "HEV", "first": "2026-08", "add": 2},  # a second period of one unit
            {"unit": "OPP", "first": "2025-08", "capacity": 3},  # a level, not a change
        ],
        "council": {"delay_months": 2, "case_lead_months": 3},
        "measures": {"HEV-1.2": {"duration": 9, "fixed_effect": "2026-05"}},
    }
    form, extra = split_changes(ovre_eiker, changes)
    assert form.capacity["HEV"] == CapacityRow(add=1, first="2025-08")
    assert form.delay_months == 2 and form.locks == {"HEV-1.2": "2026-05"}
    assert extra == {
        "capacity": changes["capacity"][1:],
        "council": {"case_lead_months": 3},
        "measures": {"HEV-1.2": {"duration": 9}},
    }
    again = form_changes(ovre_eiker, form, extra)
    assert sorted(map(json.dumps, again["capacity"])) == sorted(
        map(json.dumps, changes["capacity"])
    )
    assert again["council"] == changes["council"]
    assert again["measures"] == changes["measures"]


def test_instances_keep_the_base_and_the_latest_uploads(tiny: Instance) -> None:
    instances = Instances(tiny, "tiny.yaml")
    keys = [instances.add(tiny, f"{i}.yaml", str(i).encode()) for i in range(MAX_UPLOADS + 1)]
    with pytest.raises(KeyError):
        instances.get(keys[0])
    assert instances.get(keys[-1])[1] == f"{MAX_UPLOADS}.yaml"
    assert instances.get(BASE_KEY)[0] is tiny
    with pytest.raises(InputError, match=r"^the page: field 'realisation_pct.red': .*150"):
        instances.changed(BASE_KEY, json.dumps({"realisation_pct": {"red": 150}}), "the page")


def test_downloads_are_the_files_the_command_line_writes(
    ovre_eiker: Instance, tmp_path: Path
) -> None:
    from scheduler.model.solver import solve

    texts = Texts()
    result = solve(ovre_eiker, time_limit=10)
    changes = {"realisation_pct": {"red": 30}}
    name, content = download_file("xlsx", ovre_eiker, result, changes, str(OVRE_EIKER), texts)
    assert name == "plan.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[0] == "Plan"
    name, content = download_file("report", ovre_eiker, result, changes, str(OVRE_EIKER), texts)
    assert name == "report.html" and b'<html lang="nb"' in content
    text = scenario_yaml(texts, changes, str(OVRE_EIKER))
    assert text.startswith("# Scenario laget på nettsiden")
    assert yaml.safe_load(text)["realisation_pct"] == {"red": 30}
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    rerun = load_problem(tmp_path / "scenario.yaml")
    assert rerun.colours[Colour.RED].realisation_pct == 30


def test_serving_beyond_this_machine_warns_and_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "scheduler", "serve", str(bad)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "bad.yaml" in refused.stderr
    process, _ = start_page("--host", "0.0.0.0", "--workers", "1")
    output = stop_page(process)
    assert "Advarsel: siden lytter på 0.0.0.0" in output
    assert process.returncode == 0  # SIGTERM ends it like Ctrl-C, the solvers with it
