"""Learning: a cost that says how bad the network is, its gradient by
backpropagation, and stochastic gradient descent (SGD) that follows it downhill.

The code follows chapter 2 of Nielsen's *Neural Networks and Deep Learning*
(``network.py``), but a mini-batch is one matrix: row ``i`` of ``x`` is example
``i``, so ``a @ W.T + b`` computes the weighted inputs ``z = W a + b`` of every
example at once and backpropagation needs one loop over the layers, none over the
examples.

* ``backprop`` is the chapter's algorithm written to be read.
* ``train`` runs mini-batch SGD. Its inner step (``_fast_sgd.py``) does exactly
  the arithmetic of ``backprop`` followed by ``w -= learning_rate * gradient``,
  but writes into arrays allocated once, because on MNIST most of an epoch is
  otherwise spent allocating small arrays, not multiplying them
  (``tests/test_learning.py`` checks that both agree).
* ``pretrained`` loads the 784-16-16-10 network that ``train_pretrained``
  trains, shipped with the package as ``pretrained.npz``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_inputs, positive_int
from ._fast_sgd import SGDStep
from .activations import sigmoid_prime
from .network import Network

__all__ = [
    "COSTS",
    "DEFAULT_RECIPE",
    "PRETRAINED_RECIPE",
    "CrossEntropyCost",
    "History",
    "QuadraticCost",
    "Recipe",
    "backprop",
    "evaluate",
    "expand_training_data",
    "get_cost",
    "learning_rate_at",
    "pretrained",
    "train",
    "train_pretrained",
]


# -- costs -----------------------------------------------------------------------------


def _as_batch(a: np.ndarray) -> np.ndarray:
    """One output vector as a batch of one, so costs can always average over rows."""
    a = np.asarray(a)
    return a[np.newaxis] if a.ndim == 1 else a


class QuadraticCost:
    """The video's cost: C = ½ ‖a − y‖², the squared distance between what the network
    outputs (``a``) and what it should output (``y``), averaged over the examples.

    Examples:
        >>> a = np.array([[0.8, 0.1], [0.4, 0.6]])
        >>> y = np.array([[1.0, 0.0], [0.0, 1.0]])
        >>> round(QuadraticCost.value(a, y), 4)  # (0.04 + 0.01 + 0.16 + 0.16) / 2 / 2
        0.0925
    """

    name = "quadratic"

    @staticmethod
    def value(a: ArrayLike, y: ArrayLike) -> float:
        """The cost of outputs ``a`` for targets ``y``, averaged over the rows."""
        a, y = _as_batch(a), _as_batch(y)
        return float(0.5 * np.sum((a - y) ** 2) / len(a))

    @staticmethod
    def delta(z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The error δ = ∂C/∂z of the output layer: (a − y) σ'(z), per example."""
        return (a - y) * sigmoid_prime(z)


class CrossEntropyCost:
    """Binary cross-entropy of the sigmoid outputs (Nielsen, chapter 3):
    C = −Σ [y ln a + (1 − y) ln(1 − a)], averaged over the examples.

    Its output error is simply δ = a − y: the σ'(z) of the quadratic cost cancels, so a
    neuron that is confidently wrong (σ'(z) ≈ 0) still learns fast. Outputs are kept
    a rounding error away from 0 and 1, so a saturated, wrong neuron costs a large but
    finite amount.

    Examples:
        >>> a = np.array([[0.9, 0.2]])
        >>> y = np.array([[1.0, 0.0]])
        >>> round(CrossEntropyCost.value(a, y), 4)  # -(ln 0.9 + ln 0.8)
        0.3285
    """

    name = "cross-entropy"

    @staticmethod
    def value(a: ArrayLike, y: ArrayLike) -> float:
        """The cost of outputs ``a`` for targets ``y``, averaged over the rows."""
        a, y = _as_batch(a), _as_batch(y)
        eps = np.finfo(a.dtype).eps if np.issubdtype(a.dtype, np.floating) else 1e-16
        a = np.clip(a, eps, 1 - eps)
        return float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / len(a))

    @staticmethod
    def delta(z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The error δ = ∂C/∂z of the output layer: a − y, per example."""
        return a - y


#: Every cost the package knows, by name.
COSTS = {cost.name: cost for cost in (QuadraticCost, CrossEntropyCost)}


def get_cost(cost: str | Any) -> Any:
    """The cost called ``cost`` ("quadratic" or "cross-entropy"), or a clear error.

    A cost object (anything with ``value(a, y)`` and ``delta(z, a, y)``) is returned
    as it is.

    Examples:
        >>> get_cost("cross-entropy").name
        'cross-entropy'
    """
    if isinstance(cost, str):
        if cost in COSTS:
            return COSTS[cost]
    elif callable(getattr(cost, "value", None)) and callable(
        getattr(cost, "delta", None)
    ):
        return cost
    choices = ", ".join(repr(name) for name in COSTS)
    raise ValueError(f"unknown cost {cost!r}: choose one of {choices}")


# -- checking labels -------------------------------------------------------------------


def _check_labels(labels, classes: int, what: str = "labels") -> np.ndarray:
    """``labels`` as a 1-d integer array of digits 0..classes-1, or a clear error."""
    array = np.asarray(labels)
    if array.ndim != 1:
        raise ValueError(
            f"{what} must be a 1-d array with one digit per image, got shape "
            f"{array.shape}"
        )
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise ValueError(
            f"{what} must be whole numbers 0-{classes - 1}, got values of type "
            f"{array.dtype}"
        )
    if not np.issubdtype(array.dtype, np.integer):
        bad = ~np.isfinite(array) | (array != np.round(array))
        if bad.any():
            index = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{what} must be whole numbers 0-{classes - 1}; {what}[{index}] is "
                f"{array[index].item()!r}"
            )
    bad = (array < 0) | (array >= classes)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        value = array[index].item()
        raise ValueError(
            f"{what} must be digits 0-{classes - 1} (one per output neuron), but "
            f"{what}[{index}] is {value!r}"
            + (f" ({int(bad.sum())} labels are out of range)" if bad.sum() > 1 else "")
        )
    return array.astype(np.intp, copy=False)


def _one_hot(labels: np.ndarray, classes: int, dtype) -> np.ndarray:
    """Digit d as the desired output: 1.0 for output neuron d, 0.0 for the others."""
    y = np.zeros((len(labels), classes), dtype=dtype)
    y[np.arange(len(labels)), labels] = 1
    return y


def _check_examples(network: Network, images, labels):
    """Images as a checked (n, 784) batch and labels as digits, as many of each."""
    x = network.check_input(images)
    if x.ndim == 1:
        raise ValueError(
            f"expected a batch of images of shape (n, {network.sizes[0]}), got one "
            f"image of shape {x.shape}; use images.reshape(1, -1) for a batch of one"
        )
    digits = _check_labels(labels, network.sizes[-1])
    if len(x) != len(digits):
        raise ValueError(
            f"images and labels must have the same length, got {len(x)} images and "
            f"{len(digits)} labels"
        )
    if len(x) == 0:
        raise ValueError("got no images: training and evaluating need at least one")
    return x, digits


def _targets(network: Network, y, n: int) -> np.ndarray:
    """The desired outputs, shape (n, outputs), from y: n digit labels, shape (n,), or
    the desired outputs themselves, shape (n, outputs)."""
    classes = network.sizes[-1]
    array = np.asarray(y)
    if array.shape == (n,) or (array.ndim == 0 and n == 1):
        digits = _check_labels(array.reshape(n), classes, what="y")
        return _one_hot(digits, classes, network.dtype)
    if array.shape == (n, classes) or (n == 1 and array.shape == (classes,)):
        targets = as_inputs(array, classes, network.dtype, what="desired output")
        return targets.reshape(n, classes)
    raise ValueError(
        f"y must be {n} digit labels, shape ({n},), or {n} desired outputs, shape "
        f"({n}, {classes}); got shape {array.shape}"
    )


# -- backpropagation -------------------------------------------------------------------


def backprop(
    network: Network, x: ArrayLike, y: ArrayLike, cost: str | Any = "quadratic"
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The gradient of the cost, averaged over the mini-batch ``x``, with respect to
    every weight and bias: ``(weight_gradients, bias_gradients)``, shaped like
    ``network.weights`` and ``network.biases``.

    ``x`` is a batch of inputs, shape ``(n, 784)`` (one input of shape ``(784,)`` is a
    batch of one). ``y`` says what each output should be: either ``n`` digit labels
    (shape ``(n,)``, turned into one-hot vectors) or the desired outputs themselves
    (shape ``(n, 10)``). ``cost`` is "quadratic" (the video's) or "cross-entropy".

    Examples:
        >>> network = Network([3, 4, 2], seed=0)
        >>> x = np.array([[0.1, 0.5, 0.9], [1.0, 0.0, 0.3]])
        >>> weight_gradients, bias_gradients = backprop(network, x, y=[1, 0])
        >>> [g.shape for g in weight_gradients], [g.shape for g in bias_gradients]
        ([(4, 3), (2, 4)], [(4,), (2,)])

        A small step against the gradient lowers the cost:

        >>> before = QuadraticCost.value(network.feedforward(x), [[0, 1], [1, 0]])
        >>> for w, g in zip(network.weights, weight_gradients):
        ...     w -= 0.5 * g
        >>> for b, g in zip(network.biases, bias_gradients):
        ...     b -= 0.5 * g
        >>> QuadraticCost.value(network.feedforward(x), [[0, 1], [1, 0]]) < before
        True
    """
    cost = get_cost(cost)
    x = network.check_input(x)
    x = x[np.newaxis] if x.ndim == 1 else x
    y = _targets(network, y, len(x))
    n = len(x)

    # Feedforward, remembering every layer's weighted input z and activation a.
    layer_functions = network.layer_functions()
    activation = x
    activations = [x]
    zs = []
    for w, b, (sigma, _) in zip(network.weights, network.biases, layer_functions):
        z = activation @ w.T + b  # z = W a + b, one row per example
        activation = sigma(z)
        zs.append(z)
        activations.append(activation)

    # The output layer's error δ = ∂C/∂z, divided by n so that the gradients below
    # are of the cost averaged over the mini-batch.
    delta = cost.delta(zs[-1], activations[-1], y) / n
    weight_gradients: list[Any] = [None] * len(network.weights)
    bias_gradients: list[Any] = [None] * len(network.biases)
    # Walk backwards: layer l's gradients come from its error δ and the activations
    # feeding into it; the error of the layer before is (Wᵀ δ) ⊙ σ'(z).
    for layer in range(len(network.weights) - 1, -1, -1):
        bias_gradients[layer] = delta.sum(axis=0)  # ∂C/∂b = δ, summed over examples
        weight_gradients[layer] = delta.T @ activations[layer]  # ∂C/∂w_jk = δ_j a_k
        if layer > 0:
            _, sigma_prime = layer_functions[layer - 1]
            delta = (delta @ network.weights[layer]) * sigma_prime(zs[layer - 1])
    return weight_gradients, bias_gradients


def evaluate(network: Network, images: ArrayLike, labels: ArrayLike) -> float:
    """The fraction of ``images`` whose digit the network gets right, from 0.0 to 1.0.

    Examples:
        >>> network = Network([2, 2], seed=0)
        >>> network.weights[0][:] = [[5.0, -5.0], [-5.0, 5.0]]
        >>> evaluate(network, [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], [0, 1, 0])
        0.6666666666666666
    """
    return _accuracy(network, *_check_examples(network, images, labels))


def _accuracy(network: Network, x: np.ndarray, digits: np.ndarray) -> float:
    correct = 0
    for start in range(0, len(x), 10_000):  # in chunks, to bound the memory used
        chunk = x[start : start + 10_000]
        correct += int(np.sum(network.predict(chunk) == digits[start : start + 10_000]))
    return correct / len(x)


# -- stochastic gradient descent -------------------------------------------------------


@dataclasses.dataclass
class History:
    """What happened during ``train``, one entry per epoch.

    ``cost``: the training cost (without the weight decay term), averaged over the
    epoch's mini-batches as they were trained on. ``accuracy``: the fraction of test
    images right after the epoch (empty unless ``test_data`` was given). ``seconds``:
    the wall time of the epoch's training, not counting the test.
    """

    cost: list[float] = dataclasses.field(default_factory=list)
    accuracy: list[float] = dataclasses.field(default_factory=list)
    seconds: list[float] = dataclasses.field(default_factory=list)

    @property
    def epochs(self) -> int:
        """How many epochs were trained."""
        return len(self.cost)


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
        """A fresh, untrained network for this recipe (initialized from its seed)."""
        return Network(
            self.sizes, activation=self.activation, seed=self.seed, dtype=self.dtype
        )

    def train(
        self,
        images: ArrayLike,
        labels: ArrayLike,
        test_data: tuple[Any, Any] | None = None,
        progress: bool | None = None,
    ) -> tuple[Network, History]:
        """A fresh network, trained by this recipe on ``images`` and ``labels``."""
        if self.expand_training_data:
            images, labels = expand_training_data(images, labels)
        network = self.network()
        options = self.training_options()
        history = train(
            network, images, labels, test_data=test_data, progress=progress, **options
        )
        return network, history

    def training_options(self) -> dict[str, Any]:
        """The keyword arguments of ``train`` that this recipe decides."""
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

#: The recipe of the shipped ``pretrained.npz``: the default recipe on Nielsen's
#: expanded training data (each image also shifted by a pixel four ways: 300,000
#: images) for 20 epochs, with a shorter warm-up and less weight decay. Measured:
#: 97.21% of the test digits right, after about 10 s of training on 2 CPU cores.
PRETRAINED_RECIPE = Recipe(
    epochs=20,
    warmup_epochs=1.0,
    final_learning_rate=0.002,
    weight_decay=3e-4,
    expand_training_data=True,
)


def learning_rate_at(
    progress: float,
    learning_rate: float,
    epochs: int,
    warmup_epochs: float = 0.0,
    final_learning_rate: float | None = None,
) -> float:
    """The learning rate after ``progress`` epochs (2.5: half-way through the third).

    It rises in a straight line from 0 to ``learning_rate`` over the first
    ``warmup_epochs``, then falls in a straight line to ``final_learning_rate`` at the
    end of the last epoch (``None``: it stays at ``learning_rate``). The warm-up keeps
    the first, wild steps from pushing ReLU neurons to where they never fire again
    (16 hidden neurons cannot spare any); the decay lets the weights settle into a
    valley of the cost instead of bouncing across it.

    Examples:
        >>> schedule = dict(epochs=4, warmup_epochs=1, final_learning_rate=0.1)
        >>> [learning_rate_at(t, 0.4, **schedule) for t in (0.5, 1, 2.5, 4)]
        [0.2, 0.4, 0.25, 0.1]
    """
    if progress < warmup_epochs:
        return learning_rate * progress / warmup_epochs
    if final_learning_rate is None or epochs <= warmup_epochs:
        return learning_rate
    fraction = (progress - warmup_epochs) / (epochs - warmup_epochs)
    return learning_rate * (1 - fraction) + final_learning_rate * fraction


def train(
    network: Network,
    images: ArrayLike,
    labels: ArrayLike,
    epochs: int = DEFAULT_RECIPE.epochs,
    batch_size: int = DEFAULT_RECIPE.batch_size,
    learning_rate: float = DEFAULT_RECIPE.learning_rate,
    seed: int | None = DEFAULT_RECIPE.seed,
    test_data: tuple[Any, Any] | None = None,
    cost: str | Any = DEFAULT_RECIPE.cost,
    progress: bool | None = None,
    *,
    warmup_epochs: float = DEFAULT_RECIPE.warmup_epochs,
    final_learning_rate: float | None = DEFAULT_RECIPE.final_learning_rate,
    weight_decay: float = DEFAULT_RECIPE.weight_decay,
) -> History:
    """Train ``network`` in place by mini-batch stochastic gradient descent.

    Each epoch shuffles the training examples (with ``np.random.default_rng(seed)``,
    so the same seed gives the same network) and cuts them into mini-batches of
    ``batch_size``. For each mini-batch, every weight and bias takes a step downhill:
    ``w -= learning_rate * gradient``, the gradient of the cost averaged over the
    mini-batch (``backprop``).

    The defaults are the package's default recipe (``DEFAULT_RECIPE``, for a
    ``Network([784, 16, 16, 10], activation="relu", dtype=np.float32)``):
    cross-entropy cost, mini-batches of 64, a learning rate that warms up to 0.4 over
    ``warmup_epochs`` and decays to ``final_learning_rate`` (see
    ``learning_rate_at``), and ``weight_decay``: every step also shrinks each
    weight by ``learning_rate * weight_decay * w`` (L2 regularization, Nielsen
    chapter 3; his λ is ``weight_decay`` times the number of training images), which
    keeps the weights small and the network from memorizing its training images.
    Nielsen's plain SGD is ``warmup_epochs=0, final_learning_rate=None,
    weight_decay=0``.

    ``images`` is ``(n, 784)`` with values in [0, 1] and ``labels`` holds ``n`` digits.
    The arithmetic runs in the network's dtype. ``test_data=(images, labels)``
    measures the test accuracy after every epoch. A progress bar shows when
    ``progress`` is true, or when it is ``None`` and stderr is a terminal.

    Returns a ``History`` of the cost, test accuracy and time of each epoch. The
    network receives the new weights and biases at the end of each epoch; if the cost
    or the weights become NaN or infinite during one (the learning rate is too
    large), ``FloatingPointError`` says so and the network keeps the weights it had
    before that epoch.

    Examples:
        >>> rng = np.random.default_rng(0)
        >>> images = rng.random((200, 4))
        >>> labels = (images[:, 0] > images[:, 1]).astype(int)  # is pixel 0 brighter?
        >>> network = Network([4, 8, 2], activation="relu", seed=0)
        >>> history = train(network, images, labels, epochs=20, batch_size=10,
        ...                 learning_rate=1.0, progress=False)
        >>> history.cost[-1] < history.cost[0], evaluate(network, images, labels) > 0.9
        (True, True)
    """
    cost = get_cost(cost)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    learning_rate = _positive_float(
        learning_rate, "learning_rate", " (e.g. 0.4; smaller if the cost goes up)"
    )
    if final_learning_rate is not None:
        final_learning_rate = _positive_float(
            final_learning_rate, "final_learning_rate", " or None (no decay)"
        )
    warmup_epochs = _non_negative_float(warmup_epochs, "warmup_epochs")
    weight_decay = _non_negative_float(weight_decay, "weight_decay")
    x, digits = _check_examples(network, images, labels)
    if test_data is not None:
        if not isinstance(test_data, (tuple, list)) or len(test_data) != 2:
            raise ValueError("test_data must be a pair (test_images, test_labels)")
        test_images, test_labels = _check_examples(network, *test_data)
    if progress is None:
        progress = _stderr_is_terminal()

    y = _one_hot(digits, network.sizes[-1], network.dtype)
    step = SGDStep(network, cost, batch_size, weight_decay)
    rng = np.random.default_rng(seed)
    batches = -(-len(x) // batch_size)  # mini-batches per epoch, the last may be short
    history = History()
    bar = _progress_bar(epochs, enabled=progress)
    try:
        for epoch in range(epochs):
            start = time.perf_counter()
            order = rng.permutation(len(x))
            total_cost = 0.0
            with np.errstate(all="ignore"):  # NaN is detected below, with advice
                for number in range(batches):
                    rate = learning_rate_at(
                        epoch + (number + 1) / batches,
                        learning_rate,
                        epochs,
                        warmup_epochs,
                        final_learning_rate,
                    )
                    mini_batch = order[number * batch_size : (number + 1) * batch_size]
                    total_cost += step(x, y, mini_batch, rate)
                    if not math.isfinite(total_cost):
                        break
            if not (math.isfinite(total_cost) and np.isfinite(step.parameters).all()):
                what = "cost" if not math.isfinite(total_cost) else "weights"
                raise FloatingPointError(
                    f"training diverged in epoch {epoch + 1}: the {what} became NaN "
                    f"or infinite, so the network is left as it was before that "
                    f"epoch. Try a smaller learning_rate than {learning_rate:g}."
                )
            step.store()  # the network gets the epoch's weights and biases
            history.seconds.append(time.perf_counter() - start)
            history.cost.append(total_cost / len(x))
            if test_data is not None:
                history.accuracy.append(_accuracy(network, test_images, test_labels))
            if bar is not None:
                postfix = {"cost": f"{history.cost[-1]:.4f}"}
                if history.accuracy:
                    postfix["accuracy"] = f"{history.accuracy[-1]:.2%}"
                bar.set_postfix(postfix, refresh=False)
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return history


def _is_real(value) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _positive_float(value, name: str, hint: str = "") -> float:
    if not _is_real(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number{hint}, got {value!r}")
    return float(value)


def _non_negative_float(value, name: str) -> float:
    if not _is_real(value) or value < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _progress_bar(epochs: int, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=epochs, desc="training", unit="epoch")


# -- recipes and the pretrained network ------------------------------------------------


def expand_training_data(
    images: ArrayLike, labels: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Five times the training data: each image, and copies of it shifted by one
    pixel up, down, left and right (Nielsen chapter 6, ``expand_mnist.py``).

    A digit moved by a pixel is still the same digit, so the network sees more
    handwriting without anyone writing more; it generalizes better to new images.

    Examples:
        >>> image = np.zeros(784)
        >>> image[10 * 28 + 20] = 1.0  # one bright pixel: row 10, column 20
        >>> images, labels = expand_training_data([image], [7])
        >>> images.shape, labels.tolist()
        ((5, 784), [7, 7, 7, 7, 7])
        >>> [divmod(int(np.argmax(image)), 28) for image in images]  # (row, column)
        [(10, 20), (9, 20), (11, 20), (10, 19), (10, 21)]
    """
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != 784:
        raise ValueError(f"expected MNIST images of shape (n, 784), got {images.shape}")
    pictures = images.reshape(-1, 28, 28)
    shifted = [images]
    for axis, shift in ((1, -1), (1, 1), (2, -1), (2, 1)):  # up, down, left, right
        moved = np.roll(pictures, shift, axis=axis)
        edge = [slice(None)] * 3
        edge[axis] = 0 if shift == 1 else -1  # the row or column that wrapped around
        moved[tuple(edge)] = 0
        shifted.append(moved.reshape(-1, 784))
    return np.concatenate(shifted), np.tile(np.asarray(labels), 5)


def train_pretrained(
    output: str | Path | None = None,
    data_dir: str | Path | None = None,
    progress: bool | None = None,
    seed: int = PRETRAINED_RECIPE.seed,
) -> tuple[Network, History]:
    """Re-create the shipped pretrained network: ``PRETRAINED_RECIPE`` on the
    MNIST training images (about 1 GB of memory for the expanded images). Another
    ``seed`` trains a sibling network. On the command line:
    ``nn-tutorial train --recipe pretrained --output nn_tutorial/pretrained.npz``.

    Saves it to ``output`` if given (the package ships
    ``nn_tutorial/pretrained.npz``) and returns it with its history (test accuracy per
    epoch).
    """
    from .mnist import load_mnist

    data = load_mnist(data_dir)
    recipe = dataclasses.replace(PRETRAINED_RECIPE, seed=seed)
    network, history = recipe.train(
        data.train_images,
        data.train_labels,
        test_data=(data.test_images, data.test_labels),
        progress=progress,
    )
    if output is not None:
        network.save(output)
    return network, history


def pretrained() -> Network:
    """The 784-16-16-10 network trained by ``PRETRAINED_RECIPE``, loaded from the
    ``pretrained.npz`` shipped inside the package (no download, no training).

    Examples:
        >>> pretrained()
        Network([784, 16, 16, 10], activation='relu')
    """
    with resources.as_file(resources.files(__package__) / "pretrained.npz") as path:
        return Network.load(path)


if __name__ == "__main__":  # this module used to be a command
    raise SystemExit(
        "re-create the pretrained network with: "
        "nn-tutorial train --recipe pretrained --output nn_tutorial/pretrained.npz"
    )
