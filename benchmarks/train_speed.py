"""How much faster is training with whole mini-batches as matrices? Run it:

    python benchmarks/train_speed.py [--data-dir DIR] [--rounds 5]

(MNIST from ``--data-dir``, else ``NN_TUTORIAL_DATA``, else the download cache.)

It trains, side by side and in one run, on the first 50,000 MNIST training images
(Nielsen's training split) and prints seconds per epoch and speed-ups:

1. Nielsen's ``network.py`` algorithm, one example at a time inside each mini-batch
   (quadratic cost, mini-batches of 10, learning rate 3.0, float64). It is slow, so it
   is timed on part of an epoch and scaled up, and the output says so.
2. The package's ``train`` with that same recipe, in float64 like Nielsen's code
   (goal: at least 8x faster) and, for comparison, in float32.
3. The package's default recipe (goal: at least 25x faster than 1.).
4. PyTorch on the CPU with the default recipe's architecture, mini-batch, cost and
   dtype, if ``torch`` is installed (goal: the package is faster).
5. The default recipe, 784-16-16-10 on all 60,000 training images, until it reaches
   96% on the 10,000 test images (goal: within 10 s of training).

Each per-epoch time is the best of a few rounds that take turns, so that another
program briefly using the CPU does not decide the result. The exit code is 1 if a
goal is missed. Nielsen's loop (``NielsenNetwork``) lives in ``nn_tutorial.loops``,
where chapter 6 of the site uses it too; the timers of 1. to 3. are in
``benchmarks/timers.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from dataclasses import dataclass

import numpy as np
from timers import time_package_epoch, time_per_example_loop

from nn_tutorial.mnist import load_mnist
from nn_tutorial.training import DEFAULT_RECIPE, NIELSEN_RECIPE

EPOCH = 50_000  # images per epoch in the per-epoch timings (Nielsen's split)

# 1. Nielsen's network.py, one example at a time, and 2. and 3. the package's train:
# NielsenNetwork in nn_tutorial/loops.py, the timers in benchmarks/timers.py.

# -- 5. the default recipe until 96% ---------------------------------------------------


@dataclass
class Reached:
    target: float  # the test accuracy the run was waiting for
    epoch: int | None  # the first epoch at or above it, None if never
    accuracy: float | None  # the test accuracy after that epoch
    seconds: float | None  # training time until the end of that epoch
    final_accuracy: float  # after the last epoch
    total_seconds: float  # the whole run, including checks and test evaluations


def time_to_accuracy(data, target: float = 0.96) -> Reached:
    """Train the default recipe on all training images; when does it reach ``target``
    accuracy on the test images?"""
    start = time.perf_counter()
    _, history = DEFAULT_RECIPE.train(
        data.train_images,
        data.train_labels,
        test_data=(data.test_images, data.test_labels),
        progress=False,
    )
    total = time.perf_counter() - start
    final = history.accuracy[-1]
    for epoch, accuracy in enumerate(history.accuracy, start=1):
        if accuracy >= target:
            seconds = sum(history.seconds[:epoch])
            return Reached(target, epoch, accuracy, seconds, final, total)
    return Reached(target, None, None, None, final, total)


# -- 4. PyTorch ------------------------------------------------------------------------


def torch_trainer(images, labels):
    """A function that trains one epoch with the idiomatic PyTorch loop and returns
    its seconds, for the default recipe's architecture, mini-batch size, cost,
    learning rate, weight decay and float32; ``None`` if torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    recipe = DEFAULT_RECIPE
    hidden = torch.nn.ReLU if recipe.activation == "relu" else torch.nn.Sigmoid
    layers = []
    for m, n in zip(recipe.sizes[:-1], recipe.sizes[1:]):
        layers += [torch.nn.Linear(m, n), hidden()]
    model = torch.nn.Sequential(*layers[:-1])  # sigmoid outputs: inside the loss
    optimizer = torch.optim.SGD(
        model.parameters(), lr=recipe.learning_rate, weight_decay=recipe.weight_decay
    )
    x_all = torch.from_numpy(np.array(images, dtype=np.float32))  # a writable copy
    y_all = torch.nn.functional.one_hot(
        torch.from_numpy(np.array(labels, dtype=np.int64)), 10
    ).float()
    generator = torch.Generator().manual_seed(0)

    def epoch(threads: int | None = None) -> float:
        default_threads = torch.get_num_threads()
        torch.set_num_threads(threads or default_threads)
        start = time.perf_counter()
        order = torch.randperm(len(x_all), generator=generator)
        for first in range(0, len(x_all), recipe.batch_size):
            mini_batch = order[first : first + recipe.batch_size]
            x, y = x_all[mini_batch], y_all[mini_batch]
            # binary cross-entropy of the sigmoid outputs, summed over the 10 outputs
            # and averaged over the mini-batch, as the package's cross-entropy cost
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(x), y, reduction="sum"
            ) / len(x)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        torch.set_num_threads(default_threads)
        return seconds

    return epoch


def torch_version() -> str:
    import torch

    return torch.__version__


# -- 1. to 4., in interleaved rounds ---------------------------------------------------


def time_epochs(images, labels, rounds: int = 3, loop_examples: int = 4_000):
    """Best-of-``rounds`` seconds per epoch of: Nielsen's loop (``loop``, timed on
    ``loop_examples`` examples per round and scaled), the package with the same
    recipe in float64 (``same``) and float32 (``same32``), the package's default
    recipe (``default``), and PyTorch (``torch``: the faster of its default number of
    threads and one thread; ``None`` without torch). The rounds interleave the
    contenders, so a busy moment of the machine hits all of them."""
    images64 = np.asarray(images, dtype=np.float64)  # converted once, not per round
    same = NIELSEN_RECIPE.network()  # float64, like Nielsen's code
    same32 = dataclasses.replace(NIELSEN_RECIPE, dtype="float32").network()
    default = DEFAULT_RECIPE.network()
    torch_epoch = torch_trainer(images, labels)
    times: dict[str, list[float]] = {
        "loop": [],
        "same": [],
        "same32": [],
        "default": [],
        "torch": [],
    }
    for number in range(rounds):
        start = number * loop_examples
        times["loop"].append(
            time_per_example_loop(images, labels, loop_examples, start=start)
        )
        times["same"].append(
            time_package_epoch(same, images64, labels, NIELSEN_RECIPE, seed=number)
        )
        times["same32"].append(
            time_package_epoch(same32, images, labels, NIELSEN_RECIPE, seed=number)
        )
        times["default"].append(
            time_package_epoch(default, images, labels, DEFAULT_RECIPE, seed=number)
        )
        if torch_epoch is not None:  # its default threads, and one (often faster)
            times["torch"] += [torch_epoch(), torch_epoch(threads=1)]
    return {name: min(values) if values else None for name, values in times.items()}


# -- the report ------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Per-example loop vs. mini-batches as matrices vs. PyTorch."
    )
    parser.add_argument("--rounds", type=int, default=5, help="default: 5")
    parser.add_argument(
        "--data-dir", help="the MNIST files (default: NN_TUTORIAL_DATA or the cache)"
    )
    arguments = parser.parse_args(argv)
    rounds = arguments.rounds
    data = load_mnist(arguments.data_dir)
    images = data.train_images[:EPOCH]
    labels = data.train_labels[:EPOCH]
    missed = []

    def goal(ok: bool, what: str) -> str:
        if not ok:
            missed.append(what)
        return "" if ok else "  <-- GOAL MISSED"

    loop_examples = 4_000
    best = time_epochs(images, labels, rounds=rounds, loop_examples=loop_examples)
    loop, same, default = best["loop"], best["same"], best["default"]
    recipe = DEFAULT_RECIPE
    print(
        f"{EPOCH:,}-image epochs, best of {rounds} interleaved rounds; the "
        f"per-example loop (Nielsen's network.py: sigmoid, quadratic, batch 10, eta "
        f"3.0, float64) is timed on {loop_examples:,} images per round and scaled to "
        "the epoch"
    )
    ratio = loop / same
    print(
        f"per-example loop: {loop:.2f} s/epoch; package (same recipe, float64): "
        f"{same:.2f} s/epoch; speed-up {ratio:.1f}x (goal >= 8x)"
        + goal(ratio >= 8, "same recipe >= 8x")
    )
    print(
        f"per-example loop: {loop:.2f} s/epoch; package (same recipe, float32): "
        f"{best['same32']:.2f} s/epoch; speed-up {loop / best['same32']:.1f}x"
    )
    ratio = loop / default
    print(
        f"per-example loop: {loop:.2f} s/epoch; package (default recipe: "
        f"{recipe.activation}, {recipe.cost}, batch {recipe.batch_size}, "
        f"{recipe.dtype}): {default:.3f} s/epoch; speed-up {ratio:.1f}x (goal >= 25x)"
        + goal(ratio >= 25, "default recipe >= 25x")
    )
    if best["torch"] is None:
        print("PyTorch: not installed, skipped (pip install torch to compare)")
    else:
        ratio = best["torch"] / default
        print(
            f"PyTorch {torch_version()} CPU (same architecture, batch "
            f"{recipe.batch_size}, cost, {recipe.dtype}; best of its default threads "
            f"and 1 thread): {best['torch']:.3f} s/epoch; package {default:.3f} "
            f"s/epoch; package is {ratio:.1f}x faster (goal > 1x)"
            + goal(ratio > 1, "faster than PyTorch")
        )

    reached = time_to_accuracy(data, 0.96)
    sizes = "-".join(map(str, recipe.sizes))
    if reached.epoch is None:
        print(
            f"default recipe {sizes} never reached 96.0% test accuracy (final "
            f"{reached.final_accuracy:.2%})" + goal(False, "96% within 10 s")
        )
    else:
        print(
            f"default recipe {sizes} on 60,000 images: {reached.accuracy:.2%} test "
            f"accuracy (>= 96.0%) after epoch {reached.epoch}, {reached.seconds:.2f} s "
            f"of training (goal <= 10 s); all {recipe.epochs} epochs: "
            f"{reached.final_accuracy:.2%} in {reached.total_seconds:.2f} s wall "
            "time, checks and test evaluations included"
            + goal(reached.seconds <= 10, "96% within 10 s")
        )
    if missed:
        print("missed: " + "; ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
