"""How much faster the matrix form is than loops: for one layer, and for training.

A layer computes a' = σ(W a + b). Written neuron by neuron, that is nested loops of
multiplications and additions run by the Python interpreter; written as a matrix
product, it is one call into numpy, which does the same arithmetic in compiled code.
``layer_with_loops`` and ``layer_with_matrix`` compute the same numbers;
``compare_layer`` times them.

Training gains in the same way. ``NielsenNetwork`` is the code of Nielsen's
``network.py``, which backpropagates one example at a time, looping over the
examples of each mini-batch; the package's ``train`` takes each mini-batch as one
matrix. With ``NIELSEN_RECIPE`` both take the same steps (``tests/test_speed.py``
checks it); ``compare_training`` times them.
"""

from __future__ import annotations

import dataclasses
import time
from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .learning import DEFAULT_RECIPE, Recipe, train
from .network import Network

__all__ = [
    "NIELSEN_RECIPE",
    "LayerTiming",
    "NielsenNetwork",
    "TrainingTiming",
    "compare_layer",
    "compare_training",
    "layer_with_loops",
    "layer_with_matrix",
    "nielsen_training_data",
    "time_package_epoch",
    "time_per_example_loop",
]


def layer_with_loops(weights, bias, a, activation: str = "sigmoid"):
    """a' = σ(W a + b) with plain Python loops, one neuron at a time.

    ``weights`` has one row per neuron of the new layer, ``bias`` one number per
    neuron, and ``a`` is one input (``len(a)`` numbers) or a batch of inputs (one per
    row). Returns a numpy array shaped like ``a @ weights.T``.

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
    result = np.array(new_layers, dtype=float)
    return result if a.ndim == 2 else result[0]


def layer_with_matrix(weights, bias, a, activation: str = "sigmoid"):
    """a' = σ(W a + b) as one matrix product, for one input or a batch (rows).

    ``a @ W.T`` computes ``W a`` for every row of a batch at once, and ``+ b`` adds
    the bias to every row.

    Examples:
        >>> layer_with_matrix([[1.0, -1.0]], [0.0], [2.0, 2.0])
        array([0.5])
    """
    sigma, _ = get_activation(activation)
    weights = np.asarray(weights, dtype=float)
    return sigma(np.asarray(a, dtype=float) @ weights.T + np.asarray(bias, dtype=float))


class LayerTiming(NamedTuple):
    """Best-of-``repeats`` times, in seconds, of the two ways to compute one layer."""

    loops: float
    matrix: float
    batch: int
    inputs: int
    neurons: int

    @property
    def speedup(self) -> float:
        """How many times faster the matrix product was than the loops."""
        return self.loops / self.matrix


def _best_time(function, repeats: int) -> float:
    """The fastest of ``repeats`` runs: the run least disturbed by anything else."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def compare_layer(
    batch: int = 50,
    inputs: int = 784,
    neurons: int = 16,
    repeats: int = 3,
    seed: int = 0,
    activation: str = "sigmoid",
) -> LayerTiming:
    """Time one layer (``neurons`` neurons fed by ``inputs`` activations) on a batch
    of ``batch`` random inputs, with loops and with the matrix product.

    The defaults are the first hidden layer of ``Network([784, 16, 16, 10])`` and
    take well under a second in all. Each time is the best of several runs; the
    matrix form gets 20 times as many runs, since one run of it is too short to time
    well on its own.
    """
    for name, value in (("batch", batch), ("inputs", inputs), ("neurons", neurons)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    rng = np.random.default_rng(seed)
    weights = rng.standard_normal((neurons, inputs)) / np.sqrt(inputs)
    bias = rng.standard_normal(neurons)
    a = rng.random((batch, inputs))
    loops = _best_time(lambda: layer_with_loops(weights, bias, a, activation), repeats)
    matrix = _best_time(
        lambda: layer_with_matrix(weights, bias, a, activation), 20 * repeats
    )
    return LayerTiming(loops, matrix, batch, inputs, neurons)


# -- training: one example at a time, or each mini-batch as one matrix -----------------

#: Nielsen's recipe (``network.py``, chapter 1 of his book) for the video's network:
#: sigmoid neurons, the quadratic cost, mini-batches of 10, learning rate 3.0, float64
#: like his code, and plain SGD: no warm-up, no decay, no weight decay.
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


# Nielsen's sigmoid and its slope, as in network.py (the package's own sigmoid in
# activations.py also avoids overflow, which costs time in this loop).
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
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

    Examples:
        >>> network = NielsenNetwork([784, 16, 16, 10], seed=0)
        >>> [w.shape for w in network.weights], [b.shape for b in network.biases]
        ([(16, 784), (16, 16), (10, 16)], [(16, 1), (16, 1), (10, 1)])
    """

    def __init__(self, sizes, seed=None):
        start = Network(sizes, activation="sigmoid", seed=seed, dtype=np.float64)
        self.num_layers = len(start.sizes)
        self.sizes = start.sizes
        self.biases = [b.reshape(-1, 1) for b in start.biases]  # column vectors
        self.weights = start.weights

    def feedforward(self, a):
        """The output of the network for the input ``a`` (a column vector)."""
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, seed=None):  # noqa: N802
        """Train by mini-batch stochastic gradient descent: ``training_data`` is a
        list of ``(x, y)`` pairs, ``eta`` the learning rate."""
        rng = np.random.default_rng(seed)  # Nielsen: random.shuffle(training_data)
        n = len(training_data)
        for _ in range(epochs):
            shuffled = [training_data[i] for i in rng.permutation(n)]
            mini_batches = [
                shuffled[k : k + mini_batch_size] for k in range(0, n, mini_batch_size)
            ]
            for mini_batch in mini_batches:
                self.update_mini_batch(mini_batch, eta)

    def update_mini_batch(self, mini_batch, eta):
        """One step of gradient descent on ``mini_batch``, a list of ``(x, y)``:
        backpropagate each example on its own and add up the gradients."""
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

    def backprop(self, x, y):
        """The gradient of the cost of the one example ``(x, y)``:
        ``(nabla_b, nabla_w)``, shaped like ``biases`` and ``weights``."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # feedforward
        activation = x
        activations = [x]  # list to store all the activations, layer by layer
        zs = []  # list to store all the z vectors, layer by layer
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

    def cost_derivative(self, output_activations, y):
        """∂C/∂a of the quadratic cost ½‖a − y‖² for the output activations."""
        return output_activations - y


def nielsen_training_data(images, labels, classes: int = 10):
    """The data as Nielsen's ``mnist_loader`` gives it: a list of ``(x, y)`` pairs, the
    image ``x`` a float64 column vector and ``y`` its desired output, a one-hot
    column vector of ``classes`` numbers.

    Examples:
        >>> x, y = nielsen_training_data(np.zeros((1, 784)), [3])[0]
        >>> x.shape, y.shape, y.ravel().tolist()
        ((784, 1), (10, 1), [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    """
    data = []
    for image, label in zip(images, labels):
        y = np.zeros((classes, 1))
        y[label] = 1.0
        data.append((np.asarray(image, dtype=np.float64).reshape(-1, 1), y))
    return data


def time_per_example_loop(
    images, labels, examples: int = 4_000, start: int = 0, seed: int = 0
) -> float:
    """Seconds per epoch of ``len(images)`` examples for Nielsen's loop
    (``NIELSEN_RECIPE``), timed on one epoch of the ``examples`` examples from
    ``start`` on and scaled up to the whole epoch. Turning the images into column
    vectors is not timed, as Nielsen's loader does it before training."""
    part = nielsen_training_data(
        images[start : start + examples], labels[start : start + examples]
    )
    recipe = NIELSEN_RECIPE
    network = NielsenNetwork(recipe.sizes, seed=seed)
    begin = time.perf_counter()
    network.SGD(part, 1, recipe.batch_size, recipe.learning_rate, seed=seed)
    return (time.perf_counter() - begin) * len(images) / len(part)


def time_package_epoch(
    network: Network, images, labels, recipe: Recipe = DEFAULT_RECIPE, seed: int = 0
) -> float:
    """Seconds for one epoch of the package's ``train`` with the cost, mini-batch size
    and learning rates of ``recipe`` (checking the data and setting up not timed)."""
    options = {**recipe.training_options(), "epochs": 1, "seed": seed}
    history = train(network, images, labels, progress=False, **options)
    return history.seconds[0]


class TrainingTiming(NamedTuple):
    """Best-of-``repeats`` seconds for one epoch of ``examples`` training examples,
    one example at a time and one mini-batch as one matrix at a time."""

    loop: float
    matrix: float
    examples: int

    @property
    def speedup(self) -> float:
        """How many times faster the matrix form trained than the loop."""
        return self.loop / self.matrix


def compare_training(images, labels, repeats: int = 3, seed: int = 0) -> TrainingTiming:
    """Time one epoch over ``images`` (MNIST images, one per row) and ``labels`` with
    ``NIELSEN_RECIPE``: one example at a time (``NielsenNetwork``), and with each
    mini-batch as one matrix (the package's ``train``, in float64 like Nielsen's code).

    Both start from the same weights and take the same steps. Each time is the best
    of ``repeats`` rounds, which take turns, so that a moment when the computer is
    busy with something else hits both. A few thousand images take about a second
    in all.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    images = np.asarray(images, dtype=np.float64)  # converted once, like Nielsen's
    recipe = dataclasses.replace(NIELSEN_RECIPE, seed=seed)
    loops, matrices = [], []
    for _ in range(repeats):  # train checks the data first, with clear errors
        matrices.append(
            time_package_epoch(recipe.network(), images, labels, recipe, seed=seed)
        )
        loops.append(
            time_per_example_loop(images, labels, examples=len(images), seed=seed)
        )
    return TrainingTiming(min(loops), min(matrices), len(images))
