"""Training: stochastic gradient descent (SGD) that follows the gradient of the cost
downhill, a mini-batch at a time.

The loop in ``train`` is the lesson's: for every mini-batch, ``backprop`` gives the
gradient of the cost, and each weight and bias takes a small step against it,
``w -= rate * gradient``. It follows chapter 1 of Nielsen's *Neural Networks and
Deep Learning* (``network.py``'s ``SGD`` and ``update_mini_batch``), except that a
mini-batch is one matrix: row ``i`` is example ``i``, so backpropagation needs one loop
over the layers and none over the examples (``loops.NielsenNetwork`` is his loop).

The named recipes that decide how a network is trained (``DEFAULT_RECIPE``, whose
values are ``train``'s defaults, the video's, the pretrained networks') live one
module up, in ``recipes``.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import time
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import (
    check_decay_step,
    check_examples,
    check_same_length,
    check_seed,
    non_negative_float,
    positive_float,
    positive_int,
)
from .activations import FloatArray
from .costs import Cost, get_cost
from .network import Network, one_hot

__all__ = [
    "History",
    "expand_training_data",
    "learning_rate_at",
    "train",
]


# -- the record of a run ---------------------------------------------------------------


@dataclasses.dataclass
class History:
    """What happened during ``train``, one entry per epoch.

    Attributes:
        cost: The training cost (without the weight decay term), averaged over the
            epoch's mini-batches as they were trained on.
        accuracy: The fraction of test images right after the epoch (empty unless
            ``test_data`` was given).
        seconds: The wall time of the epoch's training, not counting the test.
    """

    cost: list[float] = dataclasses.field(default_factory=list)
    accuracy: list[float] = dataclasses.field(default_factory=list)
    seconds: list[float] = dataclasses.field(default_factory=list)

    @property
    def epochs(self) -> int:
        """How many epochs were trained."""
        return len(self.cost)


# -- the learning-rate schedule and the loop -------------------------------------------


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

    Args:
        progress: Epochs trained so far, counting fractions of an epoch.
        learning_rate: The peak learning rate, reached after the warm-up.
        epochs: The length of the whole run, in epochs.
        warmup_epochs: How long the warm-up lasts, in epochs (0: none).
        final_learning_rate: The learning rate at the end, or ``None`` (no decay).

    Returns:
        The learning rate at that point of the run.

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
    *,
    epochs: int = 30,
    batch_size: int = 64,
    learning_rate: float = 0.4,
    seed: int | None = 0,
    test_data: tuple[ArrayLike, ArrayLike] | None = None,
    cost: str | Cost = "cross-entropy",
    progress: bool | None = None,
    warmup_epochs: float = 2.0,
    final_learning_rate: float | None = 0.005,
    weight_decay: float = 1e-3,
) -> History:
    """Train ``network`` in place by mini-batch stochastic gradient descent.

    Each epoch shuffles the training examples (with ``np.random.default_rng(seed)``,
    so the same seed gives the same network) and cuts them into mini-batches of
    ``batch_size``. For each mini-batch, ``backprop`` gives the gradient of the cost
    averaged over the mini-batch, and every weight and bias takes a step downhill:
    ``w -= rate * gradient``.

    The defaults are the package's default recipe (``recipes.DEFAULT_RECIPE``, for a
    ``Network([784, 16, 16, 10], activation="relu", dtype=np.float32)``):
    cross-entropy cost, mini-batches of 64, a learning rate that warms up to 0.4 over
    ``warmup_epochs`` and decays to ``final_learning_rate`` (see
    ``learning_rate_at``), and ``weight_decay``: every step also shrinks each
    weight by ``rate * weight_decay * w`` (L2 regularization, Nielsen chapter 3; his
    λ is ``weight_decay`` times the number of training images), which keeps the
    weights small and the network from memorizing its training images. Nielsen's
    plain SGD is ``warmup_epochs=0, final_learning_rate=None, weight_decay=0``.

    The arithmetic runs in the network's dtype. If the cost or the weights become
    NaN or infinite during an epoch (the learning rate is too large), the network
    gets back the weights it had before that epoch.

    Args:
        network: The network to train; its weights and biases change in place.
        images: The training images, shape ``(n, 784)``, values in [0, 1].
        labels: The digit of each image, ``n`` whole numbers 0-9.
        epochs: How many times to go through all the training images.
        batch_size: How many images each step of gradient descent averages over.
        learning_rate: The size of the steps (after the warm-up).
        seed: Seeds the shuffling: the same seed trains the same network.
        test_data: ``(test_images, test_labels)`` to measure the accuracy on after
            every epoch, or ``None``.
        cost: "cross-entropy", "quadratic", or a cost object (see ``costs.Cost``).
        progress: Show a progress bar; ``None``: only if stderr is a terminal.
        warmup_epochs: Epochs over which the learning rate rises from 0.
        final_learning_rate: The learning rate at the end, or ``None`` for no decay.
        weight_decay: How strongly each step shrinks every weight (L2).

    Returns:
        A ``History`` of the cost, test accuracy and time of each epoch.

    Raises:
        TypeError: If a setting or the data is of the wrong type (the message says
            what is expected), before any training.
        ValueError: If a setting or the data has a wrong value, before any training.
        FloatingPointError: If training diverged: the learning rate is too large.

    Examples:
        >>> rng = np.random.default_rng(0)
        >>> images = rng.random((200, 4))
        >>> labels = (images[:, 0] > images[:, 1]).astype(int)  # is pixel 0 brighter?
        >>> network = Network([4, 8, 2], activation="relu", seed=0)
        >>> history = train(network, images, labels, epochs=20, batch_size=10,
        ...                 learning_rate=1.0, progress=False)
        >>> history.cost[-1] < history.cost[0], network.evaluate(images, labels) > 0.9
        (True, True)
    """
    cost = get_cost(cost)
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    learning_rate = positive_float(
        learning_rate, "learning_rate", " (e.g. 0.4; smaller if the cost goes up)"
    )
    if final_learning_rate is not None:
        final_learning_rate = positive_float(
            final_learning_rate, "final_learning_rate", " or None (no decay)"
        )
    warmup_epochs = non_negative_float(warmup_epochs, "warmup_epochs")
    weight_decay = non_negative_float(weight_decay, "weight_decay")
    check_decay_step([learning_rate, final_learning_rate or 0.0], weight_decay)
    seed = check_seed(seed)
    x, digits = check_examples(images, labels, network.sizes, network.dtype)
    if test_data is not None:
        if not isinstance(test_data, (tuple, list)) or len(test_data) != 2:
            raise TypeError("test_data must be a pair (test_images, test_labels)")
        test_x, test_digits = check_examples(*test_data, network.sizes, network.dtype)
    if progress is None:
        progress = _stderr_is_terminal()

    y = one_hot(digits, network.sizes[-1], network.dtype)  # the desired outputs
    network.weights = [_own_array(w, network.dtype) for w in network.weights]
    network.biases = [_own_array(b, network.dtype) for b in network.biases]
    rng = np.random.default_rng(seed)
    batches = -(-len(x) // batch_size)  # mini-batches per epoch, the last may be short
    history = History()
    bar = _progress_bar(epochs, enabled=progress)
    try:
        for epoch in range(epochs):
            start = time.perf_counter()
            before = [a.copy() for a in network.weights + network.biases]
            order = rng.permutation(len(x))
            total_cost = 0.0
            with np.errstate(all="ignore"):  # NaN is detected below, with advice
                for number in range(batches):
                    mini_batch = order[number * batch_size : (number + 1) * batch_size]
                    x_batch, y_batch = x[mini_batch], y[mini_batch]
                    rate = learning_rate_at(
                        epoch + (number + 1) / batches,
                        learning_rate,
                        epochs,
                        warmup_epochs,
                        final_learning_rate,
                    )
                    weight_gradients, bias_gradients, output = network._backprop(
                        x_batch, y_batch, cost
                    )
                    for w, g in zip(network.weights, weight_gradients):
                        w -= rate * (g + weight_decay * w)
                    for b, g in zip(network.biases, bias_gradients):
                        b -= rate * g
                    total_cost += cost.value(output, y_batch) * len(mini_batch)
                    if not math.isfinite(total_cost):
                        break
            if not (
                math.isfinite(total_cost)
                and all(np.isfinite(w).all() for w in network.weights + network.biases)
            ):
                _restore(network, before)
                what = "cost" if not math.isfinite(total_cost) else "weights"
                raise FloatingPointError(
                    f"training diverged in epoch {epoch + 1}: the {what} became NaN "
                    f"or infinite, so the network is left as it was before that "
                    f"epoch. Try a smaller learning_rate than {learning_rate:g}."
                )
            history.seconds.append(time.perf_counter() - start)
            history.cost.append(total_cost / len(x))
            if test_data is not None:
                history.accuracy.append(network._accuracy(test_x, test_digits))
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


def _own_array(array: FloatArray, dtype: np.dtype[Any]) -> FloatArray:
    """``array`` in ``dtype``, copied only if it is of another dtype or read-only."""
    array = np.asarray(array, dtype=dtype)
    return array if array.flags.writeable else array.copy()


def _restore(network: Network, saved: list[FloatArray]) -> None:
    """Put the weights and biases in ``saved`` back into the network's arrays."""
    for array, old in zip(network.weights + network.biases, saved):
        array[...] = old


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _progress_bar(epochs: int, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm  # only when asked: it takes a while to import

    return tqdm(total=epochs, desc="training", unit="epoch")


# -- more training data ---------------------------------------------------------------


def expand_training_data(
    images: ArrayLike, labels: ArrayLike
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Five times the training data: each image, and copies of it shifted by one
    pixel up, down, left and right (Nielsen chapter 6, ``expand_mnist.py``).

    A digit moved by a pixel is still the same digit, so the network sees more
    handwriting without anyone writing more; it generalizes better to new images.

    Args:
        images: MNIST images, shape ``(n, 784)``.
        labels: Their digits, ``n`` of them.

    Returns:
        ``(images, labels)``: ``5 n`` images (the originals first, then the
        shifted copies, in blocks of ``n``) and their labels.

    Raises:
        ValueError: If the images are not of shape ``(n, 784)``, or there are not
            as many labels as images.

    Examples:
        >>> image = np.zeros(784)
        >>> image[10 * 28 + 20] = 1.0  # one bright pixel: row 10, column 20
        >>> images, labels = expand_training_data([image], [7])
        >>> images.shape, labels.tolist()
        ((5, 784), [7, 7, 7, 7, 7])
        >>> [divmod(int(np.argmax(image)), 28) for image in images]  # (row, column)
        [(10, 20), (9, 20), (11, 20), (10, 19), (10, 21)]
    """
    array = np.asarray(images)
    if array.ndim != 2 or array.shape[1] != 784:
        raise ValueError(f"expected MNIST images of shape (n, 784), got {array.shape}")
    check_same_length(array, labels)
    pictures = array.reshape(-1, 28, 28)
    shifted = [array]
    for axis, shift in ((1, -1), (1, 1), (2, -1), (2, 1)):  # up, down, left, right
        moved = np.roll(pictures, shift, axis=axis)
        wrapped = 0 if shift == 1 else -1  # the row or column that wrapped around
        if axis == 1:
            moved[:, wrapped, :] = 0
        else:
            moved[:, :, wrapped] = 0
        shifted.append(moved.reshape(-1, 784))
    return np.concatenate(shifted), np.tile(np.asarray(labels), 5)
