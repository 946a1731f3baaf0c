from pathlib import Path

import pytest

from scheduler.data import Instance
from scheduler.io.instance import load_instance

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
OVRE_EIKER = REPO / "instances" / "ovre-eiker-2025.yaml"


@pytest.fixture(scope="session")
def tiny() -> Instance:
    return load_instance(FIXTURES / "tiny.yaml")


@pytest.fixture(scope="session")
def ovre_eiker() -> Instance:
    return load_instance(OVRE_EIKER)
