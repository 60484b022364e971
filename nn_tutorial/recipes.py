"""Recipes: everything that decides a training run, by name, and the pretrained
networks they made.

A ``Recipe`` holds the network's shape and activation, the cost, the training data
and the settings of ``training.train``; ``recipe.train(images, labels)`` gives a
trained network. ``DEFAULT_RECIPE`` is ``train``'s defaults, ``NIELSEN_RECIPE`` and
``VIDEO_RECIPE`` are Nielsen's and the video's, and ``PRETRAINED_RECIPE`` (with its
ReLU sibling ``PRETRAINED_RELU_RECIPE``) trained the networks shipped with the
package, which ``pretrained`` loads and ``train_pretrained`` re-creates.
"""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path
from typing import Any

from numpy.typing import ArrayLike

from . import mnist
from .network import Network
from .training import History, expand_training_data, train

__all__ = [
    "DEFAULT_RECIPE",
    "NIELSEN_RECIPE",
    "PRETRAINED_RECIPE",
    "PRETRAINED_RECIPES",
    "PRETRAINED_RELU_RECIPE",
    "VIDEO_RECIPE",
    "Recipe",
    "pretrained",
    "train_pretrained",
]


# -- a recipe, and the named ones ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Recipe:
    """Everything that decides a training run: the network, the training data and how
    it is trained. ``recipe.train(images, labels)`` gives a trained network."""

    sizes: tuple[int, ...] = (784, 16, 16, 10)
    activation: str = "relu"
    dtype: str = "float32"
    cost: str = "cross-entropy"
    epochs: int = 30
    batch_size: int = 64
    learning_rate: float = 0.4
    warmup_epochs: float = 2.0
    final_learning_rate: float | None = 0.005
    weight_decay: float = 1e-3
    expand_training_data: bool = False
    seed: int = 0

    def network(self) -> Network:
        """A fresh, untrained network for this recipe (initialized from its seed).

        Returns:
            ``Network(sizes, activation=..., seed=..., dtype=...)`` of this recipe.
        """
        return Network(
            self.sizes, activation=self.activation, seed=self.seed, dtype=self.dtype
        )

    def train(
        self,
        images: ArrayLike,
        labels: ArrayLike,
        *,
        test_data: tuple[ArrayLike, ArrayLike] | None = None,
        progress: bool | None = None,
    ) -> tuple[Network, History]:
        """A fresh network, trained by this recipe on ``images`` and ``labels``.

        Args:
            images: The training images, shape ``(n, 784)``, values in [0, 1]
                (expanded first if the recipe says so).
            labels: The digit of each image.
            test_data: ``(test_images, test_labels)`` to measure after every epoch.
            progress: Show a progress bar; ``None``: only if stderr is a terminal.

        Returns:
            ``(network, history)``: the trained network, and the ``History`` of the
            run (cost, test accuracy and seconds of each epoch).

        Raises:
            ValueError: If the data is not what ``train`` expects.
            FloatingPointError: If training diverged.
        """
        if self.expand_training_data:
            images, labels = expand_training_data(images, labels)
        network = self.network()
        options = self.training_options()
        history = train(
            network, images, labels, test_data=test_data, progress=progress, **options
        )
        return network, history

    def training_options(self) -> dict[str, Any]:
        """The keyword arguments of ``train`` that this recipe decides.

        Returns:
            ``epochs``, ``batch_size``, ``learning_rate``, ``seed``, ``cost``,
            ``warmup_epochs``, ``final_learning_rate`` and ``weight_decay``.
        """
        return {
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "learning_rate": self.learning_rate,
            "seed": self.seed,
            "cost": self.cost,
            "warmup_epochs": self.warmup_epochs,
            "final_learning_rate": self.final_learning_rate,
            "weight_decay": self.weight_decay,
        }


#: The package's default recipe, which ``train``'s defaults follow: 784-16-16-10
#: with ReLU hidden layers and sigmoid outputs, in float32; cross-entropy cost;
#: mini-batches of 64; the learning rate warms up to 0.4 over 2 epochs, then decays
#: to 0.005; weight decay 0.001; 30 epochs of the 60,000 MNIST training images.
#: Measured: 96.47% of the test digits right, past 96% after epoch 20, after about
#: 2 s of training on 2 CPU cores (``benchmarks/train_speed.py``).
DEFAULT_RECIPE = Recipe()

#: The recipe of the lesson's network, the shipped ``pretrained.npz``: the video's
#: 784-16-16-10 with sigmoid neurons everywhere, trained with the cross-entropy cost
#: on Nielsen's expanded training data (each image also shifted by a pixel four ways:
#: 300,000 images) for 12 epochs of mini-batches of 64; the learning rate starts at
#: 0.6 and falls in a straight line to 0.001. No warm-up (it protects ReLU neurons,
#: and sigmoid neurons never die) and no weight decay: it pulls sigmoid weights
#: towards 0, where the sigmoid is nearly a straight line, and cost 0.5 to 3 points
#: of accuracy in trials. Measured: 96.35% of the test digits right, after 8 s of
#: training on 2 CPU cores shared with other work (load average 3), 25 s when the
#: load was 6 (``benchmarks/train_speed.py`` prints both). The issue's goal, 97.0%
#: within 10 s, is not met: lr 0.3-6, batches of 10-128, weight decay 0-0.003,
#: momentum, Adam, cosine schedules, weight averaging, other initial scales (and
#: first-layer weights from principal components), centred inputs or hidden
#: activations, a softmax output layer, label smoothing, the quadratic cost, a final
#: pass on the original images, nine shifts, half-pixel shifts or small rotations
#: instead of four shifts, and 40-100 epochs all ended between 95.7% and 96.8%.
#: Only learning the outputs of a 784-300-10 network (98.7%, trained in 30 s) did
#: better: 96.88% after 50 epochs, 96.91% after 60 (71 s). The network reads its
#: own training images no better than its test images (about 96.8%): 16 + 16
#: sigmoid neurons seem to be the limit, not the recipe.
PRETRAINED_RECIPE = Recipe(
    activation="sigmoid",
    epochs=12,
    learning_rate=0.6,
    warmup_epochs=0.0,
    final_learning_rate=0.001,
    weight_decay=0.0,
    expand_training_data=True,
)

#: The recipe of the ReLU sibling, ``pretrained("relu")`` (``pretrained-relu.npz``):
#: the default recipe on the expanded training data for 20 epochs, with a shorter
#: warm-up and less weight decay. Measured: 97.21% of the test digits right, after
#: about 10 s of training on 2 CPU cores.
PRETRAINED_RELU_RECIPE = Recipe(
    epochs=20,
    warmup_epochs=1.0,
    final_learning_rate=0.002,
    weight_decay=3e-4,
    expand_training_data=True,
)

#: The pretrained networks' recipes, by the activation of their hidden layers.
PRETRAINED_RECIPES = {"sigmoid": PRETRAINED_RECIPE, "relu": PRETRAINED_RELU_RECIPE}


#: Nielsen's recipe (``network.py``, chapter 1 of his book) for the video's network:
#: sigmoid neurons, the quadratic cost, mini-batches of 10, learning rate 3.0, float64
#: like his code, and plain SGD: no warm-up, no decay, no weight decay; 30 epochs.
NIELSEN_RECIPE = Recipe(
    activation="sigmoid",
    dtype="float64",
    cost="quadratic",
    batch_size=10,
    learning_rate=3.0,
    warmup_epochs=0.0,
    final_learning_rate=None,
    weight_decay=0.0,
)

#: The video's network as the video describes its training: Nielsen's recipe (the
#: video's code is his) for 3 epochs, about 93% of the test digits right. Chapter 9
#: adds the extras of ``PRETRAINED_RECIPE`` to it one at a time.
VIDEO_RECIPE = dataclasses.replace(NIELSEN_RECIPE, epochs=3)


# -- the pretrained networks ----------------------------------------------------------


def _pretrained_recipe(activation: str) -> Recipe:
    recipes = {"sigmoid": PRETRAINED_RECIPE, "relu": PRETRAINED_RELU_RECIPE}
    recipe = recipes.get(activation) if isinstance(activation, str) else None
    if recipe is None:
        raise ValueError(
            f"there is a pretrained network for activation 'sigmoid' (the lesson's) "
            f"and 'relu', not for {activation!r}"
        )
    return recipe


def _pretrained_file(activation: str) -> str:
    """The lesson's network is ``pretrained.npz``, a sibling ``pretrained-relu.npz``."""
    if activation == "sigmoid":
        return "pretrained.npz"
    return f"pretrained-{activation}.npz"


def train_pretrained(
    output: str | Path | None = None,
    data_dir: str | Path | None = None,
    progress: bool | None = None,
    seed: int = PRETRAINED_RECIPE.seed,
    activation: str = "sigmoid",
) -> tuple[Network, History]:
    """Re-create a shipped pretrained network: ``PRETRAINED_RECIPE`` (or, for
    ``activation="relu"``, ``PRETRAINED_RELU_RECIPE``) on the MNIST training images
    (about 1 GB of memory for the expanded images). Another ``seed`` trains a
    sibling network. On the command line:
    ``nn-tutorial train --recipe pretrained --output nn_tutorial/pretrained.npz``.

    Args:
        output: Where to save the network (the package ships
            ``nn_tutorial/pretrained.npz`` and ``pretrained-relu.npz``), or ``None``
            to not save it.
        data_dir: The folder of the MNIST files (see ``load_mnist``).
        progress: Show a progress bar; ``None``: only if stderr is a terminal.
        seed: Seeds the initial weights and the shuffling.
        activation: "sigmoid" (the lesson's network) or "relu" (its sibling).

    Returns:
        ``(network, history)``: the trained network and its ``History`` (test
        accuracy per epoch).

    Raises:
        ValueError: If there is no pretrained network of that activation.
        FileNotFoundError: If the MNIST files are missing and cannot be downloaded.
    """
    recipe = dataclasses.replace(_pretrained_recipe(activation), seed=seed)
    data = mnist.load_mnist(data_dir)
    network, history = recipe.train(
        data.train_images,
        data.train_labels,
        test_data=(data.test_images, data.test_labels),
        progress=progress,
    )
    if output is not None:
        network.save(output)
    return network, history


def pretrained(activation: str = "sigmoid") -> Network:
    """The lesson's network: the video's 784-16-16-10 with sigmoid neurons, trained
    by ``PRETRAINED_RECIPE``, loaded from the ``pretrained.npz`` shipped inside the
    package (no download, no training). ``pretrained("relu")`` is its sibling with
    ReLU hidden layers, trained by ``PRETRAINED_RELU_RECIPE``.

    Args:
        activation: The hidden layers' activation: "sigmoid" or "relu".

    Returns:
        The pretrained network.

    Raises:
        ValueError: If there is no pretrained network of that activation.

    Examples:
        >>> pretrained()
        Network([784, 16, 16, 10], activation='sigmoid')
        >>> pretrained("relu")
        Network([784, 16, 16, 10], activation='relu')
    """
    _pretrained_recipe(activation)
    name = _pretrained_file(activation)
    with resources.as_file(resources.files(__package__) / name) as path:
        return Network.load(path)
