from scheduler.data import Instance
from scheduler.evaluate import planned_effects, savings_report


def test_baseline_report_on_tiny(tiny: Instance) -> None:
    report = savings_report(tiny, planned_effects(tiny))
    # Chapter sums: 60/120, A-1.2 0/240, B-1.1 -30/300; B-1.2 (12 in 2026) is outside.
    assert report.savings_by_year == {2025: 30, 2026: 660, 2027: 660}
    assert report.savings_by_section == {
        "A": {2025: 60, 2026: 360, 2027: 360},
        "B": {2025: -30, 2026: 300, 2027: 300},
    }
    assert report.outside_sums_by_group == {"B-1": {2025: 0, 2026: 12, 2027: 12}}
    # Risk-weighted: green 100 %, yellow 80 %, red 50 %: 2026 = 120 + 192 + 150.
    assert report.risk_weighted_by_year[2026] == 462
    # Targets 100 (2025) and 500 (2026): 2025 falls 70 short, 2026 is met.
    assert report.shortfall_by_year == {2025: 70, 2026: 0}
