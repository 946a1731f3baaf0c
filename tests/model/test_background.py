"""A slice's model with the other measures as background is the whole model with them fixed."""

from collections.abc import Collection, Mapping

from scheduler.data import Instance, month_of
from scheduler.greedy import greedy_plan
from scheduler.model.background import sliced
from scheduler.model.neighbourhoods import neighbourhoods
from scheduler.model.savings_model import SavingsModel
from scheduler.rules import plan_of
from scheduler.savings import SavingsTable
from scheduler.synthetic import SyntheticSpec, generate
from scheduler.validate import check_plan
from tests.model.builders import build, measure


def frozen(instance: Instance, effects: Mapping[str, int], free: Collection[str]) -> Instance:
    """The reference: the whole instance with every measure outside ``free`` fixed."""
    measures = tuple(
        m if m.id in free else m.model_copy(update={"fixed_effect": effects[m.id]})
        for m in instance.measures
    )
    return instance.replaced(measures=measures)


def test_a_slice_with_its_background_has_the_frozen_instances_optimum() -> None:
    # Pools, cross-section dependencies and political gates: each slice (a section's
    # measures, a pool's users) solved alone with the rest as background reaches the same
    # proven levels as the whole instance with the rest fixed, and its plan, with the
    # fixed months added, passes the validator.
    instance = generate(SyntheticSpec(measures=60, sections=3, pools=2, months=36, seed=5))
    greedy = greedy_plan(instance).plan
    assert greedy is not None
    effects = greedy.effect_by_measure()
    table = SavingsTable(instance)
    for free in neighbourhoods(instance):
        whole = SavingsModel(frozen(instance, effects, free))
        whole.add_hint(greedy)
        reference = whole.solve(time_limit=30)
        measures, background = sliced(instance, effects, free, table)
        assert [m.id for m in measures.measures] == list(free)
        model = SavingsModel(measures, savings=table, background=background)
        model.add_hint(greedy)
        result = model.solve(time_limit=30)
        assert reference.status == result.status == "optimal"
        assert result.levels == reference.levels
        assert result.plan is not None
        merged = plan_of(instance, effects | result.plan.effect_by_measure())
        assert check_plan(instance, merged) == []


def test_dependencies_on_fixed_measures_become_windows() -> None:
    # B waits for A (FS, lag 1, at most 3; one month of preparation each): effect_B -
    # effect_A >= 1 + 1 = 2 and <= 1 + 3 = 4. C starts with B (SS, lag 0, at most 2,
    # C's preparation 2 months): effect_C - effect_B >= 2 - 1 + 0 = 1 and <= 1 + 2 = 3.
    instance = build(
        [
            measure("A"),
            measure("B", depends_on=[{"measure": "A", "min_lag": 1, "max_lag": 3}]),
            measure(
                "C",
                duration=2,
                depends_on=[{"measure": "B", "kind": "SS", "min_lag": 0, "max_lag": 2}],
            ),
        ]
    )
    table = SavingsTable(instance)
    april, june, august = month_of(2025, 4), month_of(2025, 6), month_of(2025, 8)
    # Only B free, A fixed in April and C in August: from below April + 2 and August - 3,
    # from above April + 4 and August - 1, so June to July.
    measures, _ = sliced(instance, {"A": april, "C": august}, ["B"], table)
    (b,) = measures.measures
    assert (b.earliest_effect, b.latest_effect) == (april + 2, august - 1)
    assert b.depends_on == ()
    # A and B free, C fixed in August: only B is bounded (May to July), and B keeps its
    # dependency on A.
    measures, _ = sliced(instance, {"C": august}, ["A", "B"], table)
    a, b = measures.measures
    assert (a.earliest_effect, a.latest_effect) == (None, None)
    assert (b.earliest_effect, b.latest_effect) == (august - 3, august - 1)
    assert [d.measure for d in b.depends_on] == ["A"]
    # Kept within May to June as well (a span step): the tighter of both bounds holds.
    measures, _ = sliced(instance, {"C": august}, ["A", "B"], table, within=(april + 1, june))
    a, b = measures.measures
    assert (a.earliest_effect, a.latest_effect) == (april + 1, june)
    assert (b.earliest_effect, b.latest_effect) == (august - 3, june)


def test_the_background_holds_the_fixed_measures_capacity_and_savings() -> None:
    # A (green, effort 1, 1 month of preparation, 10 a month from its effect) fixed to
    # take effect in March 2025 works in February and saves 10 x 10 = 100 in 2025 and 120
    # in 2026; at 100 % realisation that is 100 x 100 and 120 x 100 in the model's unit
    # (10 NOK).
    instance = build([measure("A"), measure("B")])
    _, background = sliced(instance, {"A": month_of(2025, 3)}, ["B"], SavingsTable(instance))
    assert background.used == {("S", month_of(2025, 2)): 1}
    assert background.savings == {2025: 100 * 100, 2026: 120 * 100}
