"""pipeline.no_cyclic_gc: the cyclic collector paused for a run's bulk work, then as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from sheetsync.pipeline import no_cyclic_gc


@pytest.fixture
def gc_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled_before", [True, False],
                         ids=["an enabled collector is enabled again",
                              "a collector the caller disabled stays disabled"])
def test_the_collector_is_paused_and_then_left_as_it_was(gc_state: None,
                                                         enabled_before: bool) -> None:
    (gc.enable if enabled_before else gc.disable)()
    with no_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled_before


def test_the_collector_comes_back_after_an_error(gc_state: None) -> None:
    gc.enable()
    with pytest.raises(ValueError, match="bad row"), no_cyclic_gc():
        raise ValueError("bad row")
    assert gc.isenabled()
