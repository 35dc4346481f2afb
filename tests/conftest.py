"""Shared fixtures. Models load once per test session (they are process-wide singletons)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ECBPLUS = SHARED / "data" / "ecbplus" / "articles.jsonl"
MEHR_SEED = SEEDS / "000_7b28f05c494459ef.txt"
OTHER_SEED = SEEDS / "004_2685ebd9c4a502ef.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    return SEEDS


@pytest.fixture(scope="session")
def ecbplus_records() -> list[dict]:
    if not ECBPLUS.is_file():
        pytest.skip("../shared/data/ecbplus is not beside the repository")
    with ECBPLUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def nlp():
    from newsprism.analyze.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def minilm():
    from newsprism.embed import get_encoder

    return get_encoder("minilm")
