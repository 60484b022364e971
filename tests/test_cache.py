"""``cached_train`` serves a stored network only for the very run that made it: a
changed recipe, package source, data or broken entry trains again."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nn_tutorial import Recipe, cache
from nn_tutorial.mnist import MNIST

TINY = Recipe(sizes=(784, 10), activation="sigmoid", epochs=2, batch_size=10)


def tiny_data(seed: int = 0) -> MNIST:
    rng = np.random.default_rng(seed)
    images = rng.random((60, 784)).astype(np.float32)
    labels = rng.integers(0, 10, 60).astype(np.uint8)
    return MNIST(images[:40], labels[:40], images[40:], labels[40:])


@pytest.fixture
def trainings(monkeypatch, tmp_path):
    """The cache in a fresh folder; the list of recipes that were really trained."""
    monkeypatch.setenv("NN_TUTORIAL_CACHE", str(tmp_path / "cache"))
    trained: list[Recipe] = []
    real_train = Recipe.train

    def train(self, *args, **kwargs):
        trained.append(self)
        return real_train(self, *args, **kwargs)

    monkeypatch.setattr(Recipe, "train", train)
    return trained


def test_the_second_call_reads_what_the_first_trained(trainings):
    data = tiny_data()
    network, history = cache.cached_train(TINY, data)
    again, again_history = cache.cached_train(TINY, data)
    assert trainings == [TINY]
    assert again.sizes == network.sizes and again.activation == network.activation
    for a, b in zip(network.weights + network.biases, again.weights + again.biases):
        assert np.array_equal(a, b) and a.dtype == b.dtype
    assert again_history == history and len(history.accuracy) == TINY.epochs


def test_a_changed_recipe_trains_again(trainings):
    data = tiny_data()
    cache.cached_train(TINY, data)
    other = dataclasses.replace(TINY, weight_decay=TINY.weight_decay * 2)
    cache.cached_train(other, data)
    cache.cached_train(dataclasses.replace(TINY, seed=1), data)
    assert trainings == [TINY, other, dataclasses.replace(TINY, seed=1)]


def test_changed_data_trains_again(trainings):
    data = tiny_data()
    cache.cached_train(TINY, data)
    images = data.test_images.copy()
    images[0, 0] += 0.5  # one test pixel: the history would differ
    cache.cached_train(TINY, data._replace(test_images=images))
    labels = data.train_labels.copy()
    labels[0] = (labels[0] + 1) % 10
    cache.cached_train(TINY, data._replace(train_labels=labels))
    assert len(trainings) == 3


def test_changed_source_trains_again(trainings, monkeypatch, tmp_path):
    package = tmp_path / "package"
    shutil.copytree(
        Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("*.npz")
    )
    monkeypatch.setattr(cache, "_PACKAGE", package)
    data = tiny_data()
    cache.cached_train(TINY, data)
    cache.cached_train(TINY, data)
    assert len(trainings) == 1
    training = package / "training.py"
    training.write_text(training.read_text() + "\n# a changed line\n")
    cache.cached_train(TINY, data)
    assert len(trainings) == 2
    (package / "new_module.py").write_text("")
    cache.cached_train(TINY, data)
    assert len(trainings) == 3


def test_a_broken_entry_is_trained_again(trainings):
    data = tiny_data()
    cache.cached_train(TINY, data)
    (entry,) = cache.cache_dir().glob("*.json")
    entry.write_text("{not json")
    network, history = cache.cached_train(TINY, data)
    assert len(trainings) == 2 and history.epochs == TINY.epochs
    network, _ = cache.cached_train(TINY, data)  # and the entry is whole again
    assert len(trainings) == 2


def test_the_key_depends_on_each_part():
    data = tiny_data()
    key = cache.cache_key(TINY, data)
    assert key == cache.cache_key(TINY, tiny_data())
    assert key != cache.cache_key(TINY, tiny_data(seed=1))
    assert key != cache.cache_key(dataclasses.replace(TINY, epochs=3), data)
    assert len(key) == 64


def test_a_read_only_array_is_hashed_once_and_a_writable_one_every_time():
    frozen = np.arange(10.0)
    frozen.flags.writeable = False
    assert cache._array_hash(frozen) == cache._array_hash(frozen.copy())
    assert id(frozen) in cache._hashes
    writable = np.arange(10.0)
    before = cache._array_hash(writable)
    writable[0] = 5.0
    assert cache._array_hash(writable) != before


def test_finding_the_cache_folders_imports_no_progress_bar():
    """In Jupyter, importing tqdm.auto prints a TqdmWarning into the notebook (the
    site's notebook showed one on a clean build): finding where MNIST and trained
    networks live must not import it, nor anything that does (pooch did)."""
    code = (
        "import sys\n"
        "from nn_tutorial import cache, mnist\n"
        "print(cache.cache_dir().name, mnist._data_dir(None).name)\n"
        "names = ('tqdm', 'pooch')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in names))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NN_TUTORIAL_DATA", "NN_TUTORIAL_CACHE")
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["trained nn_tutorial", "[]"]
