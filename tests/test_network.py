import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn_tutorial import Network, count_parameters, layer_parameters, sigmoid
from nn_tutorial._files import part_prefix

layer_sizes = st.lists(st.integers(1, 12), min_size=2, max_size=5)


def test_the_videos_network_has_13002_parameters():
    network = Network([784, 16, 16, 10])
    assert network.parameter_count == 13_002
    assert count_parameters([784, 16, 16, 10]) == 13_002
    assert [
        (row.layer, row.weights, row.biases)
        for row in layer_parameters([784, 16, 16, 10])
    ] == [
        ("hidden layer 1", 12544, 16),
        ("hidden layer 2", 256, 16),
        ("output layer", 160, 10),
    ]
    assert network.parameter_breakdown == layer_parameters([784, 16, 16, 10])


@given(layer_sizes)
def test_shapes_follow_the_sizes(sizes):
    network = Network(sizes, seed=0)
    for layer, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        assert network.weights[layer].shape == (n, m)
        assert network.biases[layer].shape == (n,)
    assert network.parameter_count == sum(
        w.size + b.size for w, b in zip(network.weights, network.biases)
    )


@settings(max_examples=30)
@given(layer_sizes, st.integers(1, 6), st.sampled_from(["sigmoid", "relu"]))
def test_feedforward_shapes_for_one_input_and_a_batch(sizes, n, activation):
    network = Network(sizes, activation=activation, seed=1)
    rng = np.random.default_rng(0)
    batch = rng.random((n, sizes[0]))
    layers = network.activations(batch)
    assert [layer.shape for layer in layers] == [(n, size) for size in sizes]
    assert network.feedforward(batch[0]).shape == (sizes[-1],)
    np.testing.assert_allclose(
        network.feedforward(batch)[0], network.feedforward(batch[0])
    )
    output = network.feedforward(batch)
    assert np.all((output >= 0) & (output <= 1))  # the output layer is a sigmoid


def test_feedforward_is_sigma_of_w_a_plus_b_layer_by_layer():
    network = Network([4, 3, 2], seed=3)
    a = np.array([0.1, 0.2, 0.3, 0.4])
    hidden = sigmoid(network.weights[0] @ a + network.biases[0])
    output = sigmoid(network.weights[1] @ hidden + network.biases[1])
    np.testing.assert_allclose(network.feedforward(a), output)


def test_predict_returns_digits():
    network = Network([784, 16, 16, 10], seed=0)
    images = np.random.default_rng(0).random((5, 784))
    digits = network.predict(images)
    assert digits.shape == (5,)
    assert isinstance(network.predict(images[0]), int)
    assert network.predict(images[0]) == digits[0]
    np.testing.assert_array_equal(digits, network.feedforward(images).argmax(axis=1))


def test_same_seed_same_weights_different_seed_different():
    a, b, c = (Network([784, 16, 10], seed=s) for s in (7, 7, 8))
    for wa, wb, wc in zip(a.weights, b.weights, c.weights):
        np.testing.assert_array_equal(wa, wb)
        assert not np.array_equal(wa, wc)


def test_initial_weights_are_scaled_by_fan_in():
    network = Network([784, 400, 10], seed=0)
    assert network.weights[0].std() == pytest.approx(1 / np.sqrt(784), rel=0.05)
    relu_network = Network([784, 400, 10], activation="relu", seed=0)
    assert relu_network.weights[0].std() == pytest.approx(np.sqrt(2 / 784), rel=0.05)
    assert all(np.all(b == 0) for b in network.biases)


def test_repr():
    assert repr(Network([784, 16, 16, 10])) == (
        "Network([784, 16, 16, 10], activation='sigmoid')"
    )


def test_float32_network():
    network = Network([784, 16, 10], seed=0, dtype=np.float32)
    assert network.weights[0].dtype == np.float32
    assert network.feedforward(np.zeros(784)).dtype == np.float32
    with pytest.raises(ValueError, match="floating"):
        Network([2, 1], dtype=int)


# -- bad input --------------------------------------------------------------------


def test_a_28x28_image_is_refused_with_the_reshape_to_use():
    network = Network([784, 16, 16, 10])
    with pytest.raises(ValueError, match=r"28x28 image.*image\.reshape\(784\)"):
        network.feedforward(np.zeros((28, 28)))
    with pytest.raises(ValueError, match=r"images\.reshape\(len\(images\), 784\)"):
        network.feedforward(np.zeros((5, 28, 28)))


def test_wrong_length_input():
    with pytest.raises(ValueError, match=r"expected 784 numbers.*got shape \(100,\)"):
        Network([784, 10]).feedforward(np.zeros(100))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_infinite_inputs(bad):
    image = np.zeros(784)
    image[42] = bad
    with pytest.raises(
        ValueError, match=r"NaN or infinite values \(first at index \(42,\)"
    ):
        Network([784, 10]).feedforward(image)


def test_non_numeric_and_ragged_inputs():
    network = Network([3, 2])
    with pytest.raises(TypeError, match="expected 3 numbers"):
        network.feedforward(["a", "b", "c"])
    with pytest.raises(ValueError, match="ragged"):
        network.feedforward([[1, 2, 3], [1, 2]])


def test_unknown_activation():
    with pytest.raises(
        ValueError, match="unknown activation 'tanh'.*'sigmoid', 'relu'"
    ):
        Network([784, 10], activation="tanh")
    with pytest.raises(TypeError, match="activation must be a name"):
        Network([784, 10], activation=None)


@pytest.mark.parametrize(
    ("sizes", "error"),
    [
        ([784], ValueError),
        ([], ValueError),
        ([784, 0, 10], ValueError),
        ([784, -16, 10], ValueError),
        ([784, 16.5, 10], TypeError),
        ([784, True], TypeError),
        ("784-16-10", TypeError),
        (784, TypeError),
        ([784, "16"], TypeError),
    ],
)
def test_sizes_must_be_at_least_two_positive_integers(sizes, error):
    """A wrong type raises TypeError, a wrong value ValueError; both teach."""
    with pytest.raises(error, match=r"e\.g\. \[784, 16, 16, 10\]"):
        Network(sizes)


def test_numpy_integer_sizes_are_fine():
    assert Network(np.array([4, 3, 2])).sizes == [4, 3, 2]


# -- saving and loading -------------------------------------------------------


def test_save_and_load_round_trip(tmp_path):
    network = Network([784, 16, 16, 10], activation="relu", seed=5)
    path = network.save(tmp_path / "model.npz")
    loaded = Network.load(path)
    assert loaded.sizes == network.sizes and loaded.activation == "relu"
    for a, b in zip(network.weights + network.biases, loaded.weights + loaded.biases):
        np.testing.assert_array_equal(a, b)
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_load_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no network file"):
        Network.load(tmp_path / "missing.npz")


def test_load_corrupt_file(tmp_path):
    path = tmp_path / "junk.npz"
    path.write_bytes(b"this is not a network")
    with pytest.raises(ValueError, match=r"not a network file \(\.npz\)") as error:
        Network.load(path)
    assert "allow_pickle" not in str(error.value)  # numpy's advice misleads here


def test_load_truncated_file(tmp_path):
    path = Network([784, 16, 10]).save(tmp_path / "model.npz")
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(ValueError, match=r"not a network file \(\.npz\)"):
        Network.load(path)


def test_load_refuses_pickles(tmp_path):
    path = tmp_path / "pickled.npz"
    np.savez(
        path,
        sizes=np.array([2, 1]),
        activation=np.array("sigmoid"),
        weights_0=np.array([object()]),
        biases_0=np.zeros(1),
    )
    with pytest.raises(ValueError, match="Python objects.*never loaded"):
        Network.load(path)


def test_load_mismatched_shapes(tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(
        path,
        sizes=np.array([784, 16, 10]),
        activation=np.array("sigmoid"),
        weights_0=np.zeros((16, 784)),
        biases_0=np.zeros(16),
        weights_1=np.zeros((10, 15)),
        biases_1=np.zeros(10),
    )
    with pytest.raises(
        ValueError, match=r"'weights_1' has shape \(10, 15\).*\(10, 16\)"
    ):
        Network.load(path)


def test_load_missing_arrays_and_bad_metadata(tmp_path):
    path = tmp_path / "partial.npz"
    np.savez(path, sizes=np.array([784, 10]), activation=np.array("sigmoid"))
    with pytest.raises(ValueError, match="lacks 'weights_0'"):
        Network.load(path)
    np.savez(path, weights_0=np.zeros((10, 784)))
    with pytest.raises(ValueError, match="not a network file"):
        Network.load(path)
    np.savez(path, sizes=np.array([784, 10]), activation=np.array("tanh"))
    with pytest.raises(ValueError, match="invalid network.*unknown activation"):
        Network.load(path)


def test_load_non_finite_weights(tmp_path):
    network = Network([3, 2])
    network.weights[0][0, 0] = np.nan
    path = network.save(tmp_path / "nan.npz")
    with pytest.raises(ValueError, match="finite"):
        Network.load(path)


def test_save_is_a_plain_zip_of_arrays(tmp_path):
    path = Network([3, 2]).save(tmp_path / "m.npz")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "activation.npy",
            "biases_0.npy",
            "sizes.npy",
            "weights_0.npy",
        ]


def test_saved_files_get_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = Network([3, 2]).save(tmp_path / "m.npz")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_load_reads_a_text_file_as_not_a_network_file(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("weights: 0.5, 1.0\n")
    with pytest.raises(ValueError, match=r"not a network file \(\.npz\)") as error:
        Network.load(path)
    assert "allow_pickle" not in str(error.value)


def test_load_a_folder_says_so(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder"):
        Network.load(tmp_path)


# -- saving never replaces what is not a regular file (issue 11) --------------------


def test_save_refuses_to_replace_a_symlink(tmp_path):
    target = tmp_path / "target.npz"
    target.write_bytes(b"someone else's file")
    link = tmp_path / "link.npz"
    link.symlink_to(target)
    with pytest.raises(ValueError, match="symbolic link to .*never replaces"):
        Network([3, 2]).save(link)
    assert link.is_symlink() and target.read_bytes() == b"someone else's file"
    dangling = tmp_path / "dangling.npz"
    dangling.symlink_to(tmp_path / "nowhere.npz")
    with pytest.raises(ValueError, match="symbolic link"):
        Network([3, 2]).save(dangling)
    assert dangling.is_symlink()


def test_save_refuses_to_replace_a_fifo_or_a_device(tmp_path):
    fifo = tmp_path / "pipe.npz"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="a FIFO: nn-tutorial never replaces it"):
        Network([3, 2]).save(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(ValueError, match="a socket or device"):
        Network([3, 2]).save("/dev/null")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_save_errors_name_the_path_not_a_temporary_file(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".tmpXYZ.part"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError) as error:
        Network([3, 2]).save(tmp_path / "model.npz")
    assert "model.npz" in str(error.value) and ".part" not in str(error.value)


def test_save_sweeps_part_files_of_processes_that_are_gone(tmp_path):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / (part_prefix("model.npz", int(gone.stdout)) + "k2j4h_9a.part")
    stale.write_bytes(b"left by a SIGKILL")
    running = tmp_path / (part_prefix("model.npz") + "a8d7f_2b.part")
    running.write_bytes(b"a save in progress")
    unrelated = tmp_path / "notes.part"
    unrelated.write_bytes(b"not ours")
    elsewhere = tmp_path / f".model.npz.other-machine-{int(gone.stdout)}.x1y2z3_q.part"
    elsewhere.write_bytes(b"another machine's save, on a shared folder")
    old = tmp_path / f".model.npz.other-machine-{int(gone.stdout)}.o1d2e3_r.part"
    old.write_bytes(b"another machine's, two days old")
    os.utime(old, (0, time.time() - 2 * 86400))
    Network([3, 2]).save(tmp_path / "model.npz")
    assert not stale.exists() and running.exists() and unrelated.exists()
    assert elsewhere.exists() and not old.exists()


def test_a_save_killed_with_sigkill_leaves_a_part_file_the_next_save_sweeps(
    tmp_path,
):
    """A real SIGKILL in the middle of np.savez, then a save into the same folder."""
    script = f"""
import os, signal, numpy as np
from nn_tutorial import Network
real = np.savez
def killed(file, **arrays):
    file.write(b"half a network")
    file.flush()
    os.kill(os.getpid(), signal.SIGKILL)
np.savez = killed
Network([3, 2]).save({str(tmp_path / "model.npz")!r})
"""
    result = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert len(list(tmp_path.glob("*.part"))) == 1  # what SIGKILL leaves behind
    Network([3, 2]).save(tmp_path / "other.npz")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.npz"]


def test_load_an_encrypted_member_is_not_a_network_file(tmp_path):
    path = Network([3, 2]).save(tmp_path / "m.npz")
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:  # central directory
        data[start + 8] |= 0x1  # "encrypted"
        start += 4
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"damaged network file \(\.npz\).*encrypted"):
        Network.load(path)


def test_load_an_unreadable_file_is_a_permission_error(tmp_path, monkeypatch):
    """Not 'not a network file' nor advice to save one: the file may be fine."""
    path = Network([3, 2]).save(tmp_path / "m.npz")
    real_open = type(path).open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", refuse)
    with pytest.raises(PermissionError, match="Permission denied") as error:
        Network.load(path)
    assert "save a network" not in str(error.value)


def test_a_full_disk_during_save_names_the_path_and_leaves_nothing(
    tmp_path, monkeypatch
):
    def full(file, **arrays):
        file.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", full)
    with pytest.raises(OSError, match=r"No space left on device: .*model\.npz"):
        Network([3, 2]).save(tmp_path / "model.npz")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError])
def test_a_save_interrupted_as_its_part_file_is_made_leaves_nothing(
    tmp_path, monkeypatch, interruption
):
    """Ctrl+C or SIGTERM (or an error) landing just after mkstemp made the .part file,
    before its name was returned, must not leave the file behind (CI saw one)."""
    real = tempfile.mkstemp

    def made_then_interrupted(*args, **kwargs):
        handle, name = real(*args, **kwargs)
        os.close(handle)
        raise interruption()

    monkeypatch.setattr(tempfile, "mkstemp", made_then_interrupted)
    with pytest.raises(interruption):
        Network([784, 10], seed=0).save(tmp_path / "net.npz")
    assert list(tmp_path.iterdir()) == []
