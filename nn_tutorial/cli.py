"""The ``nn-tutorial`` command: download MNIST, train, evaluate, and read your digits.

    nn-tutorial download                       # fetch and check MNIST
    nn-tutorial train --output model.npz       # the package's default recipe
    nn-tutorial evaluate model.npz             # accuracy on the 10,000 test digits
    nn-tutorial evaluate                       # ... of the pretrained network
    nn-tutorial predict pretrained seven.png --show

    # re-create the network shipped with the package, from its recipe
    nn-tutorial train --recipe pretrained --output nn_tutorial/pretrained.npz

``MODEL`` is a file written by ``train`` (or ``Network.save``), or the word
``pretrained`` for the network shipped with the package (``./pretrained`` for a file
of that name). Exit codes: 0 success, 1 failure (missing or damaged file, not
enough memory, ...), 2 usage error, 130 interrupted (Ctrl+C), 143 terminated
(SIGTERM). A failure prints one line, never a traceback; an interrupted or
terminated command leaves no half-written file behind.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import mnist, recipes
from ._arguments import PRETRAINED, PROG, RECIPE_OPTIONS, RECIPES, shown
from ._arguments import build_parser as build_parser
from ._files import check_target
from .digits import load_image, prepare_digit
from .network import Network

__all__ = ["ascii_art", "main"]

SHADES = " .:-=+*#%@"  # from paper (0) to full ink (1)


def ascii_art(x: ArrayLike) -> str:
    """A 28 x 28 input as text, two characters per pixel, darker = more ink.

    Args:
        x: 784 values in [0, 1], one per pixel, row by row.

    Returns:
        30 lines: a border, 28 rows of 56 characters, a border.

    Raises:
        ValueError: If ``x`` does not hold 784 values.

    Examples:
        >>> x = np.zeros(784)
        >>> x[28 * 14 : 28 * 14 + 28] = 1.0  # row 14: a horizontal line
        >>> ascii_art(x).splitlines()[15].count("@")
        56
    """
    image = np.asarray(x, dtype=np.float64).reshape(28, 28)
    levels = np.clip(np.floor(image * len(SHADES)), 0, len(SHADES) - 1).astype(int)
    border = "+" + "-" * 56 + "+"
    rows = ["|" + "".join(SHADES[level] * 2 for level in row) + "|" for row in levels]
    return "\n".join([border, *rows, border])


# -- the commands -----------------------------------------------------------------


def _load_network(model: str) -> Network:
    """The network ``MODEL`` names, checked to read MNIST: 784 inputs, 10 outputs."""
    network = recipes.pretrained() if model == PRETRAINED else Network.load(model)
    inputs, outputs = network.sizes[0], network.sizes[-1]
    if (inputs, outputs) != (784, 10):
        raise ValueError(
            f"{model} takes {inputs} inputs and gives {outputs} outputs, but the "
            "command needs a network trained on MNIST: 784 inputs (one per pixel "
            "of 28 x 28) and 10 outputs (one per digit)"
        )
    return network


def _print_accuracy(network: Network, images: ArrayLike, labels: ArrayLike) -> None:
    accuracy = network.evaluate(images, labels)
    count = len(np.asarray(labels))
    correct = round(accuracy * count)
    print(f"test accuracy: {accuracy:.2%} ({correct} of {count})")


def _download(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    directory = mnist.download_mnist(arguments.data_dir)
    print(f"MNIST is ready in {directory} (all four files checked)")
    return 0


def _check_output(path: Path, parser: argparse.ArgumentParser) -> None:
    """Fail before training, not after it, if the network cannot be saved there."""
    try:
        check_target(path)
    except IsADirectoryError:
        parser.error(f"--output {path} is a folder; give a file name")
    except ValueError as error:
        parser.error(f"--output {error}")
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # save creates the missing folders below this one
    if not folder.is_dir():
        parser.error(f"--output {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(
            f"cannot save to --output {path}: no permission to write in {folder}"
        )


def _train(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    changes = {
        field: getattr(arguments, field)
        for field in RECIPE_OPTIONS
        if hasattr(arguments, field)  # given on the command line
    }
    if "sizes" in changes:
        sizes = changes["sizes"] = tuple(changes["sizes"])
        if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10:
            given = " ".join(map(str, sizes))
            parser.error(
                "--sizes must start with 784 (one input per pixel) and end with 10 "
                f"(one output per digit), e.g. 784 16 16 10, not {given}"
            )
    _check_output(arguments.output, parser)
    recipe = dataclasses.replace(RECIPES[arguments.recipe], **changes)
    data = mnist.load_mnist(arguments.data_dir)
    if not arguments.quiet:
        print(_describe(recipe, arguments.recipe, changes, len(data.train_labels)))
    network, _ = recipe.train(
        data.train_images,
        data.train_labels,
        test_data=(data.test_images, data.test_labels),
        progress=False if arguments.quiet else None,
    )
    _print_accuracy(network, data.test_images, data.test_labels)
    path = network.save(arguments.output)
    print(f"saved to {path}")
    return 0


def _plural(count: float, noun: str) -> str:
    return f"{count:g} {noun}" + "s" * (count != 1)


def _describe(
    recipe: recipes.Recipe, name: str, changes: dict[str, Any], digits: int
) -> str:
    """Two lines that say what ``train`` is about to do, and with which settings.

    Examples:
        >>> recipe = dataclasses.replace(recipes.DEFAULT_RECIPE, epochs=2)
        >>> described = _describe(recipe, "default", {"epochs": 2}, 100)
        >>> print(described)  # doctest: +ELLIPSIS
        training Network([784, 16, 16, 10], activation='relu') on 100 digits
        with the default recipe, your options changing epochs to 2: 2 epochs, ...
    """
    if recipe.expand_training_data:
        digits_text = (
            f"{5 * digits:,} digits ({digits:,}, and each shifted by one pixel up, "
            "down, left and right)"
        )
    else:
        digits_text = f"{digits:,} digits"
    what = f"with the {name} recipe"
    if changes:
        what += ", your options changing " + ", ".join(
            f"{field.replace('_', ' ')} to {shown(value)}"
            for field, value in changes.items()
        )
    rate = f"learning rate {recipe.learning_rate:g}"
    if recipe.warmup_epochs:
        rate = f"learning rate rising to {recipe.learning_rate:g} over " + _plural(
            recipe.warmup_epochs, "epoch"
        )
    if recipe.final_learning_rate is not None:
        rate += f", then falling to {recipe.final_learning_rate:g}"
    decay = f", weight decay {recipe.weight_decay:g}" if recipe.weight_decay else ""
    return (
        f"training {recipe.network()} on {digits_text}\n"
        f"{what}: {_plural(recipe.epochs, 'epoch')}, batches of {recipe.batch_size}, "
        f"{rate}, {recipe.cost} cost{decay}, seed {recipe.seed}"
    )


def _evaluate(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    network = _load_network(arguments.model)
    images, labels = mnist.load_mnist_test(arguments.data_dir)  # not the training set
    _print_accuracy(network, images, labels)
    return 0


def _predict(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    network = _load_network(arguments.model)
    x = prepare_digit(load_image(arguments.image))
    if arguments.show:
        print(ascii_art(x))
    output = network.feedforward(x)
    digit = int(np.argmax(output))
    print(f"predicted digit: {digit}")
    print("output activations:")
    for neuron, activation in enumerate(output):
        bar = "#" * int(round(float(activation) * 40))
        mark = "  <-" if neuron == digit else ""
        print(f"  {neuron}: {float(activation):.4f} {bar}{mark}".rstrip())
    return 0


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl+C so that the same clean-up runs."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _message(error: BaseException) -> str:
    """The error as one line of advice, in the command line's words."""
    if isinstance(error, MemoryError):
        detail = f" ({error})" if str(error) else ""
        return f"not enough memory{detail}; use smaller --sizes, or a smaller file"
    return str(error).replace(mnist.DATA_DIR_ARGUMENT, "--data-dir")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nn-tutorial`` with ``argv`` (default: the command line).

    Args:
        argv: The arguments after the command's name.

    Returns:
        The exit code: 0 success, 1 failure, 2 usage error, 130 interrupted,
        143 terminated.
    """
    parser = build_parser()
    commands: dict[str, Callable[[argparse.Namespace, argparse.ArgumentParser], int]]
    commands = {
        "download": _download,
        "train": _train,
        "evaluate": _evaluate,
        "predict": _predict,
    }
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous = None
    try:
        arguments = parser.parse_args(argv)
        return commands[arguments.command](arguments, parser)
    except SystemExit as exit:  # argparse: --help, --version, usage errors
        return (
            0 if exit.code is None else exit.code if isinstance(exit.code, int) else 2
        )
    except (
        ValueError,
        TypeError,
        OSError,
        ImportError,
        FloatingPointError,
        MemoryError,
    ) as error:
        print(f"{PROG}: error: {_message(error)}", file=sys.stderr)
        return 1
    except _Terminated:
        print(f"{PROG}: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
