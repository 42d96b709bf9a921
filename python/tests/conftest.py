import os
import pathlib

import pytest

# De tests lopen vanuit de hoofdmap van het project: de paden in de rapporten zijn dan die van
# `verordening eval` daar.
WORTEL = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _in_de_wortel(monkeypatch):
    monkeypatch.chdir(WORTEL)


def cli() -> str:
    """De opdracht `verordening` (VERORDENING_BIN, anders target/debug of target/release)."""
    if os.environ.get("VERORDENING_BIN"):
        return os.environ["VERORDENING_BIN"]
    for p in ("target/debug/verordening", "target/release/verordening"):
        if (WORTEL / p).exists():
            return str(WORTEL / p)
    pytest.skip("geen verordening-binary: bouw eerst met `cargo build`")
