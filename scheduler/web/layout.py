"""The page's layout: the form on the left, the plan on the right, the session's state in
the browser (``dcc.Store`` in session storage: each tab its own scenario and candidates).

Component ids are the page's interface for its callbacks and its browser test; the
capacity rows use pattern-matching ids ``{"role": ..., "unit": ...}``.
"""

from __future__ import annotations

from typing import Any, Literal

from dash import dcc, html

from scheduler.data import Colour, Instance, format_month
from scheduler.i18n import Texts
from scheduler.web.form import Form

MAX_UPLOAD_BYTES = 1_000_000
"""An uploaded instance or scenario may be at most this large (Øvre Eiker's file is about
a fifth of it)."""

MAX_DELAY_MONTHS = 24
"""The scenario model's limit on a decision delay."""

STORAGE: Literal["session"] = "session"
"""Each browser tab keeps its own state, also across a reload."""


def page(t: Texts, instance: Instance, form: Form, state: dict[str, Any]) -> html.Div:
    """The whole page for a new session; ``state`` holds the stores' first values."""
    return html.Div(
        [
            dcc.Store(id="base-key", storage_type=STORAGE, data=state["base_key"]),
            dcc.Store(id="form-seed", storage_type=STORAGE, data=form.model_dump(mode="json")),
            dcc.Store(id="extra", storage_type=STORAGE, data={}),
            dcc.Store(id="locks", storage_type=STORAGE, data={}),
            dcc.Store(id="current", storage_type=STORAGE, data=state["current"]),
            dcc.Store(id="candidates", storage_type=STORAGE, data=[]),
            html.Header(
                [
                    html.H1(t("web.title", instance=instance.name), id="title"),
                    html.P(t("web.intro")),
                ]
            ),
            html.Div(
                [
                    html.Aside(
                        [
                            html.Div(
                                controls(t, instance, form), id="controls", className="controls"
                            ),
                            html.Div(
                                [
                                    html.Button(
                                        t("web.optimise"), id="optimise", className="primary"
                                    ),
                                    html.Button(t("web.reset"), id="reset"),
                                ],
                                className="buttons",
                            ),
                            dcc.Upload(
                                html.Div(t("web.upload", size="1 MB")),
                                id="upload",
                                max_size=MAX_UPLOAD_BYTES,
                                accept=".yaml,.yml",
                                className="upload",
                            ),
                        ],
                        className="form",
                    ),
                    html.Main(results(t), className="results"),
                ],
                className="columns",
            ),
        ],
        className="page",
    )


def controls(t: Texts, instance: Instance, form: Form) -> list[Any]:
    """The form's controls, set to ``form``."""
    months = month_options(t, instance)
    measures = [
        {"label": f"{measure.id} {measure.name}", "value": measure.id}
        for measure in instance.measures
    ]
    return [
        html.H2(t("web.assumptions")),
        html.H3(t("web.capacity")),
        html.P(t("web.capacity_intro"), className="hint"),
        _capacity_table(t, instance, form, months),
        html.H3(t("web.realisation")),
        _by_colour(t, "realisation", form.realisation_pct, 0, 100, 5),
        html.H3(t("web.duration")),
        _by_colour(t, "duration", form.duration, 0, 36, 1),
        html.Div(
            [
                html.Label(t("web.plan_start"), htmlFor="plan-start"),
                dcc.Dropdown(months, form.plan_start, id="plan-start", clearable=False),
                html.Label(t("web.delay"), htmlFor="delay"),
                dcc.Input(
                    id="delay",
                    type="number",
                    min=0,
                    max=MAX_DELAY_MONTHS,
                    step=1,
                    value=form.delay_months,
                ),
            ],
            className="pairs",
        ),
        html.H3(t("web.leave_out")),
        dcc.Dropdown(measures, list(form.leave_out), id="leave-out", multi=True),
        html.H3(t("web.lock")),
        html.Div(
            [
                dcc.Dropdown(
                    measures, None, id="lock-measure", placeholder=t("web.choose_measure")
                ),
                dcc.Dropdown(months, None, id="lock-month", placeholder=t("web.choose_month")),
                html.Button(t("web.lock_button"), id="lock-add"),
            ],
            className="lock",
        ),
        html.Ul(id="lock-list"),
    ]


def month_options(t: Texts, instance: Instance) -> list[dict[str, str]]:
    calendar = instance.calendar
    return [
        {"label": t.month(month), "value": format_month(month)}
        for month in range(calendar.first_month, calendar.horizon_end + 1)
    ]


def _capacity_table(
    t: Texts, instance: Instance, form: Form, months: list[dict[str, str]]
) -> html.Table:
    header = html.Tr([html.Th(text) for text in t.columns("web.capacity_columns")])
    rows = []
    for unit in (*instance.sections, *instance.pools):
        row = form.capacity[unit.id]
        rows.append(
            html.Tr(
                [
                    html.Td(html.Abbr(unit.id, title=unit.name)),
                    html.Td(str(unit.capacity)),
                    html.Td(
                        dcc.Input(
                            id={"role": "capacity-add", "unit": unit.id},
                            type="number",
                            step=1,
                            min=-unit.capacity,
                            max=50,
                            value=row.add,
                            className="number",
                        )
                    ),
                    html.Td(
                        dcc.Dropdown(
                            months,
                            row.first,
                            id={"role": "capacity-first", "unit": unit.id},
                            clearable=False,
                        )
                    ),
                    html.Td(
                        dcc.Dropdown(
                            months,
                            row.last,
                            id={"role": "capacity-last", "unit": unit.id},
                            placeholder=t("web.until_end"),
                        )
                    ),
                ]
            )
        )
    return html.Table([html.Thead(header), html.Tbody(rows)], className="capacity")


def _by_colour(
    t: Texts, role: str, values: dict[Colour, int], low: int, high: int, step: int
) -> html.Div:
    cells = []
    for colour, value in values.items():
        cells += [
            html.Label(t(f"colour.{colour.value}")),
            dcc.Input(
                id={"role": role, "colour": colour.value},
                type="number",
                min=low,
                max=high,
                step=step,
                value=value,
                className="number",
            ),
        ]
    return html.Div(cells, className="colours")


def results(t: Texts) -> list[Any]:
    """The right-hand side: status and message, the year cards, the charts, candidates."""
    return [
        html.Div(id="status"),
        html.Div(id="message", role="alert"),
        html.Div(id="years"),
        dcc.Tabs(
            [
                dcc.Tab(
                    [
                        dcc.Graph(id="gantt", config={"displaylogo": False}),
                        html.H3(t("web.why")),
                        html.P(t("web.why_hint"), className="hint"),
                        dcc.Dropdown(id="why-measure", placeholder=t("web.choose_measure")),
                        html.Div(id="why", className="why"),
                    ],
                    label=t("web.tab_plan"),
                    value="plan",
                ),
                dcc.Tab(
                    dcc.Graph(id="targets", config={"displaylogo": False}),
                    label=t("web.tab_targets"),
                    value="targets",
                ),
                dcc.Tab(
                    [
                        html.Div(
                            [
                                dcc.Input(
                                    id="candidate-name",
                                    type="text",
                                    placeholder=t("web.candidate_name"),
                                    maxLength=80,
                                ),
                                html.Button(t("web.save"), id="save"),
                            ],
                            className="save",
                        ),
                        html.Div(id="saved"),
                        html.Div(id="comparison"),
                    ],
                    label=t("web.tab_candidates"),
                    value="candidates",
                ),
            ],
            value="plan",
        ),
        html.Div(
            [
                html.Span(t("web.download") + ":"),
                *(
                    html.Button(t(f"web.download_{kind}"), id=f"download-{kind}")
                    for kind in DOWNLOADS
                ),
                *(dcc.Download(id=f"file-{kind}") for kind in DOWNLOADS),
            ],
            className="downloads",
        ),
    ]


DOWNLOADS = ("xlsx", "png", "report", "scenario")
"""The files a session can download, each with a button and a download target."""
