"""A network: layers of neurons, each layer computed from the one before as
a' = σ(W a + b).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from ._checks import (
    as_inputs,
    check_examples,
    check_mini_batch,
    check_seed,
    check_sizes,
)
from ._network_file import NetworkFile, read_network_file, write_network_file
from .activations import Activation, FloatArray, get_activation
from .costs import Cost, get_cost
from .parameters import LayerParameters, count_parameters, layer_parameters

__all__ = ["Network", "backprop", "evaluate"]


class Network:
    """A feedforward neural network, e.g. ``Network([784, 16, 16, 10])``.

    ``weights[l]`` has shape ``(sizes[l+1], sizes[l])`` and ``biases[l]`` shape
    ``(sizes[l+1],)``, so layer ``l+1`` is ``σ(weights[l] @ a + biases[l])``.
    Hidden layers use ``activation`` ("sigmoid" or "relu"); the output layer always
    uses the sigmoid, so each output is a brightness between 0 and 1.

    Initialization, seeded by ``seed`` (same seed, same network): each weight is drawn
    from a normal distribution with mean 0 and variance 1/m for sigmoid layers, 2/m
    for relu layers (m = the number of inputs to the layer), so weighted sums start
    out neither saturated nor vanishing; every bias starts at 0.

    Args:
        sizes: The number of neurons in each layer, the input layer first.
        activation: The hidden layers' activation function, "sigmoid" or "relu".
        seed: Seeds the random initial weights; ``None`` draws fresh ones.
        dtype: The floating-point type of the weights, biases and arithmetic.

    Raises:
        TypeError: If ``sizes`` is not a list of whole numbers, ``activation``
            not a name, or ``seed`` not a whole number.
        ValueError: If a size, the activation or the dtype is not a valid choice,
            or ``seed`` is negative.

    Examples:
        >>> network = Network([784, 16, 16, 10], seed=0)
        >>> network
        Network([784, 16, 16, 10], activation='sigmoid')
        >>> network.parameter_count
        13002
        >>> network.weights[0].shape, network.biases[0].shape
        ((16, 784), (16,))
    """

    def __init__(
        self,
        sizes: Iterable[int],
        activation: str = "sigmoid",
        seed: int | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        self.sizes = check_sizes(sizes)
        get_activation(activation)  # fail now, with the list of choices
        self.activation = activation
        self.dtype = np.dtype(dtype)
        if not np.issubdtype(self.dtype, np.floating):
            raise ValueError(f"dtype must be a floating type, got {self.dtype}")
        rng = np.random.default_rng(check_seed(seed))
        gain = 2.0 if activation == "relu" else 1.0
        self.weights: list[FloatArray] = [
            (rng.standard_normal((n, m)) * np.sqrt(gain / m)).astype(self.dtype)
            for m, n in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases: list[FloatArray] = [
            np.zeros(n, dtype=self.dtype) for n in self.sizes[1:]
        ]

    # -- the layers, one after another -------------------------------------------

    def layer_functions(self) -> list[tuple[Activation, Activation]]:
        """The (σ, σ') pair of each layer after the input: hidden ones, then output.

        Returns:
            One (activation function, its slope) pair per layer after the input.
        """
        hidden = get_activation(self.activation)
        output = get_activation("sigmoid")
        return [hidden] * (len(self.sizes) - 2) + [output]

    def activations(self, x: ArrayLike) -> list[FloatArray]:
        """Every layer's activations for the input ``x``, the input layer first.

        For a batch each layer's activations are rows, and ``a @ w.T`` computes
        ``W a`` for every row at once.

        Args:
            x: One input, shape ``(sizes[0],)``, or a batch, shape ``(n, sizes[0])``.

        Returns:
            The activations of every layer, from the input to the output layer.

        Raises:
            TypeError: If ``x`` does not hold numbers.
            ValueError: If ``x`` has the wrong shape or is not finite.
        """
        a = as_inputs(x, self.sizes[0], dtype=self.dtype)  # or a clear error
        layers = [a]
        for w, b, (sigma, _) in zip(self.weights, self.biases, self.layer_functions()):
            a = sigma(a @ w.T + b)  # a' = σ(W a + b)
            layers.append(a)
        return layers

    def feedforward(self, x: ArrayLike) -> FloatArray:
        """The output layer's activations for one input or a batch of inputs.

        Args:
            x: One input, shape ``(sizes[0],)``, or a batch, shape ``(n, sizes[0])``.

        Returns:
            The outputs: shape ``(sizes[-1],)``, or ``(n, sizes[-1])`` for a batch.

        Raises:
            TypeError: If ``x`` does not hold numbers.
            ValueError: If ``x`` has the wrong shape or is not finite.
        """
        return self.activations(x)[-1]

    def predict(self, x: ArrayLike) -> Any:
        """The digit (the index of the brightest output neuron) for each input.

        Args:
            x: One input, shape ``(sizes[0],)``, or a batch, shape ``(n, sizes[0])``.

        Returns:
            An ``int`` for one input, an array of ``n`` digits for a batch.

        Raises:
            TypeError: If ``x`` does not hold numbers.
            ValueError: If ``x`` has the wrong shape or is not finite.
        """
        output = self.feedforward(x)
        digits = np.argmax(output, axis=-1)
        return int(digits) if digits.ndim == 0 else digits

    # -- counting ---------------------------------------------------------------

    @property
    def parameter_count(self) -> int:
        """How many weights and biases the network has (13,002 for 784-16-16-10)."""
        return count_parameters(self.sizes)

    @property
    def parameter_breakdown(self) -> list[LayerParameters]:
        """Weights and biases layer by layer, as in ``layer_parameters(sizes)``."""
        return layer_parameters(self.sizes)

    def __repr__(self) -> str:
        return f"Network({self.sizes}, activation={self.activation!r})"

    # -- saving and loading ----------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the network to ``path`` as a ``.npz`` file (no pickles inside).

        The file is written to a temporary name and renamed into place, so an
        interrupted save never leaves half a file behind. Only a regular file is
        ever replaced: a symbolic link, a FIFO or a device at ``path`` is refused
        (give the link's target to write there).

        Args:
            path: Where to write the file; missing folders are created.

        Returns:
            The path written to.

        Raises:
            IsADirectoryError: If ``path`` is a folder.
            ValueError: If ``path`` is a symbolic link, a FIFO or a device.
            OSError: If the file cannot be written (e.g. no permission).
        """
        contents = NetworkFile(self.sizes, self.activation, self.weights, self.biases)
        return write_network_file(Path(path), contents)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Network:
        """Read a network written by ``save``, checking every shape.

        The file is treated as untrusted: only the arrays a network needs are read,
        and each array's shape and type are checked against the layer sizes before
        its data is read, so a small file cannot claim gigabytes.

        Args:
            path: A file written by ``Network.save``.

        Returns:
            The network, with the weights, biases and dtype of the file.

        Raises:
            FileNotFoundError: If there is no file at ``path``.
            ValueError: If the file is not a valid network file; the message says
                what is wrong with it.
            OSError: If the file cannot be read (e.g. no permission).
        """
        sizes, activation, weights, biases = read_network_file(Path(path))
        # Built from the checked arrays, never from random ones of the file's sizes.
        network = cls.__new__(cls)
        network.sizes = sizes
        network.activation = activation
        network.dtype = weights[0].dtype
        network.weights = [w.astype(network.dtype, copy=False) for w in weights]
        network.biases = [b.astype(network.dtype, copy=False) for b in biases]
        return network

    # -- learning: how wrong, and which way is downhill ----------------------------

    def backprop(
        self, x: ArrayLike, y: ArrayLike, cost: str | Cost = "quadratic"
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The gradient of the cost, averaged over the mini-batch ``x``, with respect
        to every weight and bias: ``(weight_gradients, bias_gradients)``, shaped like
        ``weights`` and ``biases``.

        ``x`` is a batch of inputs, shape ``(n, 784)`` (one input of shape ``(784,)``
        is a batch of one). ``y`` says what each output should be: either ``n`` digit
        labels (shape ``(n,)``, turned into one-hot vectors) or the desired outputs
        themselves (shape ``(n, 10)``). ``cost`` is "quadratic" (the video's) or
        "cross-entropy".

        Args:
            x: A mini-batch of inputs, shape ``(n, sizes[0])``, or one input.
            y: ``n`` digit labels, or ``n`` desired outputs of ``sizes[-1]`` numbers.
            cost: "quadratic", "cross-entropy", or a cost object (``costs.Cost``).

        Returns:
            ``(weight_gradients, bias_gradients)``: ∂C/∂w and ∂C/∂b of the cost
            averaged over the mini-batch, one array per layer, shaped like
            ``weights`` and ``biases``.

        Raises:
            TypeError: If ``x`` or ``y`` does not hold numbers, or ``cost`` is
                neither a name nor a cost object.
            ValueError: If ``x`` or ``y`` has the wrong shape or values, the batch
                is empty, the cross-entropy cost gets targets outside [0, 1], or
                there is no cost of that name.

        Examples:
            >>> from nn_tutorial import QuadraticCost
            >>> network = Network([3, 4, 2], seed=0)
            >>> x = np.array([[0.1, 0.5, 0.9], [1.0, 0.0, 0.3]])
            >>> weight_gradients, bias_gradients = network.backprop(x, y=[1, 0])
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
        cross_entropy = getattr(cost, "name", None) == "cross-entropy"
        x, y = check_mini_batch(x, y, self.sizes, self.dtype, cross_entropy)
        if y.ndim == 1:  # digit labels: digit d wants 1.0 from output neuron d
            y = one_hot(y, self.sizes[-1], self.dtype)
        weight_gradients, bias_gradients, _ = self._backprop(x, y, cost)
        return weight_gradients, bias_gradients

    def _backprop(
        self, x: np.ndarray, y: np.ndarray, cost: Cost
    ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """``backprop`` of checked arrays ``x`` (n, inputs) and ``y`` (n, outputs),
        plus the output activations: what ``train`` calls for every mini-batch."""
        # Feedforward, remembering every layer's weighted input z and activation a.
        layer_functions = self.layer_functions()
        activation = x
        activations = [x]
        zs = []
        for w, b, (sigma, _) in zip(self.weights, self.biases, layer_functions):
            z = activation @ w.T + b  # z = W a + b, one row per example
            activation = sigma(z)
            zs.append(z)
            activations.append(activation)

        # The output layer's error δ = ∂C/∂z, divided by n so that the gradients
        # below are of the cost averaged over the mini-batch.
        delta = cost.delta(zs[-1], activations[-1], y) / len(x)
        weight_gradients: list[Any] = [None] * len(self.weights)
        bias_gradients: list[Any] = [None] * len(self.biases)
        # Walk backwards: layer l's gradients come from its error δ and the
        # activations feeding into it; the error of the layer before is (Wᵀ δ) ⊙ σ'(z).
        for layer in range(len(self.weights) - 1, -1, -1):
            bias_gradients[layer] = delta.sum(axis=0)  # ∂C/∂b = δ, summed over examples
            weight_gradients[layer] = delta.T @ activations[layer]  # ∂C/∂w_jk = δ_j a_k
            if layer > 0:
                _, sigma_prime = layer_functions[layer - 1]
                delta = (delta @ self.weights[layer]) * sigma_prime(zs[layer - 1])
        return weight_gradients, bias_gradients, activations[-1]

    def evaluate(self, images: ArrayLike, labels: ArrayLike) -> float:
        """The fraction of ``images`` whose digit the network gets right, 0.0 to 1.0.

        Args:
            images: The images, shape ``(n, sizes[0])``.
            labels: The digit of each image.

        Returns:
            The accuracy: the fraction of images whose brightest output is their
            label.

        Raises:
            TypeError: If the images or labels do not hold numbers.
            ValueError: If their shapes or values are wrong.

        Examples:
            >>> network = Network([2, 2], seed=0)
            >>> network.weights[0][:] = [[5.0, -5.0], [-5.0, 5.0]]
            >>> network.evaluate([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], [0, 1, 0])
            0.6666666666666666
        """
        x, digits = check_examples(images, labels, self.sizes, self.dtype)
        return self._accuracy(x, digits)

    def _accuracy(self, x: np.ndarray, digits: np.ndarray) -> float:
        correct = 0
        for start in range(0, len(x), 10_000):  # in chunks, to bound the memory used
            chunk = slice(start, start + 10_000)
            correct += int(np.sum(self.predict(x[chunk]) == digits[chunk]))
        return correct / len(x)


def one_hot(labels: np.ndarray, classes: int, dtype: Any) -> np.ndarray:
    """Digit d as the desired output: 1.0 for output neuron d, 0.0 for the others.

    Examples:
        >>> one_hot(np.array([2, 0]), 3, np.float64)
        array([[0., 0., 1.],
               [1., 0., 0.]])
    """
    y = np.zeros((len(labels), classes), dtype=dtype)
    y[np.arange(len(labels)), labels] = 1
    return y


def backprop(
    network: Network, x: ArrayLike, y: ArrayLike, cost: str | Cost = "quadratic"
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``network.backprop(x, y, cost)``: the gradients of the cost.

    Args:
        network: The network.
        x: A mini-batch of inputs, shape ``(n, sizes[0])``, or one input.
        y: ``n`` digit labels, or ``n`` desired outputs.
        cost: "quadratic", "cross-entropy", or a cost object.

    Returns:
        ``(weight_gradients, bias_gradients)``, see ``Network.backprop``.
    """
    return network.backprop(x, y, cost)


def evaluate(network: Network, images: ArrayLike, labels: ArrayLike) -> float:
    """``network.evaluate(images, labels)``: the fraction of digits it gets right.

    Args:
        network: The network.
        images: The images, shape ``(n, sizes[0])``.
        labels: The digit of each image.

    Returns:
        The accuracy, from 0.0 to 1.0.
    """
    return network.evaluate(images, labels)
