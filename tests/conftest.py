from pathlib import Path

import pytest

from scheduler.data import Instance
from scheduler.io.instance import load_instance
from scheduler.result import Plan, ScheduledMeasure

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
OVRE_EIKER = REPO / "instances" / "ovre-eiker-2025.yaml"


@pytest.fixture(scope="session")
def tiny() -> Instance:
    return load_instance(FIXTURES / "tiny.yaml")


@pytest.fixture(scope="session")
def ovre_eiker() -> Instance:
    return load_instance(OVRE_EIKER)


@pytest.fixture
def tiny_plan() -> Plan:
    """A valid hand-made plan for tiny.yaml: A-1.2 starts when A-1.1 takes effect (binding),
    B-1.1 is decided in the March meeting; sections A and B and the HR pool run full in
    the first months."""
    return Plan(
        instance="tiny",
        measures=(
            ScheduledMeasure(id="A-1.1", start="2025-01", effect="2025-02"),
            ScheduledMeasure(id="A-1.2", start="2025-02", effect="2025-04"),
            ScheduledMeasure(id="A-1.3", start="2025-01", effect="2025-03"),
            ScheduledMeasure(
                id="B-1.1", start="2025-01", effect="2025-05", decision_meeting="2025-03"
            ),
            ScheduledMeasure(id="B-1.2", start="2025-05", effect="2025-06"),
        ),
    )
