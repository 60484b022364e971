"""The look every figure shares: matplotlib set up deterministically, the colours of
the light and the dark theme, and ``figure_html``, which embeds a figure in a page.

Figures take every colour from the current theme (``theme()``), so one drawing
function draws for white paper or for the site's dark page. Outside ``themed(...)``
the theme is ``LIGHT``.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage

#: An array of floats, as every figure computes with.
Floats = npt.NDArray[np.float64]

#: Colour of positive weights / activations and of negative weights (light theme).
POSITIVE = "#1f6fb4"
NEGATIVE = "#c4452f"


def _rgb(colour: str) -> Floats:
    """A ``#rrggbb`` colour as three floats in [0, 1]."""
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


@dataclass(frozen=True)
class Theme:
    """The colours of one page scheme.

    Greys are mixes of ``foreground`` (level 0) and ``background`` (level 1), so
    ``grey(0.3)`` is on a dark page what matplotlib's ``"0.3"`` is on white paper:
    as far from the paper. An activation is ink on that paper: 0 is the paper
    itself, 1 is full ink.

    Attributes:
        name: ``"light"`` or ``"dark"``, as in the HTML the figure is embedded in.
        background: The paper every figure is drawn on.
        foreground: Text, axes and full ink.
        positive: Positive weights and activations.
        negative: Negative weights, costs and mistakes.
    """

    name: str
    background: str
    foreground: str
    positive: str
    negative: str

    def grey(self, level: float) -> tuple[float, float, float]:
        """A grey between full ink (0) and the paper (1)."""
        mixed = (1 - level) * _rgb(self.foreground) + level * _rgb(self.background)
        return (float(mixed[0]), float(mixed[1]), float(mixed[2]))

    def ink(self, value: float) -> tuple[float, float, float]:
        """A neuron's fill: its activation as ink (0 paper, 1 full ink), clipped."""
        return self.grey(1.0 - round(float(np.clip(value, 0.0, 1.0)), 4))

    def ink_rgb(self, values: npt.ArrayLike) -> Floats:
        """``ink`` for a whole array: one RGB triple per value."""
        ink = np.clip(np.asarray(values, dtype=float), 0.0, 1.0)[..., None]
        paper, full = _rgb(self.background), _rgb(self.foreground)
        return np.asarray(paper + ink * (full - paper), dtype=float)

    def signed_rgb(self, values: npt.ArrayLike, largest: float) -> Floats:
        """``positive`` or ``negative`` by sign, mixed with the paper in proportion
        to |value| / largest: one RGB triple per value."""
        array = np.asarray(values, dtype=float)[..., None]
        base = np.where(array >= 0, _rgb(self.positive), _rgb(self.negative))
        strength = 0.15 + 0.85 * np.minimum(np.abs(array) / max(largest, 1e-12), 1.0)
        paper = _rgb(self.background)
        return np.asarray(paper + strength * (base - paper), dtype=float)

    def ink_map(self) -> Colormap:
        """The colour map of images of brightness: paper at 0, full ink at 1."""
        from matplotlib.colors import LinearSegmentedColormap

        colours = [self.background, self.foreground]
        return LinearSegmentedColormap.from_list(f"ink-{self.name}", colours)

    def signed_map(self) -> Colormap:
        """The colour map of weights: ``negative``, the paper at 0, ``positive``."""
        from matplotlib.colors import LinearSegmentedColormap

        colours = [self.negative, self.background, self.positive]
        return LinearSegmentedColormap.from_list(f"signed-{self.name}", colours)

    def text_on(self, fill: tuple[float, ...]) -> str:
        """Black text on pale fills, white text on dark ones."""
        r, g, b = fill[:3]
        return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"

    def rc(self) -> dict[Any, Any]:
        """matplotlib settings that draw text and axes in this theme's colours."""
        return {
            "figure.facecolor": self.background,
            "axes.facecolor": self.background,
            "savefig.facecolor": self.background,
            "text.color": self.foreground,
            "axes.labelcolor": self.foreground,
            "axes.edgecolor": self.grey(0.2),
            "xtick.color": self.grey(0.2),
            "ytick.color": self.grey(0.2),
        }


#: Dark ink on white paper.
LIGHT = Theme("light", "#ffffff", "#000000", POSITIVE, NEGATIVE)
#: Light ink on Material's dark ("slate") page, with lighter blue and red.
DARK = Theme("dark", "#1e2129", "#e3e5ec", "#5fa3e0", "#e8735c")

_current = [LIGHT]


def theme() -> Theme:
    """The theme figures are being drawn in: ``LIGHT`` unless inside ``themed``."""
    return _current[-1]


@contextmanager
def themed(chosen: Theme) -> Iterator[Theme]:
    """Draw the figures made inside the ``with`` block in ``chosen``'s colours."""
    _current.append(chosen)
    try:
        yield chosen
    finally:
        _current.pop()


def use_style() -> None:
    """Set matplotlib up (imported only now) with a fixed, deterministic style in
    the current theme's colours."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "nn-tutorial",  # stable ids inside SVG files
            "svg.fonttype": "path",  # text as shapes: no font needed to view it
            "figure.dpi": 100,
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    plt.rcParams.update(theme().rc())


def _image(figure: Figure, format: str) -> str:
    """The figure saved as a base64 data URI, then closed."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if format == "svg" else {"Software": None}
    figure.savefig(
        buffer,
        format=format,
        bbox_inches="tight",
        metadata=metadata,
        facecolor=figure.get_facecolor(),
    )
    import matplotlib.pyplot as plt

    plt.close(figure)
    mime = "image/svg+xml" if format == "svg" else f"image/{format}"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


def figure_html(
    figure: Figure | Callable[[], Figure],
    alt: str,
    caption: str | None = None,
    format: str = "svg",
) -> str:
    """The figure as an HTML ``<figure>`` with an embedded image and its alt text.

    The image is inlined as a data URI (no separate file, nothing committed) and the
    figure is closed afterwards. Given a function that draws the figure instead of
    the figure, it draws it twice, in the ``LIGHT`` and in the ``DARK`` theme, and
    the page shows the one that matches the reader's colour scheme.

    Args:
        figure: A matplotlib figure, or a function without arguments returning one.
        alt: What the figure shows, for readers who cannot see it.
        caption: Text under the figure, or None for no caption.
        format: ``"svg"`` for curves and diagrams, ``"png"`` for figures that are
            mostly pixels.

    Returns:
        The HTML, one line: ``<figure class="nn-figure">...</figure>``.

    Raises:
        ValueError: If ``alt`` is empty.

    Examples:
        >>> from nn_tutorial.plots import figure_html, plot_network
        >>> html = figure_html(lambda: plot_network([3, 4, 2]), alt="A small network")
        >>> html.count("<img"), 'class="nn-figure__dark"' in html
        (2, True)
    """
    if not alt or not alt.strip():
        raise ValueError("every figure needs alt text describing what it shows")
    text = html.escape(alt)
    if callable(figure):
        images = []
        for chosen in (LIGHT, DARK):
            with themed(chosen):
                source = _image(figure(), format)
            images.append(
                f'<img class="nn-figure__{chosen.name}" src="{source}" alt="{text}">'
            )
        parts = ['<figure class="nn-figure">', *images]
    else:
        source = _image(figure, format)
        parts = ['<figure class="nn-figure">', f'<img src="{source}" alt="{text}">']
    if caption:
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


# -- small pieces several chapters' figures draw ------------------------------------


def as_image(pixels: npt.ArrayLike) -> Floats:
    """784 numbers (or 28x28 of them) as a 28x28 array."""
    return np.asarray(pixels, dtype=float).reshape(28, 28)


def frame(axis: Axes) -> None:
    """No ticks, a thin grey frame: the look of every small image."""
    axis.set_xticks([])
    axis.set_yticks([])
    for spine in axis.spines.values():
        spine.set_visible(True)
        spine.set_color(theme().grey(0.75))


def show_digit(axis: Axes, pixels: npt.ArrayLike) -> None:
    """A digit as ink on paper, framed."""
    axis.imshow(
        as_image(pixels),
        cmap=theme().ink_map(),
        vmin=0,
        vmax=1,
        interpolation="nearest",
    )
    frame(axis)


def show_weights(
    axis: Axes, weights: npt.ArrayLike, largest: float | None = None
) -> AxesImage:
    """784 weights as a 28x28 image: negative, the paper at exactly 0, positive.

    The scale runs from -largest to +largest (by default the largest |weight|);
    weights beyond it are drawn at full colour.
    """
    grid = as_image(weights)
    if largest is None:
        largest = float(np.max(np.abs(grid)))
    largest = float(largest) or 1.0
    image = axis.imshow(
        grid,
        cmap=theme().signed_map(),
        vmin=-largest,
        vmax=largest,
        interpolation="nearest",
    )
    frame(axis)
    return image
