"""What a plan achieves and what holds it back, as plain data for the plan report.

Headline numbers against the targets, the sections and pools at capacity (and when), the
decisions and whether they wait for a meeting, the critical dependency chain (the chain of
prerequisites that spans the longest time in the plan), and why each measure takes effect
when it does (:mod:`scheduler.reasons`). Rendering to Markdown and
HTML is :mod:`scheduler.io.report_documents`.
"""

from __future__ import annotations

import networkx as nx
from pydantic import BaseModel, ConfigDict

from scheduler.consultants import as_planned
from scheduler.data import Assumption, DependencyKind, Instance
from scheduler.evaluate import capacity_use, planned_effects, savings_report
from scheduler.graph import dependency_graph
from scheduler.i18n import DEFAULT_LANG, Lang
from scheduler.reasons import MeasureReason, moved_far, reasons
from scheduler.result import Plan, Result, ScheduledMeasure
from scheduler.savings import savings_by_effect
from scheduler.validate import Basis, check_plan


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class YearFigures(_Frozen):
    year: int
    target: int | None
    carried: int  # shortfall carried in from the previous target year, nominal
    risk_weighted_carried: int
    savings: int
    risk_weighted: int
    shortfall: int | None
    risk_weighted_shortfall: int | None
    consultants: int  # the consultants' timing's savings in the year
    consultants_risk_weighted: int


class UnitAtCapacity(_Frozen):
    """A section or pool and the months in which the plan uses all of its capacity (months
    with no capacity at all do not count)."""

    id: str
    name: str
    kind: str  # "section" or "pool"
    full_months: tuple[int, ...]
    months: int  # months from plan start to horizon end


class Decision(_Frozen):
    """A measure that needs a council or budget decision, and how long it waits for it."""

    id: str
    name: str
    kind: str  # "council" or "budget"
    start: int
    ready: int  # start of work + case lead time: when the case can go to a meeting
    meeting: int | None  # None: decided before the plan (started or fixed measures)
    effect: int
    waited: int  # months between ready and the meeting


class ChainLink(_Frozen):
    """One measure of the critical chain and the dependency that leads to it."""

    id: str
    name: str
    start: int
    effect: int
    via: str | None  # "FS 0" / "SS 2" from the previous link; None for the first
    binding: bool  # the measure starts exactly when the previous link allows


class ReasonRow(_Frozen):
    """A measure's name beside what holds it at its month."""

    name: str
    reason: MeasureReason


class Trade(_Frozen):
    """A measure that saves less in a target year than in the consultants' timing, in a
    year where the whole plan does (nominal or risk-weighted)."""

    year: int
    name: str
    nominal: int  # plan minus consultants' timing, thousand NOK
    risk_weighted: int
    at_consultants: dict[int, int]  # per target year: risk-weighted, consultants' minus plan's
    reason: MeasureReason


class PlanReport(_Frozen):
    lang: Lang  # the language its sentences (the reasons) are in, and it is rendered in
    instance: str
    method: str | None
    status: str | None
    measures: int
    priced: int
    realisation_pct: dict[str, int]  # by colour
    weights: dict[int, int]  # each target year's shortfall weight
    years: tuple[YearFigures, ...]
    plan_violations: int  # rules this plan breaks (0 for a solver's plan)
    consultants_violations: int  # rules the consultants' timing breaks
    consultants_assumed_violations: int  # of those, rules that rest on a project assumption
    at_capacity: tuple[UnitAtCapacity, ...]
    decisions: tuple[Decision, ...]
    critical_chain: tuple[ChainLink, ...]
    trades: tuple[Trade, ...]  # what makes a target year fall below the consultants' timing
    moved_far: tuple[ReasonRow, ...]  # moved more than six months from the consultants' timing
    reasons: tuple[ReasonRow, ...]  # every measure, in the instance's order
    assumptions: tuple[Assumption, ...]


def plan_report(
    instance: Instance, plan: Plan, result: Result | None = None, lang: Lang = DEFAULT_LANG
) -> PlanReport:
    savings = savings_report(instance, plan.effect_by_measure())
    consultants = savings_report(instance, planned_effects(instance))
    consultants_violations = check_plan(instance, as_planned(instance))
    years = tuple(
        YearFigures(
            year=year,
            target=savings.targets.get(year),
            carried=savings.carried_by_year.get(year, 0),
            risk_weighted_carried=savings.risk_weighted_carried_by_year.get(year, 0),
            savings=savings.savings_by_year[year],
            risk_weighted=savings.risk_weighted_by_year[year],
            shortfall=savings.shortfall_by_year.get(year),
            risk_weighted_shortfall=savings.risk_weighted_shortfall_by_year.get(year),
            consultants=consultants.savings_by_year[year],
            consultants_risk_weighted=consultants.risk_weighted_by_year[year],
        )
        for year in savings.savings_by_year
    )
    rows = tuple(
        ReasonRow(name=instance.measure(reason.id).name, reason=reason)
        for reason in reasons(instance, plan, lang)
    )
    far = {reason.id for reason in moved_far(row.reason for row in rows)}
    return PlanReport(
        lang=lang,
        instance=instance.name,
        method=result.method if result is not None else None,
        status=result.status.value if result is not None else None,
        measures=len(instance.measures),
        priced=sum(1 for measure in instance.measures if measure.priced),
        realisation_pct={c.value: spec.realisation_pct for c, spec in instance.colours.items()},
        weights={t.year: t.weight for t in sorted(instance.targets, key=lambda t: t.year)},
        years=years,
        plan_violations=len(check_plan(instance, plan)),
        consultants_violations=len(consultants_violations),
        consultants_assumed_violations=sum(
            1 for v in consultants_violations if v.basis != Basis.SOURCE
        ),
        at_capacity=_at_capacity(instance, plan),
        decisions=_decisions(instance, plan),
        critical_chain=critical_chain(instance, plan),
        trades=_trades(instance, plan, years, rows),
        moved_far=tuple(row for row in rows if row.reason.id in far),
        reasons=rows,
        assumptions=instance.assumptions,
    )


def _trades(
    instance: Instance, plan: Plan, years: tuple[YearFigures, ...], rows: tuple[ReasonRow, ...]
) -> tuple[Trade, ...]:
    """In each target year the plan saves less than the consultants' timing (nominal or
    risk-weighted), the measures that save less there, largest loss first."""
    behind = [
        y.year
        for y in years
        if y.target is not None
        and (y.savings < y.consultants or y.risk_weighted < y.consultants_risk_weighted)
    ]
    if not behind:
        return ()
    effects = plan.effect_by_measure()
    targeted = [y.year for y in years if y.target is not None]
    trades = []
    for row in rows:
        measure = instance.measure(row.reason.id)
        if not measure.in_chapter_sum:
            continue
        months = [effects[measure.id], instance.planned_effect_of(measure)]
        both = savings_by_effect(instance, measure, months)
        now, planned = both[months[0]], both[months[1]]
        for year in behind:
            nominal = now.nominal[year] - planned.nominal[year]
            weighted = (now.weighted[year] - planned.weighted[year]) // 100
            if nominal < 0 or weighted < 0:
                swing = {y: (planned.weighted[y] - now.weighted[y]) // 100 for y in targeted}
                trades.append(
                    Trade(
                        year=year,
                        name=row.name,
                        nominal=nominal,
                        risk_weighted=weighted,
                        at_consultants={y: value for y, value in swing.items() if value},
                        reason=row.reason,
                    )
                )
    return tuple(sorted(trades, key=lambda t: (t.year, t.nominal, t.reason.id)))


def _at_capacity(instance: Instance, plan: Plan) -> tuple[UnitAtCapacity, ...]:
    use = capacity_use(instance, plan)
    units = [(unit, "section") for unit in instance.sections]
    units += [(unit, "pool") for unit in instance.pools]
    return tuple(
        UnitAtCapacity(
            id=unit.id,
            name=unit.name,
            kind=kind,
            full_months=tuple(
                m for m, used in use[unit.id].items() if used >= unit.capacity_in(m) > 0
            ),
            months=len(use[unit.id]),
        )
        for unit, kind in units
    )


def _decisions(instance: Instance, plan: Plan) -> tuple[Decision, ...]:
    decisions = []
    for item in plan.measures:
        measure = instance.measure(item.id)
        if not (measure.council_decision or measure.budget_decision):
            continue
        ready = item.start + instance.council.case_lead_months
        meeting = item.decision_meeting
        decisions.append(
            Decision(
                id=measure.id,
                name=measure.name,
                kind="budget" if measure.budget_decision else "council",
                start=item.start,
                ready=ready,
                meeting=meeting,
                effect=item.effect,
                waited=max(0, meeting - ready) if meeting is not None else 0,
            )
        )
    return tuple(sorted(decisions, key=lambda d: (d.effect, d.id)))


def critical_chain(instance: Instance, plan: Plan) -> tuple[ChainLink, ...]:
    """The chain of binding dependencies (each measure starts as soon as its prerequisite
    allows) that spans the longest time, from its first start of work to its last effect.
    Without any binding dependency: the longest chain of any dependencies. Empty when no
    measure depends on another.

    A longest path (networkx) in the dependency graph with a source before and a sink
    after it: source -> a measure weighs its preparation (effect - start), each dependency
    the move of the effect (successor effect - prerequisite effect), so a path weighs its
    last effect minus its first start.
    """
    graph = dependency_graph(instance)
    items = {item.id: item for item in plan.measures}
    binding = [edge for edge in graph.edges if _binding(graph, items, *edge)]
    timed = nx.DiGraph()
    source, sink = "<source>", "<sink>"  # not measure ids: those cannot hold '<'
    for before, after in binding or list(graph.edges):
        timed.add_edge(before, after, time=items[after].effect - items[before].effect)
    for node in [node for node in timed.nodes if node not in (source, sink)]:
        timed.add_edge(source, node, time=items[node].effect - items[node].start)
        timed.add_edge(node, sink, time=0)
    if timed.number_of_nodes() == 0 or not nx.is_directed_acyclic_graph(timed):
        return ()  # no dependencies, or cycles (maximum lags written as negative lags)
    path = [
        node for node in nx.dag_longest_path(timed, weight="time") if node not in (source, sink)
    ]
    return tuple(
        ChainLink(
            id=measure_id,
            name=instance.measure(measure_id).name,
            start=items[measure_id].start,
            effect=items[measure_id].effect,
            via=(
                None
                if index == 0
                else "{kind} {min_lag}".format(
                    kind=graph.edges[path[index - 1], measure_id]["kind"].value,
                    min_lag=graph.edges[path[index - 1], measure_id]["min_lag"],
                )
            ),
            binding=index > 0 and _binding(graph, items, path[index - 1], measure_id),
        )
        for index, measure_id in enumerate(path)
    )


def _binding(
    graph: nx.DiGraph, items: dict[str, ScheduledMeasure], before: str, after: str
) -> bool:
    """Whether ``after`` starts exactly when its dependency on ``before`` allows."""
    data = graph.edges[before, after]
    anchor = (
        items[before].effect
        if data["kind"] == DependencyKind.FINISH_TO_START
        else items[before].start
    )
    return bool(items[after].start == anchor + data["min_lag"])
