"""Write the trained network, and one MNIST test digit per class, for the "Draw a
digit" page: ``assets/nn-tutorial/network.bin`` in the built site (layout:
``nn_tutorial.export``); and the MNIST subset that "Watch it learn" trains on,
``assets/nn-tutorial/mnist-subset.bin.gz`` (``nn_tutorial.subset``);
and chapter 4's edge detectors, ``assets/nn-tutorial/edges.bin``.

It is written into the built site after each build, never into ``docs/``, so
``mkdocs serve`` does not see a changed source and rebuild in a loop. The example
digits come from MNIST at build time; nothing derived from MNIST is committed.
"""

from __future__ import annotations

from pathlib import Path

from nn_tutorial import pretrained
from nn_tutorial.export import detectors_to_bytes, pick_examples, write_network
from nn_tutorial.mnist import load_mnist
from nn_tutorial.subset import mnist_subset, subset_to_bytes

TARGET = Path("assets", "nn-tutorial", "network.bin")
SUBSET = Path("assets", "nn-tutorial", "mnist-subset.bin.gz")
EDGES = Path("assets", "nn-tutorial", "edges.bin")


def on_post_build(config, **kwargs) -> None:
    site = Path(config["site_dir"])
    if (site / TARGET).is_file() and (site / SUBSET).is_file():
        return  # a --dirty rebuild (make serve): the site was not cleaned, keep them
    network = pretrained()
    mnist = load_mnist()
    examples, labels = pick_examples(network, mnist.test_images, mnist.test_labels)
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"the pretrained network gets no MNIST test {missing} right")
    write_network(Path(config["site_dir"]) / TARGET, network, examples, labels)
    subset = subset_to_bytes(mnist_subset(mnist))
    (Path(config["site_dir"]) / SUBSET).write_bytes(subset)
    (Path(config["site_dir"]) / EDGES).write_bytes(detectors_to_bytes())
