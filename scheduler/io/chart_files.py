"""Chart files: self-contained offline HTML, and PNG/SVG/PDF through kaleido and Chromium.

The HTML embeds plotly.js once per file (no CDN, no network), so it opens offline and can
be mailed or archived. Images need a Chromium-family browser on the machine; kaleido (>= 1)
is pointed at the one found on the PATH (Debian: ``apt-get install chromium``) and never
downloads one. Without a browser, :class:`ImageExportError` says so in one line and the
caller still has its HTML.
"""

from __future__ import annotations

import asyncio
import html
import shutil
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from scheduler.i18n import DEFAULT_LANG
from scheduler.io.files import write_bytes_atomically, write_text_atomically

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
IMAGE_FORMATS = ("png", "svg", "pdf")


class ImageExportError(Exception):
    """Images could not be rendered (no browser, or it failed); one line for the user."""


def find_browser() -> str | None:
    """Path of the first Chromium-family browser on the PATH, or None."""
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


def figure_divs(figures: Sequence[go.Figure]) -> list[str]:
    """HTML fragments of the figures; the first carries plotly.js inline, the rest reuse it."""
    config = {"displaylogo": False, "responsive": True}
    return [
        fig.to_html(full_html=False, include_plotlyjs=index == 0, config=config)
        for index, fig in enumerate(figures)
    ]


def html_page(title: str, body: str, style: str = "", lang: str = DEFAULT_LANG) -> str:
    """A complete UTF-8 HTML document around ``body``, in language ``lang``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:1.5em;color:#222}"
        f"{style}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def figures_html(title: str, figures: Sequence[go.Figure], lang: str = DEFAULT_LANG) -> str:
    """One offline page holding all the figures, plotly.js embedded once."""
    divs = "\n".join(f"<div>{div}</div>" for div in figure_divs(figures))
    return html_page(title, f"<h1>{html.escape(title)}</h1>\n{divs}", lang=lang)


def write_html(
    path: Path, title: str, figures: Sequence[go.Figure], lang: str = DEFAULT_LANG
) -> None:
    write_text_atomically(path, figures_html(title, figures, lang))


def render_images(
    figures: Sequence[tuple[go.Figure, str]], browser: str | None = None
) -> list[bytes]:
    """Each (figure, format) as image bytes, all rendered in one browser session.

    ``browser`` defaults to :func:`find_browser`. Raises :class:`ImageExportError`.
    """
    import kaleido  # imported here: loading it is slow and only images need it
    from kaleido.errors import (
        BrowserClosedError,
        BrowserFailedError,
        ChromeNotFoundError,
        JavascriptError,
        KaleidoError,
    )

    for _, image_format in figures:
        if image_format not in IMAGE_FORMATS:
            raise ImageExportError(f"unknown image format {image_format!r}")
    path = browser or find_browser()
    if path is None:
        raise ImageExportError(
            "no Chromium or Chrome browser found on the PATH, so no PNG/PDF "
            "(install one, e.g. 'apt-get install chromium'); the HTML has the same charts"
        )

    async def render() -> list[bytes]:
        # mathjax=False: kaleido would otherwise load MathJax from a CDN.
        async with kaleido.Kaleido(path=path, mathjax=False, timeout=120) as session:
            images = []
            for fig, image_format in figures:
                options = {
                    "format": image_format,
                    "width": fig.layout.width or 1400,
                    "height": fig.layout.height or 800,
                }
                images.append(await session.calc_fig(fig, opts=options))
            return images

    try:
        return asyncio.run(render())
    except (
        ChromeNotFoundError,
        BrowserFailedError,
        BrowserClosedError,
        JavascriptError,
        KaleidoError,
        TimeoutError,
        OSError,
        RuntimeError,
    ) as error:
        # kaleido's messages run over several sentences (and suggest downloading a browser,
        # which this tool never does): keep the first.
        reason = str(error.args[0]) if error.args else type(error).__name__
        first = reason.strip().splitlines()[0].split(". ")[0] if reason.strip() else reason
        raise ImageExportError(f"cannot render images with {path}: {first}") from None


def write_images(figures: Sequence[tuple[go.Figure, Path]], browser: str | None = None) -> None:
    """Render each figure to its path (format from the suffix), each file written atomically."""
    images = render_images([(fig, path.suffix.lstrip(".")) for fig, path in figures], browser)
    for (_, path), image in zip(figures, images, strict=True):
        write_bytes_atomically(path, image)
