"""The teaching loops: the same arithmetic as the package, one number or one example
at a time, so that the chapters can show what the matrix form saves.

``layer_with_loops`` computes a layer, a' = σ(W a + b), neuron by neuron with plain
Python loops; ``layer_with_matrix`` computes it as one matrix product (chapter 7).
``NielsenNetwork`` is the code of Nielsen's ``network.py``, which backpropagates one
example at a time, looping over the examples of each mini-batch; the package's
``train`` takes each mini-batch as one matrix. With ``recipes.NIELSEN_RECIPE`` both
take the same steps (``tests/test_loops.py`` checks it; chapter 6 and
``benchmarks/train_speed.py`` time them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import FloatArray, get_activation
from .network import Network

#: One training example as Nielsen's loader gives it: the image and its desired
#: output, both column vectors.
Example = tuple[NDArray[np.float64], NDArray[np.float64]]

__all__ = [
    "NielsenNetwork",
    "layer_with_loops",
    "layer_with_matrix",
    "nielsen_training_data",
]


def layer_with_loops(
    weights: ArrayLike, bias: ArrayLike, a: ArrayLike, activation: str = "sigmoid"
) -> FloatArray:
    """a' = σ(W a + b) with plain Python loops, one neuron at a time.

    Args:
        weights: One row per neuron of the new layer, one column per input.
        bias: One number per neuron of the new layer.
        a: One input (a number per column of ``weights``), or a batch (rows).
        activation: "sigmoid" or "relu".

    Returns:
        The new layer's activations, shaped like ``a @ weights.T``.

    Examples:
        >>> layer_with_loops([[1.0, -1.0]], [0.0], [2.0, 2.0])
        array([0.5])
    """
    sigma, _ = get_activation(activation)
    W = np.asarray(weights, dtype=float).tolist()  # lists of plain Python floats
    b = np.asarray(bias, dtype=float).tolist()
    a = np.asarray(a, dtype=float)
    batch = a.tolist() if a.ndim == 2 else [a.tolist()]
    new_layers = []
    for x in batch:  # each input of the batch, one after another
        new_layer = []
        for j in range(len(W)):  # each neuron j of the new layer
            z = b[j]
            for k in range(len(x)):  # each neuron k of the layer before
                z += W[j][k] * x[k]  # weight times activation
            new_layer.append(sigma(z))  # a'_j = σ(z)
        new_layers.append(new_layer)
    if a.ndim == 1:  # one input: its new layer
        return np.array(new_layers[0], dtype=float)
    return np.array(new_layers, dtype=float)


def layer_with_matrix(
    weights: ArrayLike, bias: ArrayLike, a: ArrayLike, activation: str = "sigmoid"
) -> FloatArray:
    """a' = σ(W a + b) as one matrix product, for one input or a batch (rows).

    ``a @ W.T`` computes ``W a`` for every row of a batch at once, and ``+ b`` adds
    the bias to every row.

    Args:
        weights: One row per neuron of the new layer, one column per input.
        bias: One number per neuron of the new layer.
        a: One input (a number per column of ``weights``), or a batch (rows).
        activation: "sigmoid" or "relu".

    Returns:
        The new layer's activations, ``σ(a @ weights.T + bias)``.

    Examples:
        >>> layer_with_matrix([[1.0, -1.0]], [0.0], [2.0, 2.0])
        array([0.5])
    """
    sigma, _ = get_activation(activation)
    W = np.asarray(weights, dtype=float)
    z: FloatArray = np.asarray(a, dtype=float) @ W.T + np.asarray(bias, dtype=float)
    return sigma(z)  # a' = σ(W a + b), for every row at once


# -- training: one example at a time --------------------------------------------------


# Nielsen's sigmoid and its slope, as in his network.py. The package's sigmoid
# (activations.py) gives the same numbers without overflowing for large negative z,
# at a cost per call that adds up over 50,000 single examples: the per-example loop
# is the benchmark's baseline (benchmarks/train_speed.py, chapter 6), so it runs
# Nielsen's code as he wrote it, not a slower variant of it.
def sigmoid(z: FloatArray) -> FloatArray:
    """The sigmoid function, 1 / (1 + e^(-z)), as Nielsen writes it."""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z: FloatArray) -> FloatArray:
    """Derivative of the sigmoid function, as Nielsen writes it."""
    return sigmoid(z) * (1 - sigmoid(z))


class NielsenNetwork:
    """Nielsen's ``network.py`` in Python 3, trimmed to training: backpropagation one
    example at a time. An input ``x`` is a column vector, shape ``(784, 1)``, and so
    is its desired output ``y``, shape ``(10, 1)`` (see ``nielsen_training_data``);
    ``update_mini_batch`` loops over the examples of a mini-batch and adds up their
    gradients.

    Two changes make it comparable with the package, step for step: it starts from
    the weights and biases of ``Network(sizes, seed=seed)`` (Nielsen draws them with
    ``np.random.randn``), and ``SGD`` shuffles like the package's ``train`` (Nielsen:
    ``random.shuffle``). With ``NIELSEN_RECIPE``, ``train`` takes the same steps.

    Args:
        sizes: The number of neurons in each layer, the input layer first.
        seed: Seeds the initial weights, as in ``Network(sizes, seed=seed)``.

    Examples:
        >>> network = NielsenNetwork([784, 16, 16, 10], seed=0)
        >>> [w.shape for w in network.weights], [b.shape for b in network.biases]
        ([(16, 784), (16, 16), (10, 16)], [(16, 1), (16, 1), (10, 1)])
    """

    def __init__(self, sizes: Iterable[int], seed: int | None = None) -> None:
        start = Network(sizes, activation="sigmoid", seed=seed, dtype=np.float64)
        self.num_layers = len(start.sizes)
        self.sizes = start.sizes
        self.biases = [b.reshape(-1, 1) for b in start.biases]  # column vectors
        self.weights = start.weights

    def feedforward(self, a: FloatArray) -> FloatArray:
        """The output of the network for the input ``a`` (a column vector).

        Args:
            a: One input, a column vector of shape ``(sizes[0], 1)``.

        Returns:
            The output layer's activations, a column vector.
        """
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def SGD(  # noqa: N802 (Nielsen's name)
        self,
        training_data: Sequence[Example],
        epochs: int,
        mini_batch_size: int,
        eta: float,
        seed: int | None = None,
    ) -> None:
        """Train by mini-batch stochastic gradient descent.

        Args:
            training_data: ``(x, y)`` pairs, see ``nielsen_training_data``.
            epochs: How many times to go through the training data.
            mini_batch_size: How many examples each step averages over.
            eta: The learning rate.
            seed: Seeds the shuffling, as in the package's ``train``.
        """
        rng = np.random.default_rng(seed)  # Nielsen: random.shuffle(training_data)
        n = len(training_data)
        for _ in range(epochs):
            shuffled = [training_data[i] for i in rng.permutation(n)]
            mini_batches = [
                shuffled[k : k + mini_batch_size] for k in range(0, n, mini_batch_size)
            ]
            for mini_batch in mini_batches:
                self.update_mini_batch(mini_batch, eta)

    def update_mini_batch(self, mini_batch: Sequence[Example], eta: float) -> None:
        """One step of gradient descent: backpropagate each example on its own and
        add up the gradients.

        Args:
            mini_batch: ``(x, y)`` pairs of column vectors.
            eta: The learning rate.
        """
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [
            w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)
        ]
        self.biases = [
            b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)
        ]

    def backprop(
        self, x: FloatArray, y: FloatArray
    ) -> tuple[list[FloatArray], list[FloatArray]]:
        """The gradient of the cost of the one example ``(x, y)``.

        Args:
            x: One input, a column vector.
            y: Its desired output, a column vector.

        Returns:
            ``(nabla_b, nabla_w)``, shaped like ``biases`` and ``weights``.
        """
        nabla_b: list[FloatArray] = [np.zeros(b.shape) for b in self.biases]
        nabla_w: list[FloatArray] = [np.zeros(w.shape) for w in self.weights]
        # feedforward
        activation = x
        activations = [x]  # list to store all the activations, layer by layer
        zs: list[FloatArray] = []  # list to store all the z vectors, layer by layer
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # backward pass
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for layer in range(2, self.num_layers):
            z = zs[-layer]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-layer + 1].transpose(), delta) * sp
            nabla_b[-layer] = delta
            nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
        return (nabla_b, nabla_w)

    def cost_derivative(
        self, output_activations: FloatArray, y: FloatArray
    ) -> FloatArray:
        """∂C/∂a of the quadratic cost ½‖a − y‖² for the output activations.

        Args:
            output_activations: The output layer's activations, a column vector.
            y: The desired output, a column vector.

        Returns:
            ``output_activations - y``.
        """
        return output_activations - y


def nielsen_training_data(
    images: ArrayLike, labels: Iterable[int], classes: int = 10
) -> list[Example]:
    """The data as Nielsen's ``mnist_loader`` gives it.

    Args:
        images: The images, one per row.
        labels: The digit of each image.
        classes: How many output neurons (digits) there are.

    Returns:
        A list of ``(x, y)`` pairs: the image ``x`` a float64 column vector and
        ``y`` its desired output, a one-hot column vector of ``classes`` numbers.

    Examples:
        >>> x, y = nielsen_training_data(np.zeros((1, 784)), [3])[0]
        >>> x.shape, y.shape, y.ravel().tolist()
        ((784, 1), (10, 1), [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    """
    data = []
    for image, label in zip(np.asarray(images), labels):
        y = np.zeros((classes, 1))
        y[label] = 1.0
        data.append((np.asarray(image, dtype=np.float64).reshape(-1, 1), y))
    return data
