"""nn_tutorial: what a neural network is, in small readable NumPy code.

Examples:
    >>> from nn_tutorial import Network
    >>> Network([784, 16, 16, 10]).parameter_count
    13002
"""

from .activations import relu, relu_prime, sigmoid, sigmoid_prime
from .cache import cached_train
from .costs import CrossEntropyCost, QuadraticCost
from .digits import load_image, prepare_digit
from .mnist import MNIST, MNISTError, download_mnist, load_mnist, parse_idx
from .network import Network, backprop, evaluate
from .neuron import Neuron
from .parameters import LayerParameters, count_parameters, layer_parameters
from .recipes import (
    DEFAULT_RECIPE,
    PRETRAINED_RECIPE,
    PRETRAINED_RELU_RECIPE,
    VIDEO_RECIPE,
    Recipe,
    pretrained,
    train_pretrained,
)
from .training import History, train

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_RECIPE",
    "PRETRAINED_RECIPE",
    "PRETRAINED_RELU_RECIPE",
    "VIDEO_RECIPE",
    "CrossEntropyCost",
    "History",
    "QuadraticCost",
    "Recipe",
    "backprop",
    "cached_train",
    "evaluate",
    "pretrained",
    "train",
    "train_pretrained",
    "MNIST",
    "MNISTError",
    "download_mnist",
    "load_mnist",
    "parse_idx",
    "prepare_digit",
    "LayerParameters",
    "Network",
    "Neuron",
    "count_parameters",
    "layer_parameters",
    "load_image",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
]
