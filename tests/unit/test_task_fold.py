"""The one task fold both task views follow (projections.views.task_fold)."""

from __future__ import annotations

from projections.views.task_fold import TASK_FIELDS, fold_task

CAPTURED = "2026-04-20T08:00:00.000000+00:00"


def _captured() -> tuple[object, ...]:
    state = fold_task(None, "TaskCaptured", CAPTURED, CAPTURED, {"text": "ride", "project_id": None, "tags": ["a"], "due": None})
    assert state is not None
    return state


def test_capture_gives_every_field_and_a_change_before_it_none() -> None:
    state = dict(zip(TASK_FIELDS, _captured(), strict=True))
    assert state == {
        "text": "ride", "project_id": None, "status": "open", "due": None, "tags": '["a"]', "carried": 0,
        "captured_at": CAPTURED, "closed_at": None, "last_seen": CAPTURED, "recorded_at": CAPTURED, "priority": None, "details": None,
    }
    assert fold_task(None, "TaskCompleted", CAPTURED, CAPTURED, {}) is None


def test_an_event_that_shows_nothing_gives_the_same_state_back() -> None:
    state = _captured()
    assert fold_task(state, "TaskNoted", CAPTURED, CAPTURED, {}) is state


def test_a_late_carry_moves_last_seen_back_only_in_the_temporal_fold() -> None:
    later = fold_task(_captured(), "TaskCarried", "2026-04-22T08:00:00.000000+00:00", CAPTURED, {})
    assert later is not None
    earlier = "2026-04-21T08:00:00.000000+00:00"
    seen = TASK_FIELDS.index("last_seen")
    assert fold_task(later, "TaskCarried", earlier, CAPTURED, {})[seen] == earlier  # type: ignore[index]
    assert fold_task(later, "TaskCarried", earlier, CAPTURED, {}, seen_only_forward=True)[seen] == later[seen]  # type: ignore[index]
    assert fold_task(later, "TaskCarried", earlier, CAPTURED, {}, seen_only_forward=True)[TASK_FIELDS.index("carried")] == 2  # type: ignore[index]


def test_a_priority_is_set_and_removed_and_kept_through_other_changes() -> None:
    level = TASK_FIELDS.index("priority")
    high = fold_task(_captured(), "TaskPrioritized", CAPTURED, CAPTURED, {"priority": "H"})
    assert high is not None and high[level] == "H"
    done = fold_task(high, "TaskCompleted", CAPTURED, CAPTURED, {})
    assert done is not None and done[level] == "H"
    assert fold_task(done, "TaskPrioritized", CAPTURED, CAPTURED, {"priority": None})[level] is None  # type: ignore[index]
