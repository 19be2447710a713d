import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lexical_embedder import LexicalEmbedder  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def lexical_embedder():
    return LexicalEmbedder()
