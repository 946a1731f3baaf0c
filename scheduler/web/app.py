"""The what-if page: a Dash app whose callbacks turn the form into a scenario, solve it in
the pool, and show and export the plan.

A session's state is in its browser (layout.py): ``current`` holds the base key, the
scenario changes and the solve's result (with its plan) of the plan on screen, and
``candidates`` the saved ones; the server recomputes an instance from a base key and
changes whenever it needs one (cached). Nothing from the browser is ever a path: uploads
are content, validated through the same models and messages as files.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from scheduler.compare import Candidate, compare, consultants_candidate
from scheduler.data import Instance, parse_month
from scheduler.i18n import Lang, Texts
from scheduler.io.compare_documents import compare_blocks
from scheduler.io.instance import InputError, instance_from_dict, parse_yaml
from scheduler.io.scenario import changed_instance, validated_scenario
from scheduler.plots.group_gantt import group_gantt_figure, group_rows
from scheduler.plots.targets import targets_figure
from scheduler.reasons import reasons
from scheduler.result import Result
from scheduler.web.downloads import download_file
from scheduler.web.form import CapacityRow, Form, base_form, form_changes, split_changes
from scheduler.web.layout import DOWNLOADS, MAX_UPLOAD_BYTES, controls, page
from scheduler.web.solving import BASE_KEY, Instances, SolvePool
from scheduler.web.views import (
    blocks,
    group_reasons,
    page_figure,
    reason_line,
    status_line,
    year_cards,
)

ASSETS = Path(__file__).parent / "assets"

MAX_REQUEST_BYTES = 4 * MAX_UPLOAD_BYTES
"""Flask refuses larger requests (an upload travels base64-encoded, with the page's state)."""


def create_app(instances: Instances, pool: SolvePool, lang: Lang) -> Dash:
    """The page for the instances' base; the base's own plan is solved once, here, and is
    what every new session sees first."""
    t = Texts(lang)
    base, _ = instances.get(BASE_KEY)
    first = _current(BASE_KEY, {}, pool.solve(base))
    app = Dash(
        __name__,
        title=t("web.title", instance=base.name),
        update_title="",  # no "Updating..." in the tab's title while a solve runs
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,  # the form's rows are rebuilt for each base
    )
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.layout = lambda: page(t, base, base_form(base), {"base_key": BASE_KEY, "current": first})
    _Callbacks(app, instances, pool, t).register()
    return app


def _current(key: str, changes: dict[str, Any], result: Result) -> dict[str, Any]:
    return {"base_key": key, "changes": changes, "result": result.model_dump(mode="json")}


class _Callbacks:
    """The page's callbacks; each method one concern of the page."""

    def __init__(self, app: Dash, instances: Instances, pool: SolvePool, t: Texts) -> None:
        self.app, self.instances, self.pool, self.t = app, instances, pool, t

    def register(self) -> None:
        for method in (
            self.optimise,
            self.render,
            self.why,
            self.locks,
            self.show_locks,
            self.upload_or_reset,
            self.rebuild_controls,
            self.candidates,
            self.show_candidates,
            self.download,
        ):
            method()

    # --- the plan ---------------------------------------------------------------------------

    def instance(self, current: dict[str, Any]) -> Instance:
        """The instance the ``current`` plan (or candidate) was made for."""
        changes = json.dumps(current["changes"], sort_keys=True)
        return self.instances.changed(current["base_key"], changes, self.t("web.origin"))

    def optimise(self) -> None:
        t = self.t

        @self.app.callback(
            Output("current", "data"),
            Output("message", "children", allow_duplicate=True),
            Input("optimise", "n_clicks"),
            State("base-key", "data"),
            State("extra", "data"),
            State("locks", "data"),
            State({"role": "capacity-add", "unit": ALL}, "id"),
            State({"role": "capacity-add", "unit": ALL}, "value"),
            State({"role": "capacity-first", "unit": ALL}, "value"),
            State({"role": "capacity-last", "unit": ALL}, "value"),
            State({"role": "realisation", "colour": ALL}, "id"),
            State({"role": "realisation", "colour": ALL}, "value"),
            State({"role": "duration", "colour": ALL}, "value"),
            State("plan-start", "value"),
            State("delay", "value"),
            State("leave-out", "value"),
            running=[
                (Output("optimise", "disabled"), True, False),
                (Output("optimise", "children"), t("web.optimising"), t("web.optimise")),
            ],
            prevent_initial_call=True,
        )
        def optimise(
            _clicks: int,
            key: str,
            extra: dict[str, Any],
            locks: dict[str, str],
            units: list[dict[str, str]],
            adds: list[int | None],
            firsts: list[str],
            lasts: list[str | None],
            colours: list[dict[str, str]],
            realisation: list[int | None],
            duration: list[int | None],
            plan_start: str,
            delay: int | None,
            leave_out: list[str] | None,
        ) -> tuple[Any, Any]:
            try:
                base, _ = self.instances.get(key)
            except KeyError:
                return no_update, t("web.upload_lost")
            defaults = base_form(base)
            form = Form(
                capacity={
                    unit["unit"]: CapacityRow(add=add or 0, first=first, last=last)
                    for unit, add, first, last in zip(units, adds, firsts, lasts, strict=True)
                },
                realisation_pct=_by_colour(colours, realisation, defaults.realisation_pct),
                duration=_by_colour(colours, duration, defaults.duration),
                plan_start=plan_start,
                delay_months=delay or 0,
                leave_out=tuple(leave_out or ()),
                locks=locks,
            )
            changes = form_changes(base, form, extra)
            current = {"base_key": key, "changes": changes}
            try:
                instance = self.instance(current)
            except InputError as error:
                return no_update, t("web.error", error=error)
            return _current(key, changes, self.pool.solve(instance)), ""

    def render(self) -> None:
        t = self.t

        @self.app.callback(
            Output("status", "children"),
            Output("years", "children"),
            Output("gantt", "figure"),
            Output("targets", "figure"),
            Output("why-measure", "options"),
            Output("why", "children", allow_duplicate=True),
            Input("current", "data"),
            prevent_initial_call="initial_duplicate",
        )
        def render(current: dict[str, Any]) -> tuple[Any, ...]:
            result = Result.model_validate(current["result"])
            status = status_line(t, result, self.pool.time_limit)
            if result.plan is None:
                return status, [], {}, {}, [], []
            instance = self.instance(current)
            planned = result.plan.effect_by_measure()
            options = [
                {"label": f"{measure.id} {measure.name}", "value": measure.id}
                for measure in instance.measures
                if measure.id in planned
            ]
            return (
                status,
                year_cards(t, instance, result.plan),
                page_figure(group_gantt_figure(instance, result.plan, t.lang)),
                page_figure(targets_figure(instance, result.plan, t.lang)),
                options,
                [],
            )

    def why(self) -> None:
        t = self.t

        @self.app.callback(
            Output("why", "children"),
            Input("gantt", "clickData"),
            Input("why-measure", "value"),
            State("current", "data"),
            prevent_initial_call=True,
        )
        def why(click: dict[str, Any] | None, measure: str | None, current: dict[str, Any]) -> Any:
            plan = Result.model_validate(current["result"]).plan
            if plan is None:
                raise PreventUpdate
            instance = self.instance(current)
            by_id = {reason.id: reason for reason in reasons(instance, plan, t.lang)}
            if ctx.triggered_id == "gantt" and click and click.get("points"):
                rows = group_rows(instance, plan)
                index = round(float(click["points"][0]["y"]))
                if 0 <= index < len(rows):
                    return group_reasons(t, instance, rows[index], by_id)
                raise PreventUpdate
            if measure in by_id:
                return [reason_line(t, instance, by_id[measure])]
            raise PreventUpdate

    # --- the form -----------------------------------------------------------------------------

    def locks(self) -> None:
        @self.app.callback(
            Output("locks", "data", allow_duplicate=True),
            Input("lock-add", "n_clicks"),
            Input({"role": "unlock", "measure": ALL}, "n_clicks"),
            State("lock-measure", "value"),
            State("lock-month", "value"),
            State("locks", "data"),
            prevent_initial_call=True,
        )
        def locks(
            _add: int | None,
            _remove: list[int | None],
            measure: str | None,
            month: str | None,
            locked: dict[str, str],
        ) -> dict[str, str]:
            trigger = ctx.triggered_id
            if trigger == "lock-add":
                if not measure or not month:
                    raise PreventUpdate
                return {**locked, measure: month}
            if isinstance(trigger, dict) and ctx.triggered[0]["value"]:
                return {k: v for k, v in locked.items() if k != trigger["measure"]}
            raise PreventUpdate

    def show_locks(self) -> None:
        t = self.t

        @self.app.callback(Output("lock-list", "children"), Input("locks", "data"))
        def show_locks(locked: dict[str, str]) -> list[html.Li]:
            return [
                html.Li(
                    [
                        t("web.locked", measure=measure, month=_month_label(t, month)),
                        html.Button(
                            t("web.remove"),
                            id={"role": "unlock", "measure": measure},
                            className="small",
                        ),
                    ]
                )
                for measure, month in sorted(locked.items())
            ]

    def upload_or_reset(self) -> None:
        t = self.t

        @self.app.callback(
            Output("base-key", "data"),
            Output("form-seed", "data"),
            Output("extra", "data"),
            Output("locks", "data", allow_duplicate=True),
            Output("message", "children", allow_duplicate=True),
            Input("upload", "contents"),
            Input("reset", "n_clicks"),
            State("upload", "filename"),
            State("base-key", "data"),
            prevent_initial_call=True,
        )
        def upload_or_reset(
            contents: str | None, _reset: int | None, file_name: str | None, key: str
        ) -> tuple[Any, ...]:
            if ctx.triggered_id == "reset":
                key, base = self._base_or_served(key)
                return key, base_form(base).model_dump(mode="json"), {}, {}, ""
            if not contents or not file_name:
                raise PreventUpdate
            try:
                return self._uploaded(file_name, contents, key)
            except InputError as error:
                return no_update, no_update, no_update, no_update, t("web.error", error=error)

    def _base_or_served(self, key: str) -> tuple[str, Instance]:
        """The session's base and its key, or the served base where an upload is gone."""
        try:
            return key, self.instances.get(key)[0]
        except KeyError:
            return BASE_KEY, self.instances.get(BASE_KEY)[0]

    def _uploaded(self, file_name: str, contents: str, key: str) -> tuple[Any, ...]:
        """An uploaded instance becomes the session's base; an uploaded scenario fills the
        form (applied to the session's base, never to the file its ``base`` names)."""
        t = self.t
        name = Path(file_name).name
        if Path(name).suffix.lower() not in (".yaml", ".yml"):
            raise InputError(t("web.upload_not_yaml", file=name))
        try:
            content = base64.b64decode(contents.split(",", 1)[1], validate=True)
        except (IndexError, binascii.Error):
            raise InputError(f"{name}: not a file the page can read") from None
        if len(content) > MAX_UPLOAD_BYTES:
            raise InputError(t("web.upload_too_large", file=name, size="1 MB"))
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text") from None
        raw = parse_yaml(text, name)
        if isinstance(raw, dict) and "base" in raw:
            key, base = self._base_or_served(key)
            scenario = validated_scenario(raw, f"{name}: scenario")
            changed_instance(base, scenario, f"{name}: scenario", name)
            form, extra = split_changes(
                base, scenario.model_dump(mode="json", exclude_defaults=True)
            )
            message = t("web.uploaded_scenario", file=name)
            if extra:
                message += t("web.uploaded_extra", fields=", ".join(sorted(extra)))
            seed = form.model_dump(mode="json")
            return key, seed, extra, form.locks, message
        instance = instance_from_dict(raw, name)
        new_key = self.instances.add(instance, name, content)
        seed = base_form(instance).model_dump(mode="json")
        return new_key, seed, {}, {}, t("web.uploaded_instance", file=name)

    def rebuild_controls(self) -> None:
        @self.app.callback(
            Output("controls", "children"),
            Input("form-seed", "data"),
            State("base-key", "data"),
            prevent_initial_call=True,
        )
        def rebuild_controls(seed: dict[str, Any], key: str) -> list[Any]:
            _, base = self._base_or_served(key)
            return controls(self.t, base, Form.model_validate(seed))

    # --- candidates -------------------------------------------------------------------------

    def candidates(self) -> None:
        t = self.t

        @self.app.callback(
            Output("candidates", "data"),
            Output("candidate-name", "value"),
            Input("save", "n_clicks"),
            Input({"role": "drop-candidate", "index": ALL}, "n_clicks"),
            State("candidate-name", "value"),
            State("current", "data"),
            State("candidates", "data"),
            prevent_initial_call=True,
        )
        def candidates(
            _save: int | None,
            _drop: list[int | None],
            name: str | None,
            current: dict[str, Any],
            saved: list[dict[str, Any]],
        ) -> tuple[Any, Any]:
            trigger = ctx.triggered_id
            if trigger == "save":
                if current["result"].get("plan") is None:
                    raise PreventUpdate
                label = (name or "").strip() or t("web.candidate_default", number=len(saved) + 1)
                return [*saved, {**current, "name": label}], ""
            if isinstance(trigger, dict) and ctx.triggered[0]["value"]:
                return [c for i, c in enumerate(saved) if i != trigger["index"]], no_update
            raise PreventUpdate

    def show_candidates(self) -> None:
        t = self.t

        @self.app.callback(
            Output("saved", "children"),
            Output("comparison", "children"),
            Input("candidates", "data"),
        )
        def show_candidates(saved: list[dict[str, Any]]) -> tuple[Any, Any]:
            if not saved:
                return html.P(t("web.no_candidates"), className="hint"), []
            listing = html.Ul(
                [
                    html.Li(
                        [
                            candidate["name"],
                            html.Button(
                                t("web.remove"),
                                id={"role": "drop-candidate", "index": index},
                                className="small",
                            ),
                        ]
                    )
                    for index, candidate in enumerate(saved)
                ],
                className="saved",
            )
            columns = [consultants_candidate(self.instance(saved[0]), t("compare.consultants"))]
            for candidate in saved:
                result = Result.model_validate(candidate["result"])
                assert result.plan is not None  # only plans are saved
                instance = self.instance(candidate)
                columns.append(Candidate(candidate["name"], instance, result.plan, result))
            comparison = compare_blocks(t, compare(columns))
            return [html.H3(t("web.saved")), listing], blocks(comparison)

    # --- downloads ----------------------------------------------------------------------------

    def download(self) -> None:
        for kind in DOWNLOADS:

            @self.app.callback(
                Output(f"file-{kind}", "data"),
                Output("message", "children", allow_duplicate=True),
                Input(f"download-{kind}", "n_clicks"),
                State("current", "data"),
                prevent_initial_call=True,
            )
            def download(_clicks: int, current: dict[str, Any], kind: str = kind) -> Any:
                result = Result.model_validate(current["result"])
                if result.plan is None:
                    raise PreventUpdate
                _, base_file = self.instances.get(current["base_key"])
                try:
                    name, content = download_file(
                        kind, self.instance(current), result, current["changes"], base_file, self.t
                    )
                except InputError as error:
                    return no_update, str(error)
                return dcc.send_bytes(content, name), ""


def _by_colour(
    ids: list[dict[str, str]], values: list[int | None], defaults: dict[Any, int]
) -> dict[Any, int]:
    """A colour's input as given, or the base's value where the input is empty."""
    result = dict(defaults)
    for id_, value in zip(ids, values, strict=True):
        colour = next(c for c in defaults if c.value == id_["colour"])
        if value is not None:
            result[colour] = value
    return result


def _month_label(t: Texts, month: str) -> str:
    return t.month(parse_month(month))
