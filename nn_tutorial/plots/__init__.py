"""Figures of the lesson, drawn with matplotlib (imported only when a figure is drawn).

One module per group of chapters, each importable on its own:

- ``neurons``: chapters 1 and 8, a digit as the input layer, one neuron, the
  activation functions;
- ``layers``: the home page and chapters 2 and 5, the network, a digit through it,
  parameter counts;
- ``features``: chapters 3 and 4, what hidden neurons respond to, edge detectors;
- ``learning``: chapters 6 and 9, gradient descent, one step against a real
  gradient, a training history, mistakes;
- ``algebra``: chapter 7, a layer as a matrix-vector product.

Every function returns a matplotlib ``Figure``; ``figure_html`` turns one into the
``<figure>`` the docs embed, drawn for the light and the dark page. Output is
deterministic: the same code gives the same bytes, so two builds of the site give
identical figures.
"""

from ._style import DARK as DARK
from ._style import LIGHT as LIGHT
from ._style import NEGATIVE as NEGATIVE
from ._style import POSITIVE as POSITIVE
from ._style import Theme as Theme
from ._style import figure_html
from ._style import theme as theme
from ._style import themed as themed
from .algebra import plot_matrix_vector_product
from .features import (
    ORIENTATION_COLOURS as ORIENTATION_COLOURS,
)
from .features import (
    plot_edge_detector,
    plot_edge_maps,
    plot_hidden_neurons,
    plot_hoped_layers,
)
from .layers import (
    plot_digit_through_network,
    plot_digits,
    plot_network,
    plot_parameter_counts,
)
from .learning import (
    plot_gradient_descent,
    plot_misclassified,
    plot_step_along_gradient,
    plot_training_history,
)
from .neurons import (
    example_digit,
    plot_activation_functions,
    plot_image_as_input_layer,
    plot_neuron,
)

__all__ = [
    "example_digit",
    "figure_html",
    "plot_activation_functions",
    "plot_digit_through_network",
    "plot_digits",
    "plot_edge_detector",
    "plot_edge_maps",
    "plot_gradient_descent",
    "plot_hidden_neurons",
    "plot_hoped_layers",
    "plot_image_as_input_layer",
    "plot_matrix_vector_product",
    "plot_misclassified",
    "plot_network",
    "plot_neuron",
    "plot_step_along_gradient",
    "plot_parameter_counts",
    "plot_training_history",
]
