"""Calibrate the project's own assumptions to the consultants' timing.

The consultants' timing (:func:`scheduler.validate.as_planned`) must read as a valid plan
under the default assumptions unless a rule the source states says otherwise. Two kinds of
project number can break it: a measure's preparation time (its colour's default duration)
and a unit's capacity. :func:`calibrate` proposes the least change of each that lets the
consultants' timing hold, without touching any rule the source states:

- **Preparation**: a measure whose planned effect leaves less time after the plan start and
  its prerequisites' planned timing than its lead time gets that time as its ``duration``
  (at least one month). Unpriced prerequisites give way first: their month is read from
  the measures that need them, whose month the consultants chose. Proposals are repeated
  until they settle.
- **Capacity**: each capacity setting (a period, a calendar-month override, the base) is
  raised to the largest monthly load of the consultants' timing in the months it governs.

``scheduler calibrate`` prints the proposals; the bundled instance has none (a test holds
it so), and each override in it says "calibrated" beside its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.consultants import as_planned
from scheduler.data import Capacity, DependencyKind, Instance, Measure, Status
from scheduler.evaluate import capacity_use
from scheduler.i18n import DEFAULT_LANG, Lang, Texts

ROUNDS = 20
"""Proposals for preparation are repeated at most this often (unpriced rows move with the
measures that need them; on the bundled instance they settle in three rounds)."""


@dataclass(frozen=True)
class Proposal:
    """One project number to change so that the consultants' timing holds."""

    subject: str  # a measure or a section/pool id
    field: str  # "duration", "capacity", "capacity_by_calendar_month.7", "capacity_by_period.0"
    current: int
    proposed: int
    reason: str


def calibrate(instance: Instance, lang: Lang = DEFAULT_LANG) -> tuple[Instance, list[Proposal]]:
    """The instance with every proposal applied, and the proposals (empty: the consultants'
    timing breaks no assumption of this instance), their reasons in ``lang``."""
    texts = Texts(lang)
    proposals: dict[str, Proposal] = {}
    original = instance
    for _ in range(ROUNDS):
        shorter = _preparation_proposals(instance, texts)
        if not shorter:
            break
        for proposal in shorter:
            proposals[proposal.subject] = Proposal(
                proposal.subject,
                proposal.field,
                original.duration_of(original.measure(proposal.subject)),
                proposal.proposed,
                proposal.reason,
            )
        durations = {p.subject: p.proposed for p in shorter}
        instance = instance.replaced(
            measures=tuple(
                m.model_copy(update={"duration": durations[m.id]}) if m.id in durations else m
                for m in instance.measures
            )
        )
    capacity = _capacity_proposals(instance, texts)
    return _with_capacities(instance, capacity), [*proposals.values(), *capacity]


def _earliest_start(instance: Instance, measure: Measure) -> int:
    """The earliest start the plan start and the prerequisites' planned timing allow."""
    earliest = instance.earliest_start_of(measure)
    for dependency in measure.depends_on:
        before = instance.measure(dependency.measure)
        anchor = (
            instance.planned_effect_of(before)
            if dependency.kind == DependencyKind.FINISH_TO_START
            else instance.planned_start_of(before)
        )
        earliest = max(earliest, anchor + dependency.min_lag)
    return earliest


def _latest_effect(instance: Instance, measure: Measure) -> int:
    """The latest effect that lets every measure needing it keep its planned start (for
    an unpriced row, whose month is read from them); the planned effect otherwise."""
    if measure.priced:
        return instance.planned_effect_of(measure)
    lead = instance.lead_time_of(measure)
    return min(
        (
            instance.planned_start_of(successor)
            - dependency.min_lag
            + (lead if dependency.kind == DependencyKind.START_TO_START else 0)
            for successor in instance.measures
            for dependency in successor.depends_on
            if dependency.measure == measure.id
        ),
        default=instance.planned_effect_of(measure),
    )


def _preparation_proposals(instance: Instance, texts: Texts) -> list[Proposal]:
    """Shorter preparation for the measures whose lead time does not fit between their
    earliest start and their (latest) planned effect: the unpriced prerequisites first,
    which give way before any priced measure, whose month the consultants chose."""
    for priced in (False, True):
        proposals = []
        for measure in instance.measures:
            if (
                measure.priced != priced
                or measure.fixed_effect is not None
                or measure.status == Status.STARTED
            ):
                continue
            effect = _latest_effect(instance, measure)
            room = max(1, effect - _earliest_start(instance, measure))
            if instance.lead_time_of(measure) > room and instance.duration_of(measure) > room:
                proposals.append(
                    Proposal(
                        measure.id,
                        "duration",
                        instance.duration_of(measure),
                        room,
                        texts(
                            "calibrate.room" if priced else "calibrate.room_unpriced",
                            months=texts.months(room),
                            month=texts.month(effect),
                        ),
                    )
                )
        if proposals:
            return proposals
    return []


def _capacity_proposals(instance: Instance, texts: Texts) -> list[Proposal]:
    use = capacity_use(instance, as_planned(instance))
    proposals = []
    for unit in instance.sections + instance.pools:
        needed: dict[str, int] = {}
        current: dict[str, int] = {}
        for month, used in use[unit.id].items():
            setting = _setting(unit, month)
            needed[setting] = max(needed.get(setting, 0), used)
            current[setting] = unit.capacity_in(month)
        proposals += [
            Proposal(
                unit.id,
                setting,
                current[setting],
                needed[setting],
                texts("calibrate.load"),
            )
            for setting in needed
            if needed[setting] > current[setting]
        ]
    return proposals


def _setting(unit: Capacity, month: int) -> str:
    """The capacity field that governs this month (see :meth:`Capacity.capacity_in`)."""
    for index, period in enumerate(unit.capacity_by_period):
        if period.first <= month <= period.last:
            return f"capacity_by_period.{index}"
    if month % 12 + 1 in unit.capacity_by_calendar_month:
        return f"capacity_by_calendar_month.{month % 12 + 1}"
    return "capacity"


def _with_capacities(instance: Instance, proposals: list[Proposal]) -> Instance:
    def raised(unit: Capacity) -> Capacity:
        mine = {p.field: p.proposed for p in proposals if p.subject == unit.id}
        if not mine:
            return unit
        by_month = {
            number: mine.get(f"capacity_by_calendar_month.{number}", value)
            for number, value in unit.capacity_by_calendar_month.items()
        }
        periods = tuple(
            period.model_copy(
                update={"capacity": mine.get(f"capacity_by_period.{index}", period.capacity)}
            )
            for index, period in enumerate(unit.capacity_by_period)
        )
        return unit.model_copy(
            update={
                "capacity": mine.get("capacity", unit.capacity),
                "capacity_by_calendar_month": by_month,
                "capacity_by_period": periods,
            }
        )

    return instance.replaced(
        sections=tuple(raised(unit) for unit in instance.sections),
        pools=tuple(raised(unit) for unit in instance.pools),
    )
