"""The timers behind ``train_speed.py``: one epoch of Nielsen's per-example loop,
and one epoch of the package's ``train``, each with a given recipe."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from nn_tutorial.loops import NielsenNetwork, nielsen_training_data
from nn_tutorial.network import Network
from nn_tutorial.recipes import DEFAULT_RECIPE, NIELSEN_RECIPE, Recipe
from nn_tutorial.training import train


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs: the run least disturbed by anything else."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def time_per_example_loop(
    images: np.ndarray,
    labels: np.ndarray,
    examples: int = 4_000,
    start: int = 0,
    seed: int = 0,
    recipe: Recipe = NIELSEN_RECIPE,
) -> float:
    """Seconds per epoch of ``len(images)`` examples for Nielsen's loop, timed on one
    epoch of the ``examples`` examples from ``start`` on and scaled up to the whole
    epoch. Turning the images into column vectors is not timed, as Nielsen's loader
    does it before training."""
    part = nielsen_training_data(
        images[start : start + examples], labels[start : start + examples]
    )
    network = NielsenNetwork(recipe.sizes, seed=seed)
    begin = time.perf_counter()
    network.SGD(part, 1, recipe.batch_size, recipe.learning_rate, seed=seed)
    return (time.perf_counter() - begin) * len(images) / len(part)


def time_package_epoch(
    network: Network,
    images: ArrayLike,
    labels: ArrayLike,
    recipe: Recipe = DEFAULT_RECIPE,
    seed: int = 0,
) -> float:
    """Seconds for one epoch of the package's ``train`` with the cost, mini-batch size
    and learning rates of ``recipe`` (checking the data and setting up not timed)."""
    options = {**recipe.training_options(), "epochs": 1, "seed": seed}
    history = train(network, images, labels, progress=False, **options)
    return history.seconds[0]
