"""Networks trained once and kept: ``cached_train(recipe)`` trains a recipe on MNIST
the first time and reads the result back every time after, until anything that
decides it changes.

The site trains several networks while it is built (the "does depth help?" table,
the video's own network, the ablation of chapter 9). Training them again for every
build would take a minute; reading them back takes a blink. A stored result is only
ever served for the same *key*, a hash of everything that decides the trained
network:

- the package's source code (every ``.py`` file of ``nn_tutorial``), so a change
  to ``train``, ``backprop`` or an activation function trains again;
- the recipe, every field of it;
- the data: the bytes of the training and test images and labels;
- the versions of Python and NumPy, whose arithmetic may round differently.

Nothing else is looked at: a stale entry is never found, because its key is never
asked for again. The entries live in ``$NN_TUTORIAL_CACHE``, else in the per-user
cache folder (``~/.cache/nn_tutorial/trained`` on Linux); delete it at any time.
The seconds in a cached ``History`` are those of the run that trained it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs
from numpy.typing import ArrayLike

from . import mnist
from ._files import write_atomically
from .network import Network
from .recipes import Recipe
from .training import History

__all__ = ["cache_dir", "cache_key", "cached_train", "data_hash", "source_hash"]

_PACKAGE = Path(__file__).resolve().parent


def source_hash(package: str | os.PathLike[str] | None = None) -> str:
    """A hash of every ``.py`` file of the package, names and contents.

    Args:
        package: The package's folder (``None``: this package).

    Returns:
        The SHA-256 of the sources, as 64 hex digits.
    """
    digest = hashlib.sha256()
    root = Path(_PACKAGE if package is None else package)
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


#: The hashes of read-only arrays that own their data (``load_mnist``'s), by id, with
#: a weak reference that tells whether the id still belongs to the same array.
_hashes: dict[int, tuple[weakref.ref[np.ndarray[Any, Any]], str]] = {}


def _array_hash(array: ArrayLike) -> str:
    a = np.ascontiguousarray(array)
    frozen = a is array and a.base is None and not a.flags.writeable
    if frozen and id(a) in _hashes:
        ref, known = _hashes[id(a)]
        if ref() is a:
            return known
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"{a.dtype.str}{a.shape}".encode())
    digest.update(a.data.cast("B"))
    result = digest.hexdigest()
    if frozen:
        _hashes[id(a)] = (weakref.ref(a), result)
    return result


def data_hash(arrays: list[ArrayLike]) -> str:
    """A hash of the bytes, dtypes and shapes of ``arrays``: part of a cache key, so
    other data never finds a network trained on MNIST (the site's figure cache
    uses it too).

    Args:
        arrays: The arrays, e.g. ``list(load_mnist())``.

    Returns:
        The SHA-256 of their hashes, as 64 hex digits.

    Examples:
        >>> a = data_hash([np.zeros(3), np.arange(2)])
        >>> a == data_hash([np.zeros(3), np.arange(2)]), a == data_hash([np.ones(3)])
        (True, False)
    """
    return hashlib.sha256("".join(map(_array_hash, arrays)).encode()).hexdigest()


def cache_key(recipe: Recipe, data: mnist.MNIST) -> str:
    """The key of ``recipe`` trained on ``data``: it changes with anything that
    decides the trained network (see the module's description).

    Args:
        recipe: The recipe.
        data: The training and test images and labels.

    Returns:
        64 hex digits.
    """
    parts = {
        "source": source_hash(),
        "recipe": dataclasses.asdict(recipe),
        "data": data_hash(list(data)),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    text = json.dumps(parts, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def cache_dir() -> Path:
    """Where trained networks are kept: ``$NN_TUTORIAL_CACHE``, else the per-user
    cache folder.

    Returns:
        The folder (it may not exist yet).
    """
    folder = os.environ.get("NN_TUTORIAL_CACHE")
    if folder:
        return Path(folder).expanduser()
    return Path(platformdirs.user_cache_dir("nn_tutorial")) / "trained"


def cached_train(
    recipe: Recipe, data: mnist.MNIST | None = None
) -> tuple[Network, History]:
    """``recipe.train`` on the MNIST training images, measured on the test images
    after every epoch; read from the cache when this exact run was trained before.

    Args:
        recipe: The recipe to train.
        data: The MNIST data (default: ``load_mnist()``).

    Returns:
        ``(network, history)`` as ``recipe.train`` returns them.

    Raises:
        FileNotFoundError: If MNIST is missing and cannot be downloaded.
        FloatingPointError: If training diverged (nothing is cached then).
    """
    if data is None:
        data = mnist.load_mnist()
    key = cache_key(recipe, data)
    folder = cache_dir()
    network_file = folder / f"{key}.npz"
    history_file = folder / f"{key}.json"
    if network_file.is_file() and history_file.is_file():
        try:
            stored = json.loads(history_file.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                history = History(**stored["history"])
                return Network.load(network_file), history
        except (ValueError, KeyError, TypeError):
            pass  # a broken entry: train again and overwrite it
    network, history = recipe.train(
        data.train_images,
        data.train_labels,
        test_data=(data.test_images, data.test_labels),
        progress=False,
    )
    network.save(network_file)
    record = {"key": key, "history": dataclasses.asdict(history)}
    with write_atomically(history_file) as file:
        file.write(json.dumps(record).encode())
    return network, history
