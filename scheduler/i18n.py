"""Every word a user reads, in Norwegian (bokmål, the default) and English, in one place.

``Texts(lang)`` is what the report, the charts, the workbook and the terminal take: it
looks a message up by key (``texts("report.title", instance=...)``) and formats numbers,
months and shares the way readers of that language expect: thousands separated by a
space, "50 %", "sep. 2025" and "12,6 mill. kr" in Norwegian; "50%", "Sep 2025" and
"NOK 12.6 million" in English (the space as thousands separator is kept there too, SI
style, so tables line up the same in both).

The catalog is a plain mapping from key to (bokmål, English) with ``str.format`` fields;
a test checks that both texts of a key name the same fields. What comes from the
instance (measure, section and group names, the assumptions' reasons) is shown as
written there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Lang(StrEnum):
    NB = "nb"  # Norsk bokmål
    EN = "en"


LANGS = tuple(Lang)
DEFAULT_LANG = Lang.NB

_NB_MONTHS = "jan. feb. mar. apr. mai jun. jul. aug. sep. okt. nov. des."
_EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
_MONTHS: dict[Lang, list[str]] = {Lang.NB: _NB_MONTHS.split(" "), Lang.EN: _EN_MONTHS.split(" ")}

# key: (bokmål, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- units and small words -------------------------------------------------------------
    "unit.month": ("{count} måned", "{count} month"),
    "unit.months": ("{count} måneder", "{count} months"),
    "unit.kilo_nok": ("tusen kr", "thousand NOK"),
    "unit.millions": ("{value} mill. kr", "NOK {value} million"),
    "word.yes": ("ja", "yes"),
    "word.and": (" og ", " and "),
    "word.never": ("aldri", "never"),
    "word.section": ("seksjon", "section"),
    "word.pool": ("felles ressurs", "pool"),
    "word.council": ("kommunestyret", "council"),
    "word.budget": ("budsjett", "budget"),
    "word.reached": ("nådd", "reached"),
    "word.not_reached": ("ikke nådd", "not reached"),
    "colour.red": ("rød", "red"),
    "colour.yellow": ("gul", "yellow"),
    "colour.green": ("grønn", "green"),
    "status.optimal": ("optimal", "optimal"),
    "status.feasible": ("gyldig, ikke bevist optimal", "feasible"),
    "status.infeasible": ("umulig", "infeasible"),
    "status.unknown": ("ukjent", "unknown"),
    "level.weighted shortfall": ("vektet manko", "weighted shortfall"),
    "level.weighted shortfall.unit": (
        "10 kr × årsvekt, risikovektet",
        "10 NOK x year weight, risk-weighted",
    ),
    "level.early savings": ("tidlige innsparinger", "early savings"),
    "level.early savings.unit": (
        "10 kr, risikovektet, summert over horisonten",
        "10 NOK, risk-weighted, summed over the horizon",
    ),
    "level.makespan": ("siste effektmåned", "makespan"),
    "level.makespan.unit": ("måneder", "periods"),
    # --- terminal (scheduler/io/terminal.py) -------------------------------------------------
    "terminal.sum": ("Sum (kapittelsummer)", "Sum (chapter sums)"),
    "terminal.sum_weighted": ("Sum, risikovektet", "Sum, risk-weighted"),
    "terminal.outside": ("Utenfor summene: {group}", "Outside the sums: {group}"),
    "terminal.carried": (
        " + {nominal} overført (risikovektet {weighted})",
        " + {nominal} carried (risk-weighted {weighted})",
    ),
    "terminal.target_line": (
        "{year}: mål {target}{carried} — innsparing {savings} (risikovektet {weighted}), "
        "manko {shortfall} (risikovektet {weighted_shortfall})",
        "{year}: target {target}{carried} — savings {savings} (risk-weighted {weighted}), "
        "shortfall {shortfall} (risk-weighted {weighted_shortfall})",
    ),
    "terminal.against_headers": (
        "tusen kr|mål|konsulentene|planen|konsulentene rv|planen rv",
        "thousand NOK|target|consultants|plan|consultants rw|plan rw",
    ),
    "terminal.rw_note": (
        "(rv: risikovektet med hver fargekodes realiseringsandel; investeringer fullt ut)",
        "(rw: risk-weighted by each colour's realisation share; investments in full)",
    ),
    "terminal.at_capacity": ("Full kapasitet:", "At capacity:"),
    "terminal.none_at_capacity": (
        "Full kapasitet: ingen seksjoner eller felles ressurser",
        "At capacity: no section or pool",
    ),
    "terminal.gap": (", gap {gap}", ", gap {gap}"),
    "terminal.solver": (
        " ({version}, frø {seed}, {workers} tråd(er))",
        " ({version}, seed {seed}, {workers} worker(s))",
    ),
    "terminal.result": (
        "Metode {method}: {status}{gap}, {seconds} s{solver}",
        "Method {method}: {status}{gap}, {seconds} s{solver}",
    ),
    "terminal.level": (
        "  {sense} {name}: {value} (grense {bound}) [{unit}]",
        "  {sense} {name}: {value} (bound {bound}) [{unit}]",
    ),
    "terminal.baseline_title": ("Konsulentenes tidsplan", "As-planned schedule"),
    "terminal.plan_title": ("Optimalisert plan", "Optimised plan"),
    "terminal.plan_file": ("Plan {plan}", "Plan {plan}"),
    "terminal.violations": ("{count} regelbrudd", "{count} rule violation(s)"),
    "terminal.wrote": ("Skrev {files}", "Wrote {files}"),
    # --- the command line (scheduler/cli.py) -----------------------------------------------
    "cli.valid": (
        "{instance}: OK — {measures} tiltak ({priced} med beløp), {groups} tiltaksgrupper, "
        "{sections} seksjoner, {pools} felles ressurser",
        "{instance}: OK — {measures} measures ({priced} priced), {groups} groups, "
        "{sections} sections, {pools} pools",
    ),
    "cli.more": (" og {count} til", " and {count} more"),
    "cli.plan_breaks": (
        "{path}: denne planen bryter {rule}{more}; den tegnes som den er (scheduler "
        "evaluate lister hvert regelbrudd)",
        "{path}: this plan breaks {rule}{more}; it is drawn as it is (scheduler evaluate "
        "lists every broken rule)",
    ),
    "cli.calibrated": (
        "Kalibrert: konsulentenes plan bryter ingen forutsetning i denne instansen.",
        "Calibrated: the consultants' timing breaks no assumption of this instance.",
    ),
    "cli.calibrate_proposals": (
        "Endre disse for at konsulentenes plan skal holde:",
        "Change these so that the consultants' timing holds:",
    ),
    "calibrate.room": (
        "{months} fra tidligste start til konsulentenes effekt ({month})",
        "{months} from its earliest start to the consultants' effect ({month})",
    ),
    "calibrate.room_unpriced": (
        "{months} fra tidligste start til måneden andre tiltak trenger det ({month})",
        "{months} from its earliest start to the month needed of it ({month})",
    ),
    "calibrate.load": (
        "konsulentenes plan belaster den så mye i en måned innstillingen gjelder",
        "the consultants' timing loads it with this much in a month it governs",
    ),
    # --- broken rules (scheduler/validate.py) --------------------------------------------------
    "rule.unknown": ("ukjent tiltak", "unknown"),
    "rule.duplicate": ("planlagt to ganger", "duplicate"),
    "rule.missing": ("mangler", "missing"),
    "rule.lead time": ("forberedelsestid", "lead time"),
    "rule.horizon": ("horisont", "horizon"),
    "rule.fixed": ("fastsatt", "fixed"),
    "rule.plan start": ("planstart", "plan start"),
    "rule.window": ("tidsvindu", "window"),
    "rule.budget decision": ("budsjettvedtak", "budget decision"),
    "rule.council decision": ("vedtak i kommunestyret", "council decision"),
    "rule.dependency": ("avhengighet", "dependency"),
    "rule.capacity": ("kapasitet", "capacity"),
    "violation.unknown": ("finnes ikke i instansen", "not in the instance"),
    "violation.duplicate": ("planlagt to ganger", "planned twice"),
    "violation.missing": ("hvert tiltak må planlegges", "every measure must be scheduled"),
    "violation.lead_time": (
        "trenger {lead} fra start til effekt, har {has}",
        "needs {lead} from start to effect, has {has}",
    ),
    "violation.horizon": ("gir effekt etter horisonten", "takes effect after the horizon"),
    "violation.fixed": ("må gi effekt i {month}", "must take effect in {month}"),
    "violation.first_year_start": (
        "starter {start}, før arbeidet med tiltakene for det første året begynte ({earliest})",
        "starts {start}, before work on first-year measures began ({earliest})",
    ),
    "violation.plan_start": (
        "starter {start}, før planstart ({earliest})",
        "starts {start}, before the plan start ({earliest})",
    ),
    "violation.before": ("effekt før {month}", "effect before {month}"),
    "violation.after": ("effekt etter {month}", "effect after {month}"),
    "violation.budget": (
        "må gi effekt i en januar, med saken klar til budsjettmøtet før",
        "must take effect in a January, with the case ready by the budget meeting before it",
    ),
    "violation.council": (
        "ingen kommunestyremøte mellom {ready} (saken klar) og effekten {effect}",
        "no council meeting between {ready} (case ready) and its effect {effect}",
    ),
    "violation.takes_effect": ("{measure} gir effekt", "{measure} takes effect"),
    "violation.starts": ("{measure} starter", "{measure} starts"),
    "violation.min_lag": ("krever minst {lag}", "needs at least {lag}"),
    "violation.max_lag": ("tillater høyst {lag}", "allows at most {lag}"),
    "violation.dependency": (
        "starter {distance} måneder etter at {what}, {limit}",
        "starts {distance} months after {what}, {limit}",
    ),
    "violation.capacity": (
        "{month} bruker {used} av {capacity}",
        "{month} uses {used} of {capacity}",
    ),
    # --- plans compared (scheduler/io/compare_documents.py) ----------------------------------
    "compare.title": ("Planer sammenlignet", "Plans compared"),
    "compare.column": (
        "{label}: {instance}; {status}; bryter {violations} regel/regler.",
        "{label}: {instance}; {status}; breaks {violations} rule(s).",
    ),
    "compare.no_solve": ("ikke optimert", "not optimised"),
    "compare.gap": (", gap {gap}", ", gap {gap}"),
    "compare.savings": (
        "Innsparing mot målene (tusen kr)",
        "Savings against the targets (thousand NOK)",
    ),
    "compare.target": ("{year}: mål", "{year}: target"),
    "compare.nominal": ("{year}: innsparing", "{year}: savings"),
    "compare.weighted": ("{year}: risikovektet", "{year}: risk-weighted"),
    "compare.short": ("mangler {amount}", "{amount} short"),
    "compare.loads": ("Belastning per seksjon og felles ressurs", "Load per section and pool"),
    "compare.loads_intro": (
        "Den tyngste måneden: innsats brukt av kapasiteten den måneden, og hvor mange "
        "måneder enheten er fullt belastet.",
        "The heaviest month: effort used of that month's capacity, and how many months the "
        "unit is used to capacity.",
    ),
    "compare.unit": ("enhet", "unit"),
    "compare.load": (
        "{peak} av {capacity}; full i {full}",
        "{peak} of {capacity}; full for {full}",
    ),
    "compare.plan": ("plan", "plan"),
    "compare.decisions": ("Vedtak planen trenger", "Decisions each plan needs"),
    "compare.moves": ("Tiltak som flyttes", "Measures that move"),
    "compare.moves_intro": (
        "{count} av {total} tiltak gir effekt i ulike måneder i planene (størst forskjell først).",
        "{count} of {total} measures take effect in different months in the plans (largest "
        "difference first).",
    ),
    "compare.spread": ("forskjell", "difference"),
    "compare.left_out": ("tatt ut", "left out"),
    "compare.consultants": ("Konsulentenes plan", "Consultants' timing"),
    "compare.sheet_savings": ("Innsparing", "Savings"),
    "compare.sheet_loads": ("Belastning", "Load"),
    "compare.sheet_effects": ("Effektmåneder", "Effect months"),
    "compare.sheet_decisions": ("Vedtak", "Decisions"),
    # --- candidate plans (scheduler cli candidates) ------------------------------------------
    "candidates.best": ("Beste plan", "Best plan"),
    "candidates.alternative": (
        "Alternativ {number}: {count} tiltak flyttet {months} eller mer, flest i {section}",
        "Alternative {number}: {count} measures moved {months} or more, most in {section}",
    ),
    "candidates.closest": (
        "Nærmest konsulentenes plan ({distance} fra, summert)",
        "Closest to the consultants' timing ({distance} away, summed)",
    ),
    "candidates.certain_first": ("Sikre penger først", "Certain money first"),
    "candidates.lightest": (
        "Minst belastning på {section} (tyngste måned {peak} enheter)",
        "Least load on {section} (heaviest month {peak} units)",
    ),
    "candidates.line": (
        "{label} — gap mot beste mulige: {gap}",
        "{label} — gap to the best possible: {gap}",
    ),
    "candidates.fewer": (
        "Fant {found} av {asked} alternativer innenfor {tolerance} av beste plan som flytter "
        "minst {differ} tiltak {months} eller mer fra hvert tidligere; flere finnes ikke "
        "innenfor toleransen (eller ble ikke funnet i tiden).",
        "Found {found} of {asked} alternatives within {tolerance} of the best plan that move "
        "at least {differ} measures {months} or more from every earlier one; no more exist "
        "within the tolerance (or none was found in the time).",
    ),
    # --- marginal values (scheduler cli marginal) -------------------------------------------
    "marginal.title": (
        "Hva-om-svar, hvert løst på nytt (endring mot planen slik den er; tusen kr, "
        "risikovektet i parentes):",
        "What-if answers, each solved again (change against the plan as it is; thousand "
        "NOK, risk-weighted in brackets):",
    ),
    "marginal.subject": ("enhet/tiltak", "unit/measure"),
    "marginal.change": ("endring", "change"),
    "marginal.shortfall": ("vektet manko", "weighted shortfall"),
    "marginal.capacity": ("kapasitet +1 i {year}", "capacity +1 in {year}"),
    "marginal.delay": ("vedtak 1 måned senere", "decision 1 month later"),
    "marginal.note": (
        "Vektet manko i 10 kr × årsvekt (negativ: bedre). * : en av løsningene er ikke "
        "bevist optimal innen tidsgrensen.",
        "Weighted shortfall in 10 NOK x year weight (negative: better). *: one of the "
        "solves is not proven optimal within the time limit.",
    ),
    # --- re-planning (scheduler cli replan) ------------------------------------------------
    "replan.name": ("Omplanlagt fra", "Re-planned from"),
    "replan.header": (
        "Omplanlegging av {plan} fra {month}: tiltak som er startet eller vedtatt før, "
        "beholder effektmåneden (fixed_effect); resten planlegges fra {month} (plan_start).",
        "Re-plan of {plan} from {month}: measures started or decided before it keep their "
        "effect month (fixed_effect); the rest is planned from {month} (plan_start).",
    ),
    "replan.summary": (
        "Omplanlagt fra {month}: {frozen} tiltak beholder måneden, {moved} flyttes ({status}).",
        "Re-planned from {month}: {frozen} measures keep their month, {moved} move ({status}).",
    ),
    # --- batches (scheduler cli batch) -------------------------------------------------------
    "batch.summary": (
        "{rows} rader ({new} nye på {seconds} s; {pace} s fra første til siste): {statuses}",
        "{rows} rows ({new} new in {seconds} s; {pace} s from the first to the last): {statuses}",
    ),
    "batch.report_title": ("Følsomhetsanalyse", "Sensitivity batch"),
    "batch.report_intro": (
        "{rows} punkter, {figures} med tall ({statuses}); parametere: {parameters}.",
        "{rows} points, {figures} with figures ({statuses}); parameters: {parameters}.",
    ),
    "batch.attainment": ("Sannsynlighet for å nå målene", "Probability of meeting the targets"),
    "batch.attainment_headers": (
        "år|mål nådd|mål nådd, risikovektet",
        "year|target met|target met, risk-weighted",
    ),
    "batch.swings": ("Hva som betyr mest", "What matters most"),
    "batch.swings_intro": (
        "For hver parameter: gjennomsnittet av tallet ved parameterens laveste og høyeste "
        "utslag over punktene, bredest først (tusen kr).",
        "For each parameter: the figure's mean at the parameter's lowest and highest effect "
        "over the points, widest first (thousand NOK).",
    ),
    "batch.swing_headers": (
        "tall|parameter|lavest|høyest|utslag",
        "figure|parameter|lowest|highest|swing",
    ),
    "batch.sheet_attainment": ("Målene", "Targets"),
    "batch.sheet_swings": ("Utslag", "Swings"),
    "batch.sheet_rows": ("Punkter", "Points"),
    # --- the plan report (scheduler/io/report_documents.py) ------------------------------------
    "report.title": ("Planrapport — {instance}", "Plan report — {instance}"),
    "report.method": ("Metode {method} ({status}). ", "Method {method} ({status}). "),
    "report.intro": (
        "{measures} tiltak ({priced} med beløp). Beløp i tusen kr; risikovektet = hvert "
        "beløp ganger realiseringsandelen for tiltakets fargekode.",
        "{measures} measures ({priced} with amounts). Money in thousand NOK; risk-weighted = "
        "each amount times its colour's realisation share.",
    ),
    "report.in_short": ("Kort fortalt", "In short"),
    "report.warning_invalid": (
        "Advarsel: denne planen bryter {count} regel/regler i instansen (`scheduler "
        "evaluate` lister dem): tallene er ikke tallene til en gyldig plan.",
        "Warning: this plan breaks {count} rule(s) of the instance (`scheduler evaluate` "
        "lists them): its figures are not those of a valid plan.",
    ),
    "report.summary_headers": (
        "år|mål|overført inn|konsulentenes plan|denne planen|status|konsulentene, "
        "risikovektet|denne planen, risikovektet|status, risikovektet",
        "year|target|carried in|consultants' timing|this plan|status|consultants, "
        "risk-weighted|this plan, risk-weighted|status, risk-weighted",
    ),
    "report.carried": (
        "{nominal} (risikovektet {weighted})",
        "{nominal} (risk-weighted {weighted})",
    ),
    "report.more_than_consultants": (
        "{year}: {amount} mer enn konsulentenes plan (risikovektet {weighted}).",
        "{year}: {amount} more than the consultants' timing (risk-weighted {weighted}).",
    ),
    "report.less_than_consultants": (
        "{year}: {amount} mindre enn konsulentenes plan (risikovektet {weighted}).",
        "{year}: {amount} less than the consultants' timing (risk-weighted {weighted}).",
    ),
    "report.nothing_full": (
        "Ingen seksjoner eller felles ressurser er fullt belastet: kapasiteten holder "
        "ikke planen tilbake.",
        "No section or pool is used to capacity: capacity does not hold the plan back.",
    ),
    "report.full_unit": ("{name} i {months}", "{name} for {months}"),
    "report.holds_back": (
        "Det som holder planen tilbake: kapasiteten er fullt brukt for {units}; tiltak "
        "venter også på vedtak og på hverandre (se «Hva som binder»).",
        "What holds the plan back: capacity is fully used by {units}; measures also wait "
        "for decisions and for each other (see «What binds»).",
    ),
    "report.no_decisions": (
        "Ingen tiltak trenger vedtak i kommunestyret eller i budsjettet.",
        "No measure needs a council or budget decision.",
    ),
    "report.meeting_decides": (
        "{kind} {month}: {count} tiltak ({ids})",
        "{kind} {month}: {count} measure(s) ({ids})",
    ),
    "report.decisions_needed": (
        "Vedtak planen trenger: {meetings}.",
        "Decisions the plan needs: {meetings}.",
    ),
    "report.valid": ("Denne planen bryter ingen regler", "This plan breaks no rule"),
    "report.invalid": (
        "Denne planen bryter {count} regel/regler",
        "This plan breaks {count} rule(s)",
    ),
    "report.validity": (
        "{plan}; konsulentenes plan bryter {consultants}, "
        "{basis} (`scheduler evaluate` lister dem med kildelinjer).",
        "{plan}; the consultants' timing breaks {consultants}, "
        "{basis} (`scheduler evaluate` lists them with their source lines).",
    ),
    "report.validity_assumed": (
        "{count} av dem hviler på en forutsetning i prosjektet (`scheduler calibrate`)",
        "{count} of them resting on a project assumption (`scheduler calibrate`)",
    ),
    "report.validity_source": (
        "hver av dem en regel kilden selv oppgir",
        "each a rule the source states",
    ),
    "report.how_to_read": (
        "Nominell innsparing er kildens beløp i planens måneder. Risikovektet innsparing "
        "teller hver innsparing med realiseringsandelen for fargekoden ({shares}; "
        "forutsetninger, ikke fra kilden) og investeringer fullt ut: det er dette "
        "optimeringen planlegger etter. Et målårs manko overføres til neste år der "
        "instansen sier det (mankoen i 2025 til 2026); forutsetningene står til slutt.",
        "Nominal savings are the source's amounts at the plan's months. Risk-weighted "
        "savings count each saving at its colour's realisation share ({shares}; "
        "assumptions, not in the source) and investments in full: the optimiser plans on "
        "these. A target year's shortfall is carried into the next where the instance says "
        "so (the 2025 deficit into 2026); the assumptions are listed at the end.",
    ),
    "report.trades_intro": (
        "Der et målår kommer under konsulentenes plan, sparer disse tiltakene mindre i det "
        "året enn der. I konsulentenes måned ville hvert av dem endre målårenes risikovektede "
        "innsparing som vist; planen vekter et års manko med {weights} (forutsetningen "
        "targets.weight), og det avgjør avveiingen:",
        "Where a target year falls below the consultants' timing, these measures save less "
        "in it than there. At the consultants' month each would change the target years' "
        "risk-weighted savings as shown; the plan weighs a year's shortfall by {weights} "
        "(assumption targets.weight), and that decides the trade:",
    ),
    "report.weight_in": ("{weight} i {year}", "{weight} in {year}"),
    "report.weights_join": (" / ", " / "),
    "report.trade_headers": (
        "år|tiltak|navn|konsulentene|planen|nominelt|risikovektet|i konsulentenes måned "
        "(risikovektet)|hva som holder det",
        "year|measure|name|consultants'|plan|nominal|risk-weighted|at the consultants' month "
        "(risk-weighted)|what holds it",
    ),
    "report.against_targets": ("Innsparing mot målene", "Savings against the targets"),
    "report.targets_headers": (
        "år|mål|innsparing|risikovektet|manko|risikovektet manko",
        "year|target|savings|risk-weighted|shortfall|risk-weighted shortfall",
    ),
    "report.met": ("målet {target} nås med {savings}", "target {target} met with {savings}"),
    "report.short": (
        "{shortfall} under målet {target}",
        "{shortfall} short of the target {target}",
    ),
    "report.weighted_met": ("også nådd risikovektet", "risk-weighted also met"),
    "report.weighted_short": ("risikovektet {shortfall} under", "risk-weighted {shortfall} short"),
    "report.what_binds": ("Hva som binder", "What binds"),
    "report.at_capacity": (
        "Seksjoner og felles ressurser med full kapasitet",
        "Sections and pools at capacity",
    ),
    "report.capacity_headers": (
        "enhet|navn|måneder med full kapasitet|når",
        "unit|name|months at capacity|when",
    ),
    "report.months_of": ("{full} av {months}", "{full} of {months}"),
    "report.decisions": ("Vedtak og kommunestyremøter", "Decisions and council meetings"),
    "report.decision_headers": (
        "tiltak|navn|vedtak|start|sak klar|møte|effekt|ventet",
        "measure|name|decision|start|case ready|meeting|effect|waited",
    ),
    "report.before_plan": ("før planen", "before the plan"),
    "report.waited_total": (" ({months} i alt)", " ({months} in all)"),
    "report.decision_summary": (
        "{count} tiltak trenger vedtak i kommunestyret eller i budsjettet; {waiting} venter "
        "på et møte etter at saken er klar{total}. Budsjettvedtak gir effekt i januar etter "
        "budsjettet i desember.",
        "{count} measures need a council or budget decision; {waiting} wait for a meeting "
        "after their case is ready{total}. Budget decisions take effect in January after the "
        "December budget.",
    ),
    "report.chain": ("Kritisk avhengighetskjede", "Critical dependency chain"),
    "report.chain_headers": (
        "tiltak|navn|start|effekt|avhengighet av forrige|binder",
        "measure|name|start|effect|dependency on the previous|binding",
    ),
    "report.no_chain": ("Ingen tiltak avhenger av andre.", "No measure depends on another."),
    "report.chain_binding": (
        "{chain}: fra {first} til {last} ({months}). Hvert tiltak starter så snart "
        "forutsetningen tillater: flyttes det første tidligere, flyttes hele kjeden.",
        "{chain}: from {first} to {last} ({months}). Each measure starts as soon as its "
        "prerequisite allows: moving the first one earlier moves the whole chain.",
    ),
    "report.chain_free": (
        "{chain}: fra {first} til {last} ({months}). Ingen avhengighet binder i denne "
        "planen; dette er den lengste kjeden.",
        "{chain}: from {first} to {last} ({months}). No dependency binds in this plan; this "
        "is the longest chain.",
    ),
    "report.why": (
        "Hvorfor hvert tiltak gir effekt når det gjør",
        "Why each measure takes effect when it does",
    ),
    "report.why_intro": (
        "Hva som hindrer hvert tiltak i å gi effekt én måned tidligere, når alle andre "
        "tiltak blir der planen har dem: den første regelen som blokkerer, i rekkefølgen "
        "fastsatt (startet, eller fast måned), tidsvindu (tidligste effekt, eller planstart "
        "pluss forberedelsestid), vedtak (ingen møte i kommunestyret eller budsjett "
        "tillater det), forutsetning (en avhengighet), kapasitet (en seksjon eller en "
        "felles ressurs har ikke rom) og verdi (ingenting binder: en tidligere måned er "
        "ikke verdt det for planen). Flyttet: planens effektmåned minus konsulentenes, i "
        "måneder.",
        "What keeps each measure from taking effect one month earlier, every other measure "
        "staying where the plan has it: the first rule that blocks, in the order fixed "
        "(started, or a fixed month), window (earliest effect, or the plan start plus the "
        "lead time), decision (no council or budget meeting allows it), prerequisite (a "
        "dependency), capacity (a section or pool has no room) and value (nothing binds: "
        "an earlier month is not worth it to the plan). Moved: the plan's effect month "
        "minus the consultants', in months.",
    ),
    "report.moved_far": (
        "Flyttet mer enn {months} fra konsulentenes plan",
        "Moved more than {months} from the consultants' timing",
    ),
    "report.moved_headers": (
        "tiltak|navn|konsulentenes effekt|planens effekt|flyttet|begrunnelse",
        "measure|name|consultants' effect|plan effect|moved|reason",
    ),
    "report.none_moved_far": (
        "Ingen tiltak flyttes mer enn {months}.",
        "No measure moves more than {months}.",
    ),
    "report.moved_summary": (
        "{count} av {measures} tiltak: {later} senere og {earlier} tidligere enn i "
        "konsulentenes plan.",
        "{count} of {measures} measures: {later} later and {earlier} earlier than the "
        "consultants' timing.",
    ),
    "report.all_measures": ("Alle tiltak", "All measures"),
    "report.kind_summary": (
        "Hva som binder, for {measures} tiltak: {shown}.",
        "What binds, over {measures} measures: {shown}.",
    ),
    "report.reason_headers": (
        "tiltak|konsulentenes effekt|planens effekt|flyttet|binder|begrunnelse",
        "measure|consultants' effect|plan effect|moved|binds|reason",
    ),
    "report.charts": ("Diagrammer", "Charts"),
    "report.no_images": (
        "Ingen diagrambilder ble laget (ingen nettleser funnet); diagrammene ligger i "
        "`gantt.html` og `report.html`.",
        "No chart images were rendered (no browser found); the charts are in `gantt.html` "
        "and `report.html`.",
    ),
    "report.assumptions": ("Forutsetninger som er brukt", "Assumptions used"),
    "report.assumptions_intro": (
        "Hvert tall kilden ikke oppgir, med begrunnelse og kildelinjen det hviler på "
        "(endre dem i instansfilen og planlegg på nytt).",
        "Every number the source does not give, with its reason and the source line it "
        "rests on (change them in the instance file and plan again).",
    ),
    "report.assumption_headers": ("felt|begrunnelse|linje", "field|reason|line"),
    # --- reasons: why a measure takes effect when it does (scheduler/reasons.py) ---------
    "reason.kind.fixed": ("fastsatt", "fixed"),
    "reason.kind.window": ("tidsvindu", "window"),
    "reason.kind.decision": ("vedtak", "decision"),
    "reason.kind.prerequisite": ("forutsetning", "prerequisite"),
    "reason.kind.capacity": ("kapasitet", "capacity"),
    "reason.kind.value": ("verdi", "value"),
    "reason.fixed": ("fastsatt til å gi effekt fra {month}", "fixed to take effect in {month}"),
    "reason.started": (
        "allerede i gang: beholdt på planlagt effekt {month}",
        "already under way: kept at its planned effect {month}",
    ),
    "reason.earliest_effect": (
        "kan ikke gi effekt før {month}, tidligste effektmåned",
        "cannot take effect before {month}, its earliest effect month",
    ),
    "reason.lead_time": (
        "kan ikke gi effekt før {month}: arbeidet kan tidligst starte {start} og trenger "
        "{lead} før effekt",
        "cannot take effect before {month}: work can start in {start} at the earliest and "
        "needs {lead} before the effect",
    ),
    "reason.budget": (
        "et budsjettvedtak gir effekt bare fra en januar, med saken klar til budsjettmøtet i "
        "desember før, og {month} er ikke en januar",
        "a budget decision lets it take effect only in a January, with its case ready for "
        "the December budget meeting before it, and {month} is not one",
    ),
    "reason.needs_council": ("trenger vedtak i kommunestyret", "needs a council decision"),
    "reason.waits_for_meeting": (
        "venter på kommunestyremøtet i {month}",
        "waits for the council meeting of {month}",
    ),
    "reason.council": (
        "{waits}: effekt i {month} ville kreve et møte {span} (når saken er klar), og det "
        "er ikke noe",
        "{waits}: an effect in {month} would need a meeting {span} (once its case is "
        "ready), and there is none",
    ),
    "reason.span_one": ("i {month}", "in {month}"),
    "reason.span": ("mellom {first} og {last}", "between {first} and {last}"),
    "reason.event_effect": ("gir effekt {month}", "takes effect {month}"),
    "reason.event_start": ("starter {month}", "starts {month}"),
    "reason.lag": (" med {months} forsinkelse", " with a lag of {months}"),
    "reason.waits_for": (
        "venter på {measure} ({event}): {kind}-avhengighet{lag}",
        "waits for {measure} ({event}): {kind} dependency{lag}",
    ),
    "reason.what_effect": ("gir effekt", "takes effect"),
    "reason.what_start": ("starter", "starts"),
    "reason.held_by": (
        "{measure} (starter {start}) må starte senest {months} etter at dette tiltaket "
        "{what}: {kind}-avhengighet med lengste tillatte forsinkelse",
        "{measure} (starts {start}) must start at most {months} after it {what}: {kind} "
        "dependency with a maximum lag",
    ),
    "reason.at_capacity": (
        "{unit} har full kapasitet i {month} ({used} av {capacity} enheter i bruk)",
        "{unit} is at capacity in {month} ({used} of {capacity} units)",
    ),
    "reason.short_of_capacity": (
        "{unit} har {free} av {capacity} enheter ledig i {month}, og å starte en måned "
        "tidligere krever {load}",
        "{unit} has {free} of {capacity} units free in {month}, and starting a month "
        "earlier needs {load}",
    ),
    "reason.could": (
        "ingenting binder: tiltaket kunne gitt effekt i {month}",
        "nothing binds: it could take effect in {month}",
    ),
    "reason.not_counted": (
        "innsparingen teller ikke mot noe mål (utenfor kapittelsummene)",
        "its savings count toward no target (outside the chapter sums)",
    ),
    "reason.no_amount": ("det har ikke eget beløp", "it has no amount of its own"),
    "reason.gains_nothing": (
        "{could}, men {why}, så det gir ingen gevinst",
        "{could}, but {why}, so that gains nothing",
    ),
    "reason.change_in": ("{change} i {year}", "{change} in {year}"),
    "reason.adds_nothing": (
        "{could}, men det gir ingen ekstra innsparing{one_off}",
        "{could}, but that adds no savings{one_off}",
    ),
    "reason.trade_off": (
        "{could}, men den risikovektede innsparingen ville endret seg med {shown} "
        "(tusen kr): planens avveiing mellom år",
        "{could}, but its risk-weighted savings would change by {shown} (thousand NOK): "
        "the plan's trade-off between years",
    ),
    "reason.gain_left": (
        "{could}, og den risikovektede innsparingen ville endret seg med {shown} "
        "(tusen kr): en gevinst planen lar ligge",
        "{could}, and its risk-weighted savings would change by {shown} (thousand NOK): "
        "a gain the plan leaves",
    ),
    "reason.one_off_booked": (
        ": engangsbeløpet bokføres allerede ved effekt i {month}",
        ": its one-off is booked at {month} already",
    ),
    "reason.one_off_lost": (
        ": engangsbeløpet bokføres bare ved effekt senest {month}",
        ": its one-off books only with an effect by {month}",
    ),
    "reason.cite": ("{text}, kilde l. {line}", "{text}, source l.{line}"),
    # --- output files (scheduler/io/solve_outputs.py) -----------------------------------------
    "outputs.charts_title": (
        "Gjennomføringsplan — {instance}",
        "Implementation plan — {instance}",
    ),
    "outputs.caption.gantt": ("Gantt-diagram og innsparing", "Gantt chart and savings"),
    "outputs.caption.capacity": ("Kapasitetsbruk", "Capacity use"),
    "outputs.caption.gantt-groups": (
        "Gjennomføringsplan per tiltaksgruppe",
        "Implementation plan by action group",
    ),
    "outputs.caption.targets": ("Innsparing mot målene", "Savings against the targets"),
    # --- the plan workbook (scheduler/io/excel.py) --------------------------------------------
    "xlsx.plan_sheet": ("Plan", "Plan"),
    "xlsx.gantt_sheet": ("Gantt", "Gantt"),
    "xlsx.summary_sheet": ("Sammendrag", "Summary"),
    "xlsx.measure": ("tiltak", "measure"),
    "xlsx.name": ("navn", "name"),
    "xlsx.section": ("seksjon", "section"),
    "xlsx.group": ("tiltaksgruppe", "group"),
    "xlsx.colour": ("fargekode", "colour"),
    "xlsx.start": ("start", "start"),
    "xlsx.meeting": ("vedtaksmøte", "decision meeting"),
    "xlsx.effect": ("effekt", "effect"),
    "xlsx.consultants_effect": ("konsulentenes effekt", "consultants' effect"),
    "xlsx.moved": ("flyttet (måneder)", "moved (months)"),
    "xlsx.why": ("hvorfor", "why"),
    "xlsx.source_line": ("kildelinje", "source line"),
    "xlsx.savings": ("innsparing", "savings"),
    "xlsx.consultants": ("konsulentene", "consultants"),
    "xlsx.risk_weighted": ("risikovektet", "risk-weighted"),
    "xlsx.in_chapter_sum": ("i kapittelsummene", "in chapter sums"),
    "xlsx.note": ("merknad", "note"),
    "xlsx.gantt_marks": ("x|V|E", "x|D|E"),
    "xlsx.gantt_legend": (
        "x: forberedelse (farget etter fargekode) · V: vedtaksmøte i kommunestyret eller "
        "budsjettet · E: første måned med effekt",
        "x: preparation (filled by mobilisation colour) · D: council/budget decision meeting "
        "· E: first month of effect",
    ),
    "xlsx.summary_title": ("Sammendrag av planen (tusen kr)", "Plan summary (thousand NOK)"),
    "xlsx.instance": ("instans", "instance"),
    "xlsx.method": ("metode", "method"),
    "xlsx.summary_headers": (
        "år|mål|innsparing|risikovektet|manko|risikovektet manko|konsulentenes plan|"
        "konsulentene, risikovektet",
        "year|target|savings|risk-weighted|shortfall|risk-weighted shortfall|consultants' "
        "timing|consultants, risk-weighted",
    ),
    "xlsx.by_section": ("innsparing per seksjon", "savings by section"),
    # --- charts ----------------------------------------------------------------------------
    "chart.plan_start": ("planstart {month}", "plan start {month}"),
    "chart.colour_meaning.red": (
        "rød: omfattende prosess, usikkert beløp ({share} realiseres)",
        "red: extensive process, uncertain amount ({share} realised)",
    ),
    "chart.colour_meaning.yellow": (
        "gul: middels omfattende prosess, sannsynlig beløp ({share} realiseres)",
        "yellow: medium process, likely amount ({share} realised)",
    ),
    "chart.colour_meaning.green": (
        "grønn: mindre omfattende prosess, sikkert beløp ({share} realiseres)",
        "green: small process, certain amount ({share} realised)",
    ),
    "chart.effect_phase": ("effektfase ({colour})", "effect phase ({colour})"),
    "chart.decision": ("vedtak i kommunestyret / budsjettet", "council / budget decision"),
    "chart.decided": (
        "{measure}: vedtatt i møtet {month}",
        "{measure}: decided in the meeting of {month}",
    ),
    "chart.gantt_title": ("Gjennomføringsplan — {instance}", "Implementation plan — {instance}"),
    "chart.gantt_note": (
        "tykk stolpe: forberedelse fra arbeidsstart til effekt · tynn stolpe: innsparingen "
        "løper · ◆ vedtak i kommunestyret/budsjettet · pil: avhengighet · pek på en rad for "
        "detaljer",
        "thick bar: preparation from start of work to effect · thin bar: savings running · "
        "◆ council/budget decision · arrow: dependency · hover a row for details",
    ),
    "chart.dependency": ("{measure} ({kind}, etterslep {lag})", "{measure} ({kind}, lag {lag})"),
    "chart.hover_decided": (", vedtatt {month}", ", decided {month}"),
    "chart.hover_colour": (
        "fargekode {colour} ({share} realiseres)",
        "colour {colour} ({share} realised)",
    ),
    "chart.hover_timing": (
        "start {start}{decision}, effekt {effect}",
        "start {start}{decision}, effect {effect}",
    ),
    "chart.hover_amounts": (
        "beløp i kilden (tusen kr): {amounts}",
        "amounts in the source (thousand NOK): {amounts}",
    ),
    "chart.qualitative": ("ingen (kvalitativt)", "none (qualitative)"),
    "chart.hover_savings": (
        "innsparing i denne planen (tusen kr): {amounts}",
        "savings in this plan (thousand NOK): {amounts}",
    ),
    "chart.hover_depends": ("avhenger av: {measures}", "depends on: {measures}"),
    "chart.nothing": ("ingenting", "nothing"),
    "chart.hover_line": ("kildelinje {line}", "source line {line}"),
    "chart.outside_sums": (" (utenfor summene)", " (outside the sums)"),
    "chart.effort_used": ("innsats brukt", "effort used"),
    "chart.at_capacity": ("full kapasitet", "at capacity"),
    "chart.unit_use": (
        "{unit} {month}: {used} av {capacity}",
        "{unit} {month}: {used} of {capacity}",
    ),
    "chart.capacity": ("kapasitet", "capacity"),
    "chart.capacity_title": (
        "Kapasitetsbruk (innsatsenheter per måned) — {instance}",
        "Capacity use (effort units per month) — {instance}",
    ),
    "chart.nominal_quarter": ("nominelt per kvartal", "nominal per quarter"),
    "chart.weighted_quarter": ("risikovektet per kvartal", "risk-weighted per quarter"),
    "chart.quarter_hover": (
        "{name}, kvartalet fra {month}: {amount}",
        "{name}, quarter from {month}: {amount}",
    ),
    "chart.nominal_cumulative": ("nominelt, akkumulert i året", "nominal, cumulative in the year"),
    "chart.weighted_cumulative": (
        "risikovektet, akkumulert i året",
        "risk-weighted, cumulative in the year",
    ),
    "chart.yearly_target": ("årets mål", "yearly target"),
    "chart.target_hover": ("mål", "target"),
    "chart.target_label": ("mål {year}: {amount}", "target {year}: {amount}"),
    "chart.year_label": (
        "<b>{year}: {nominal}</b><br>risikovektet {weighted}",
        "<b>{year}: {nominal}</b><br>risk-weighted {weighted}",
    ),
    "chart.groups_title": (
        "Gjennomføringsplan per tiltaksgruppe — {instance}",
        "Implementation plan by action group — {instance}",
    ),
    "chart.groups_note": (
        "stolpe: arbeid fra første start til siste effekt · prikk: et tiltak gir effekt "
        "(større prikk, mer penger) · ◆ vedtak i kommunestyret/budsjettet",
        "bar: work from the first start to the last effect · dot: a measure takes effect "
        "(larger dot, more money) · ◆ council/budget decision",
    ),
    "chart.groups_work": ("{section}: arbeid", "{section}: work"),
    "chart.groups_effect": ("{section}: effekt", "{section}: effect"),
    "chart.groups_span": (
        "{group}: {measures} tiltak, arbeid fra {start}, siste effekt {effect}",
        "{group}: {measures} measures, work from {start}, last effect {effect}",
    ),
    "chart.groups_measure": (
        "{measure} {name}<br>effekt {effect}; {year}: {amount} tusen kr",
        "{measure} {name}<br>effect {effect}; {year}: {amount} thousand NOK",
    ),
    "chart.groups_meeting": ("vedtak {month}", "decision {month}"),
    "chart.groups_totals": ("mill. kr {years}", "NOK million {years}"),
    "chart.targets_title": (
        "Innsparing mot målene — {instance}",
        "Savings against the targets — {instance}",
    ),
    "chart.targets_note": (
        "denne planen ved siden av konsulentenes plan, nominelt og risikovektet; rød strek: "
        "årets mål med manko overført fra året før",
        "this plan beside the consultants' timing, nominal and risk-weighted; red line: "
        "the year's target with any shortfall carried in",
    ),
    "chart.targets_consultants": ("konsulentenes plan", "consultants' timing"),
    "chart.targets_plan": ("denne planen", "this plan"),
    "chart.targets_consultants_weighted": (
        "konsulentenes plan, risikovektet",
        "consultants' timing, risk-weighted",
    ),
    "chart.targets_plan_weighted": ("denne planen, risikovektet", "this plan, risk-weighted"),
    "chart.targets_axis": ("mill. kr", "NOK million"),
    "chart.targets_target": ("mål {target}", "target {target}"),
    "chart.targets_carried": (
        "mål {target} (med {carried} overført)",
        "target {target} (with {carried} carried in)",
    ),
    "chart.targets_nominal": ("nominelt", "nominal"),
    "chart.targets_weighted": ("risikovektet", "risk-weighted"),
    "chart.targets_short": ("(mangler {amount})", "({amount} short)"),
    "chart.batch_low": ("laveste gjennomsnitt", "lowest mean"),
    "chart.batch_high": ("høyeste gjennomsnitt", "highest mean"),
    "chart.batch_tornado": ("Hva som flytter {figure} mest", "What moves {figure} most"),
    "chart.batch_risk_weighted": ("risikovektet innsparing {year}", "risk-weighted savings {year}"),
    "chart.batch_savings": ("innsparing {year}", "savings {year}"),
    "chart.batch_rows": ("punkter", "points"),
    "chart.batch_distribution": (
        "Risikovektet innsparing {year} over punktene",
        "Risk-weighted savings {year} over the points",
    ),
    "chart.savings_title": (
        "Innsparing mot årets mål — {instance}",
        "Savings against the yearly targets — {instance}",
    ),
    # --- progress (scheduler/io/progress.py) -------------------------------------------------
    "progress.warm start": ("startplan", "warm start"),
    "progress.search": ("søk", "search"),
    "progress.finishing": ("avslutter", "finishing"),
    "progress.stage": ("(nivå {stage} av {stages})", "(level {stage} of {stages})"),
    "progress.best": ("beste {value}", "best {value}"),
    "progress.bound": ("grense {value}", "bound {value}"),
    "progress.gap": ("gap {gap}", "gap {gap}"),
    "progress.batch": ("punkter", "points"),
    "progress.time": ("{elapsed} s, {left} s igjen", "{elapsed} s, {left} s left"),
    # --- the what-if page (scheduler/web) ----------------------------------------------------
    "web.title": ("Hva om? {instance}", "What if? {instance}"),
    "web.intro": (
        "Endre forutsetningene og trykk Optimaliser: planen regnes ut på nytt mot målene for "
        "hvert år. Beløp i tusen kr.",
        "Change the assumptions and press Optimise: the plan is worked out again against each "
        "year's targets. Amounts in thousand NOK.",
    ),
    "web.origin": ("siden", "the page"),
    "web.optimise": ("Optimaliser", "Optimise"),
    "web.optimising": ("Optimaliserer …", "Optimising …"),
    "web.reset": ("Tilbakestill", "Reset"),
    "web.assumptions": ("Forutsetninger", "Assumptions"),
    "web.capacity": ("Kapasitet", "Capacity"),
    "web.capacity_intro": (
        "Flere (+) eller færre (−) årsverk til endringsarbeid per måned, fra og til en måned.",
        "More (+) or fewer (−) people for change work per month, from and until a month.",
    ),
    "web.capacity_columns": (
        "Seksjon / ressurs|I dag|Endring|Fra|Til",
        "Section / pool|Now|Change|From|Until",
    ),
    "web.until_end": ("slutt", "end"),
    "web.realisation": ("Realisering etter farge (%)", "Realisation by colour (%)"),
    "web.duration": ("Forberedelsestid etter farge (måneder)", "Preparation by colour (months)"),
    "web.plan_start": ("Arbeidet starter", "Work starts"),
    "web.delay": ("Alle vedtak senere (måneder)", "Every decision later (months)"),
    "web.leave_out": ("Ta ut tiltak", "Leave out measures"),
    "web.lock": ("Lås et tiltak til en effektmåned", "Lock a measure to an effect month"),
    "web.lock_button": ("Lås", "Lock"),
    "web.locked": ("{measure}: effekt {month}", "{measure}: effect {month}"),
    "web.remove": ("Fjern", "Remove"),
    "web.choose_measure": ("Velg tiltak", "Choose a measure"),
    "web.choose_month": ("Velg måned", "Choose a month"),
    "web.upload": (
        "Last opp en instans eller et scenario (YAML, høyst {size})",
        "Upload an instance or a scenario (YAML, at most {size})",
    ),
    "web.uploaded_instance": (
        "Lastet opp {file}: siden regner nå med denne instansen.",
        "Uploaded {file}: the page now works with this instance.",
    ),
    "web.uploaded_scenario": (
        "Lastet opp {file}: endringene står i skjemaet (grunnlaget er instansen siden viser, "
        "ikke filens «base»).",
        "Uploaded {file}: its changes are in the form (on the instance the page shows, not "
        "the file's «base»).",
    ),
    "web.uploaded_extra": (
        " Endringer skjemaet ikke viser, gjelder også: {fields}.",
        " Changes the form does not show apply as well: {fields}.",
    ),
    "web.upload_too_large": (
        "{file}: filen er større enn {size}",
        "{file}: the file is larger than {size}",
    ),
    "web.upload_not_yaml": (
        "{file}: bare YAML-filer (.yaml, .yml)",
        "{file}: YAML files only (.yaml, .yml)",
    ),
    "web.upload_lost": (
        "Den opplastede instansen finnes ikke lenger på tjeneren (startet på nytt?): siden "
        "viser grunnlaget igjen.",
        "The uploaded instance is no longer on the server (restarted?): the page shows the "
        "base again.",
    ),
    "web.error": ("Ikke endret: {error}", "Not changed: {error}"),
    "web.optimal": (
        "Beste plan under disse forutsetningene (bevist optimal, {seconds} s).",
        "The best plan under these assumptions (proven optimal, {seconds} s).",
    ),
    "web.feasible": (
        "Tidsgrensen på {limit} s er nådd: dette er den beste planen funnet, ikke bevist best "
        "(avstand til det beste mulige høyst {gap}).",
        "The time limit of {limit} s was reached: this is the best plan found, not proven best "
        "(at most {gap} from the best possible).",
    ),
    "web.no_plan": ("Fant ingen plan: {reason}", "No plan found: {reason}"),
    "web.target": ("Mål", "Target"),
    "web.carried": ("+ {amount} overført", "+ {amount} carried"),
    "web.plan": ("Planen", "The plan"),
    "web.weighted": ("Risikovektet", "Risk-weighted"),
    "web.short": ("ikke nådd, mangler {amount}", "not reached, {amount} short"),
    "web.tab_plan": ("Plan per tiltaksgruppe", "Plan by action group"),
    "web.tab_targets": ("Mot målene", "Against the targets"),
    "web.tab_candidates": ("Kandidater", "Candidates"),
    "web.why": ("Hvorfor denne måneden?", "Why this month?"),
    "web.why_hint": (
        "Klikk på en rad i diagrammet for tiltakene i gruppen, eller velg ett tiltak.",
        "Click a row in the chart for the group's measures, or choose one measure.",
    ),
    "web.why_line": (
        "{id} {name}: effekt {effect} (konsulentene: {planned}). {text}",
        "{id} {name}: effect {effect} (consultants: {planned}). {text}",
    ),
    "web.candidate_name": ("Navn på kandidaten", "The candidate's name"),
    "web.save": ("Lagre som kandidat", "Save as candidate"),
    "web.candidate_default": ("Kandidat {number}", "Candidate {number}"),
    "web.no_candidates": (
        "Ingen kandidater ennå: lagre planen du ser for å sammenligne den med andre.",
        "No candidates yet: save the plan you see to compare it with others.",
    ),
    "web.saved": ("Lagrede kandidater", "Saved candidates"),
    "web.download": ("Last ned", "Download"),
    "web.download_xlsx": ("Plan (Excel)", "Plan (Excel)"),
    "web.download_png": ("Gantt (PNG)", "Gantt (PNG)"),
    "web.download_report": ("Rapport (HTML)", "Report (HTML)"),
    "web.download_scenario": ("Scenario (YAML)", "Scenario (YAML)"),
    "web.scenario_name": ("Fra nettsiden", "From the web page"),
    "web.scenario_header": (
        "Scenario laget på nettsiden. Kjør det igjen fra kommandolinjen:\n"
        "  scheduler solve {file}\n"
        "«base» er instansen siden regnet med; flytt filen eller rett stien om den ligger "
        "et annet sted.",
        "Scenario made on the web page. Run it again from the command line:\n"
        "  scheduler solve {file}\n"
        "«base» is the instance the page worked with; move the file or correct the path if "
        "it lies elsewhere.",
    ),
    "web.png_failed": ("Ingen PNG: {reason}", "No PNG: {reason}"),
    "web.serving": (
        "Siden er klar på {url} (Ctrl-C avslutter).",
        "The page is ready at {url} (Ctrl-C stops it).",
    ),
    "web.listen_warning": (
        "Advarsel: siden lytter på {host}, ikke bare på denne maskinen: alle som når "
        "maskinen over nettet, kan åpne siden og kjøre optimeringer. Bruk det bare på et "
        "nett du stoler på.",
        "Warning: the page listens on {host}, not only on this machine: anyone who can reach "
        "the machine over the network can open the page and run optimisations. Use it only "
        "on a network you trust.",
    ),
}


@dataclass(frozen=True)
class Texts:
    """The messages and number style of one language."""

    lang: Lang = DEFAULT_LANG

    def __call__(self, key: str, **values: object) -> str:
        nb, en = CATALOG[key]
        return (nb if self.lang == Lang.NB else en).format(**values)

    def columns(self, key: str) -> tuple[str, ...]:
        """A table's headers, kept in the catalog as one text separated by '|'."""
        return tuple(self(key).split("|"))

    def listing(self, items: list[str]) -> str:
        """['a', 'b', 'c'] -> 'a, b og c' / 'a, b and c'."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])}{self('word.and')}{items[-1]}"

    def kilo(self, value: int | None) -> str:
        """12591 -> '12 591'; None -> ''."""
        return "" if value is None else f"{value:,}".replace(",", " ")

    def signed(self, value: int) -> str:
        """+1 234 / -1 234 (a typographic minus in Norwegian)."""
        sign = "+" if value >= 0 else ("−" if self.lang == Lang.NB else "-")
        return f"{sign}{self.kilo(abs(value))}"

    def decimal(self, value: float, digits: int = 1) -> str:
        """12.55 -> '12,6' in Norwegian, '12.6' in English (thousands separated by a space)."""
        text = f"{value:,.{digits}f}".replace(",", " ")
        return text.replace(".", ",") if self.lang == Lang.NB else text

    def millions(self, kilo: int) -> str:
        """Thousand NOK -> '12,6 mill. kr' / 'NOK 12.6 million'."""
        return self("unit.millions", value=self.decimal(kilo / 1000))

    def percent(self, value: float) -> str:
        """50 -> '50 %' / '50%'."""
        number = self.decimal(value, 0) if float(value).is_integer() else self.decimal(value)
        return f"{number} %" if self.lang == Lang.NB else f"{number}%"

    def month(self, month: int) -> str:
        """Absolute month number -> 'sep. 2025' / 'Sep 2025'."""
        return f"{_MONTHS[Lang(self.lang)][month % 12]} {month // 12}"

    def months(self, count: int) -> str:
        """3 -> '3 måneder' / '3 months'."""
        return self("unit.month" if abs(count) == 1 else "unit.months", count=count)
