"""The options of the ``nn-tutorial`` command: its argument parser, whose argument
types check each value as the package checks it (``_checks``), so that a bad value
is a usage error (exit status 2) before any work starts.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from . import __version__, recipes
from ._checks import check_seed, positive_float, positive_int
from .activations import ACTIVATIONS
from .costs import COSTS

__all__ = ["PRETRAINED", "PROG", "RECIPES", "RECIPE_OPTIONS", "build_parser"]

PROG = "nn-tutorial"
#: The recipes ``train --recipe`` knows; the options of ``train`` change their fields.
RECIPES = {"default": recipes.DEFAULT_RECIPE, "pretrained": recipes.PRETRAINED_RECIPE}
RECIPE_OPTIONS = (
    "sizes",
    "activation",
    "cost",
    "epochs",
    "batch_size",
    "learning_rate",
    "final_learning_rate",
    "seed",
)
PRETRAINED = "pretrained"


# -- argument types: a bad value is a usage error (exit code 2) -------------------


def _positive_int(text: str) -> int:
    """A positive whole number, checked as the package checks one (``_checks``)."""
    try:  # int() refuses what is not a whole number, positive_int what is not > 0
        return positive_int(int(text), "it")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number, got {text!r}"
        ) from None


def _positive_float(text: str) -> float:
    """A positive finite number, checked as the package checks one (``_checks``)."""
    try:  # float() refuses what is not a number, positive_float what is not > 0
        return positive_float(float(text), "it")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive number, got {text!r}"
        ) from None


def _rate_or_none(text: str) -> float | None:
    return None if text.lower() == "none" else _positive_float(text)


def _seed(text: str) -> int:
    """A seed, checked as the package checks one (``_checks.check_seed``)."""
    try:
        seed = check_seed(int(text))
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(
            f"expected a whole number >= 0, got {text!r}"
        ) from None
    assert seed is not None
    return seed


def _folder(text: str) -> Path:
    """A folder's path; an empty one would silently mean the current folder."""
    if not text:
        raise argparse.ArgumentTypeError(
            "expected a folder, got an empty path; leave the option out for the "
            "default folder"
        )
    return Path(text)


def shown(value: object) -> str:
    """A recipe's value as it is typed on the command line."""
    if isinstance(value, tuple):
        return " ".join(map(str, value))
    if value is None:
        return "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _recipe_default(field: str) -> str:
    """What an option of ``train`` is when not given: its field in the recipe.

    Examples:
        >>> _recipe_default("batch_size"), _recipe_default("epochs")
        ('(default: 64)', '(default: 30; with --recipe pretrained: 12)')
    """
    default, pretrained = (shown(getattr(r, field)) for r in RECIPES.values())
    if default == pretrained:
        return f"(default: {default})"
    return f"(default: {default}; with --recipe pretrained: {pretrained})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``nn-tutorial`` and its four subcommands.

    Returns:
        The parser; its ``parse_args`` exits with status 2 for a usage error.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A neural network that reads handwritten digits, in NumPy.",
        epilog="Run 'nn-tutorial COMMAND --help' for a command's options.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data_dir: dict[str, Any] = {
        "type": _folder,
        "default": None,
        "metavar": "DIR",
        "help": "where the MNIST files are (default: $NN_TUTORIAL_DATA, else a "
        "per-user cache folder)",
    }
    model: dict[str, Any] = {
        "metavar": "MODEL",
        "help": "a network file (.npz) written by 'train', or 'pretrained' for the "
        "network shipped with the package",
    }

    download = commands.add_parser(
        "download",
        help="download MNIST (or check the files already there)",
        description="Download the four MNIST files, check their SHA-256, print where "
        "they are.",
    )
    download.add_argument("--data-dir", **data_dir)

    train = commands.add_parser(
        "train",
        help="train a network on MNIST and save it",
        description="Train a network on the 60,000 MNIST training digits by "
        "stochastic gradient descent, print its accuracy on the 10,000 test digits "
        "and save it. --recipe picks all the settings; each option below changes "
        "one of them.",
    )
    train.add_argument(
        "--recipe",
        choices=list(RECIPES),
        default="default",
        help="'default': the package's default recipe; 'pretrained': the recipe of "
        "the network shipped with the package (also on every training digit "
        "shifted by one pixel, four ways), which --output nn_tutorial/pretrained.npz "
        "re-creates (default: default)",
    )
    # Not given, an option is left out (SUPPRESS), and the recipe's value is used.
    default, pretrained = RECIPES["default"], RECIPES["pretrained"]
    train.add_argument(
        "--sizes",
        type=_positive_int,
        nargs="+",
        default=argparse.SUPPRESS,
        metavar="N",
        help="layer sizes, 784 inputs first and 10 outputs last "
        + _recipe_default("sizes"),
    )
    train.add_argument(
        "--activation",
        choices=list(ACTIVATIONS),
        default=argparse.SUPPRESS,
        help="of the hidden layers " + _recipe_default("activation"),
    )
    train.add_argument(
        "--cost",
        choices=list(COSTS),
        default=argparse.SUPPRESS,
        help=_recipe_default("cost"),
    )
    train.add_argument(
        "--epochs",
        type=_positive_int,
        default=argparse.SUPPRESS,
        help="passes over the training digits " + _recipe_default("epochs"),
    )
    train.add_argument(
        "--batch-size",
        type=_positive_int,
        default=argparse.SUPPRESS,
        metavar="N",
        help="digits per gradient step " + _recipe_default("batch_size"),
    )
    train.add_argument(
        "--learning-rate",
        type=_positive_float,
        default=argparse.SUPPRESS,
        metavar="RATE",
        help="the peak step size: the rate rises from 0 to it during the recipe's "
        f"warm-up (the first {shown(default.warmup_epochs)} epochs; "
        f"{shown(pretrained.warmup_epochs)} with --recipe pretrained), then falls to "
        "--final-learning-rate " + _recipe_default("learning_rate"),
    )
    train.add_argument(
        "--final-learning-rate",
        type=_rate_or_none,
        default=argparse.SUPPRESS,
        metavar="RATE",
        help="step size at the end of the last epoch, reached in a straight line "
        "after the warm-up; 'none' keeps the peak rate "
        + _recipe_default("final_learning_rate"),
    )
    train.add_argument(
        "--seed",
        type=_seed,
        default=argparse.SUPPRESS,
        help="the starting weights and the shuffling: same seed, same network "
        + _recipe_default("seed"),
    )
    train.add_argument(
        "--output",
        type=Path,
        default=Path("model.npz"),
        metavar="FILE",
        help="where to save the trained network (default: model.npz)",
    )
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.add_argument("--data-dir", **data_dir)

    evaluate = commands.add_parser(
        "evaluate",
        help="print a network's accuracy on the MNIST test digits",
        description="Print the fraction of the 10,000 MNIST test digits the network "
        "reads correctly.",
    )
    evaluate.add_argument(
        "model",
        **dict(model, help=model["help"] + " (default: pretrained)"),
        nargs="?",
        default=PRETRAINED,
    )
    evaluate.add_argument("--data-dir", **data_dir)

    predict = commands.add_parser(
        "predict",
        help="read the digit in your own picture",
        description="Prepare a picture of one digit like MNIST (crop, scale to 20 "
        "pixels, centre in 28 x 28), feed it to the network, print what it reads. "
        "Dark on light and light on dark both work.",
    )
    predict.add_argument("model", **model)
    predict.add_argument(
        "image", type=Path, help="a picture file (PNG, JPEG, ...) of one digit"
    )
    predict.add_argument(
        "--show",
        action="store_true",
        help="also print the 28 x 28 input the network sees, as text",
    )
    return parser
