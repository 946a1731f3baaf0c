"""``python -m scheduler``: the command line, where the ``scheduler`` script is not on PATH."""

from scheduler.cli import app

app(prog_name="scheduler")
