"""The nn-tutorial command, run in-process with main([...]): output and exit codes.

Tests marked ``mnist`` use the real MNIST files (NN_TUTORIAL_DATA) and the shipped
pretrained network, and fail when either is missing.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import numpy as np
import pytest

from nn_tutorial import __version__, cli, mnist, recipes, training
from nn_tutorial.cli import ascii_art, main
from nn_tutorial.digits import load_image, prepare_digit
from nn_tutorial.network import Network

Image = pytest.importorskip("PIL.Image")


def run(capsys, *argv) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``nn-tutorial argv...``."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def model(tmp_path):
    """A small untrained 784-16-10 network saved to a file."""
    return Network([784, 16, 10], seed=0).save(tmp_path / "model.npz")


@pytest.fixture
def picture(tmp_path):
    """A black '1' on white paper, as a PNG."""
    pixels = np.full((60, 40), 255, dtype=np.uint8)
    pixels[10:50, 18:23] = 0
    path = tmp_path / "one.png"
    Image.fromarray(pixels).save(path)
    return path


def synthetic_mnist(n_train: int = 300, n_test: int = 50) -> mnist.MNIST:
    """An easy MNIST stand-in: digit d lights up pixels 78 d to 78 d + 77."""
    rng = np.random.default_rng(0)

    def digits(n):
        labels = np.arange(n) % 10
        images = rng.random((n, 784)).astype(np.float32) * 0.2
        for image, label in zip(images, labels, strict=True):
            image[78 * label : 78 * label + 78] = 1.0
        return images, labels

    return mnist.MNIST(*digits(n_train), *digits(n_test))


# -- usage errors: exit code 2 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "required: COMMAND"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["predict", "pretrained"], "required: image"),
        (["train", "--epochs", "0"], "positive whole number"),
        (["train", "--learning-rate", "-1"], "positive number"),
        (["train", "--sizes", "10", "10"], "must start with 784"),
        (["train", "--cost", "absolute"], "invalid choice"),
        (["train", "--recipe", "best"], "invalid choice: 'best'"),
        (["train", "--recipe", "pretrained", "--sizes", "784"], "must start with 784"),
    ],
)
def test_usage_errors_exit_with_2(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err and err.startswith("usage: nn-tutorial")


def test_help_and_version(capsys) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "predict" in out and "train" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"nn-tutorial {__version__}"


def test_train_help_names_the_recipes_and_the_peak_rate(capsys) -> None:
    code, out, _ = run(capsys, "train", "--help")
    assert code == 0 and "--recipe {default,pretrained}" in out
    assert "nn_tutorial/pretrained.npz" in out
    assert "peak step size" in " ".join(out.split())  # help wraps lines
    assert "(default: 30; with --recipe pretrained: 12)" in " ".join(out.split())


def test_train_refuses_a_folder_as_output(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "train", "--output", tmp_path)
    assert code == 2 and "is a folder" in err


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nn_tutorial", "predict"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "nn-tutorial predict: error" in result.stderr


# -- failures: exit code 1, one line on stderr -----------------------------------------


def test_a_missing_model_file(capsys, tmp_path, picture) -> None:
    code, out, err = run(capsys, "predict", tmp_path / "nowhere.npz", picture)
    assert (code, out) == (1, "")
    assert err.startswith("nn-tutorial: error: no network file at")
    assert "nowhere.npz" in err


def test_a_corrupt_model_file(capsys, tmp_path, picture) -> None:
    junk = tmp_path / "model.npz"
    junk.write_bytes(b"\x00junk\xff" * 100)
    for argv in (["predict", junk, picture], ["evaluate", junk]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (1, "")
        assert err.startswith("nn-tutorial: error:")
        assert "not a network file (.npz)" in err


def test_a_model_that_does_not_take_784_inputs(capsys, tmp_path, picture) -> None:
    small = Network([4, 10]).save(tmp_path / "small.npz")
    code, _, err = run(capsys, "predict", small, picture)
    assert code == 1 and "takes 4 inputs" in err


@pytest.mark.parametrize("command", ["predict", "evaluate"])
def test_a_model_without_10_outputs_is_refused(
    capsys, monkeypatch, tmp_path, picture, command
) -> None:
    """A 784-12 network would print 'predicted digit: 11'."""
    wide = Network([784, 12]).save(tmp_path / "wide.npz")
    monkeypatch.setattr(mnist, "load_mnist_test", pytest.fail)  # refused before
    argv = [command, wide] + ([picture] if command == "predict" else [])
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert "gives 12 outputs" in err and "10 outputs (one per digit)" in err


def test_pictures_that_cannot_be_read(capsys, tmp_path, model) -> None:
    text = tmp_path / "x.png"
    text.write_text("not a picture")
    code, out, err = run(capsys, "predict", model, text)
    assert (code, out) == (1, "")
    assert "nn-tutorial: error:" in err and "x.png is not an image" in err
    code, _, err = run(capsys, "predict", model, tmp_path / "missing.png")
    assert code == 1 and "no image file at" in err
    blank = tmp_path / "blank.png"
    Image.new("RGB", (30, 30), "white").save(blank)
    code, _, err = run(capsys, "predict", model, blank)
    assert code == 1 and "the image is blank" in err


def test_missing_mnist_is_a_failure_with_the_fix(capsys, monkeypatch, model) -> None:
    def no_mnist(data_dir=None, download=True):
        raise mnist.MNISTError("MNIST files missing from /nowhere. " + mnist.HOW_TO_FIX)

    monkeypatch.setattr(mnist, "load_mnist", no_mnist)
    monkeypatch.setattr(mnist, "load_mnist_test", no_mnist)
    code, _, err = run(capsys, "evaluate", model)
    assert code == 1 and "NN_TUTORIAL_DATA" in err
    assert "(or --data-dir)" in err and "data_dir argument" not in err


# -- what the commands print -----------------------------------------------------------


def test_predict_prints_the_digit_and_the_ten_outputs(capsys, model, picture) -> None:
    code, out, err = run(capsys, "predict", model, picture)
    assert (code, err) == (0, "")
    network = Network.load(model)
    assert re.search(r"^predicted digit: \d$", out, re.MULTILINE)
    activations = [
        float(a) for a in re.findall(r"^  \d: (\d\.\d{4})", out, re.MULTILINE)
    ]
    assert len(activations) == 10
    digit = int(re.search(r"predicted digit: (\d)", out).group(1))
    assert digit == int(np.argmax(activations))
    assert f"  {digit}: " in out and "<-" in out
    expected = network.feedforward(prepare_digit(load_image(picture)))
    np.testing.assert_allclose(activations, expected, atol=5e-5)


def test_predict_show_draws_the_input_the_network_sees(capsys, model, picture) -> None:
    code, out, _ = run(capsys, "predict", model, picture, "--show")
    assert code == 0
    art = out.splitlines()[:30]
    assert art[0] == art[-1] == "+" + "-" * 56 + "+"
    assert all(len(line) == 58 for line in art)
    # the "1" is 20 rows tall, its centre of mass 9.5 rounds to row 14: rows 5..24
    inked = [row for row, line in enumerate(art[1:-1]) if "@" in line]
    assert (inked[0], inked[-1]) == (5, 24)


def test_ascii_art_shades_from_paper_to_ink() -> None:
    x = np.linspace(0, 1, 784)
    lines = ascii_art(x).splitlines()
    assert lines[1].startswith("|  ") and lines[-2].endswith("@@|")


def test_train_then_evaluate_on_a_tiny_dataset(capsys, monkeypatch, tmp_path) -> None:
    data = synthetic_mnist()
    monkeypatch.setattr(mnist, "load_mnist", lambda data_dir=None, download=True: data)
    monkeypatch.setattr(
        mnist, "load_mnist_test", lambda data_dir=None, download=True: data[2:]
    )
    output = tmp_path / "models" / "tiny.npz"
    code, out, err = run(
        capsys,
        "train",
        "--sizes", "784", "10",
        "--epochs", "3",
        "--batch-size", "10",
        "--learning-rate", "0.5",
        "--final-learning-rate", "none",
        "--seed", "1",
        "--output", output,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(
        "training Network([784, 10], activation='relu') on 300 digits\n"
        "with the default recipe, your options changing sizes to 784 10, epochs to 3, "
        "batch size to 10, learning rate to 0.5, final learning rate to none, seed to "
        "1: 3 epochs, batches of 10, learning rate rising to 0.5 over 2 epochs, "
        "cross-entropy cost, weight decay 0.001, seed 1\n"
    )
    match = re.search(
        r"^test accuracy: (\d+\.\d\d)% \((\d+) of 50\)$", out, re.MULTILINE
    )
    assert match and float(match.group(1)) >= 90
    assert f"saved to {output}" in out
    network = Network.load(output)
    assert network.sizes == [784, 10]
    assert network.evaluate(data.test_images, data.test_labels) >= 0.9

    code, again, _ = run(capsys, "evaluate", output)
    assert code == 0 and again.strip() == match.group(0)

    code, quiet, _ = run(capsys, "train", "--sizes", "784", "10", "--epochs", "1",
                         "--quiet", "--output", output)  # fmt: skip
    assert code == 0 and "training" not in quiet and "test accuracy" in quiet


@pytest.fixture
def recorded_training(monkeypatch):
    """Tiny MNIST, and a ``train`` that only records what it was given (in place of
    the one ``Recipe.train`` calls)."""
    data = synthetic_mnist(n_train=20, n_test=10)
    monkeypatch.setattr(mnist, "load_mnist", lambda data_dir=None, download=True: data)
    seen = {}

    def fake_train(network, images, labels, **options):
        seen.update(options, sizes=tuple(network.sizes), activation=network.activation)
        seen.update(images=len(images), dtype=network.dtype)
        return training.History()

    monkeypatch.setattr(recipes, "train", fake_train)
    return seen


def assert_trained_by(seen, recipe, images: int) -> None:
    for field in dataclasses.fields(recipe):
        if field.name not in ("dtype", "expand_training_data"):
            assert seen[field.name] == getattr(recipe, field.name), field.name
    assert seen["dtype"] == np.dtype(recipe.dtype)
    assert seen["images"] == images


def test_train_defaults_are_the_package_recipe(recorded_training, capsys, tmp_path):
    code, _, _ = run(capsys, "train", "--output", tmp_path / "m.npz")
    assert code == 0
    assert_trained_by(recorded_training, recipes.DEFAULT_RECIPE, images=20)


def test_train_recipe_pretrained(recorded_training, capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "train", "--recipe", "pretrained", "--output",
                       tmp_path / "m.npz")  # fmt: skip
    assert code == 0
    # the pretrained recipe trains on every image and four shifted copies of it
    assert_trained_by(recorded_training, recipes.PRETRAINED_RECIPE, images=5 * 20)
    assert "on 100 digits (20, and each shifted" in out
    assert "\nwith the pretrained recipe: 12 epochs, batches of 64" in out
    assert "learning rate 0.6, then falling to 0.001, cross-entropy cost, seed" in out
    assert "weight decay" not in out  # the sigmoid network trains without it


def test_train_options_change_the_chosen_recipe(recorded_training, capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "train",
        "--recipe", "pretrained",
        "--epochs", "2",
        "--learning-rate", "0.1",
        "--final-learning-rate", "none",
        "--seed", "7",
        "--output", tmp_path / "m.npz",
    )  # fmt: skip
    assert code == 0
    changed = dataclasses.replace(
        recipes.PRETRAINED_RECIPE,
        epochs=2,
        learning_rate=0.1,
        final_learning_rate=None,
        seed=7,
    )
    assert_trained_by(recorded_training, changed, images=5 * 20)
    assert (
        "with the pretrained recipe, your options changing epochs to 2, learning "
        "rate to 0.1, final learning rate to none, seed to 7: 2 epochs,"
    ) in out


def test_train_recipe_pretrained_is_train_pretrained(monkeypatch, capsys, tmp_path):
    """The command and ``train_pretrained`` train the same network: here on tiny data
    with a tiny recipe; on MNIST, tests/test_training.py checks that
    ``train_pretrained`` re-creates the shipped pretrained.npz bit for bit."""
    data = synthetic_mnist(n_train=40, n_test=10)
    monkeypatch.setattr(mnist, "load_mnist", lambda data_dir=None, download=True: data)
    tiny = dataclasses.replace(recipes.PRETRAINED_RECIPE, sizes=(784, 10), epochs=2)
    monkeypatch.setattr(recipes, "PRETRAINED_RECIPE", tiny)
    monkeypatch.setitem(cli.RECIPES, "pretrained", tiny)
    output = tmp_path / "pretrained.npz"
    code, _, _ = run(capsys, "train", "--recipe", "pretrained", "--output", output)
    assert code == 0
    expected, _ = recipes.train_pretrained(progress=False)
    trained = Network.load(output)
    assert (trained.sizes, trained.activation) == ([784, 10], tiny.activation)
    for a, b in zip(
        trained.weights + trained.biases, expected.weights + expected.biases
    ):
        assert a.dtype == b.dtype == np.float32
        np.testing.assert_array_equal(a, b)


def test_download_prints_where_mnist_is(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(mnist, "download_mnist", lambda data_dir=None: tmp_path)
    code, out, _ = run(capsys, "download", "--data-dir", tmp_path)
    assert code == 0 and str(tmp_path) in out


# -- the real thing: MNIST and the pretrained network ----------------------------------


@pytest.fixture(scope="module")
def real_mnist() -> mnist.MNIST:
    """The MNIST files where the command looks for them; a failure if absent."""
    return mnist.load_mnist(download=False)


@pytest.mark.mnist
def test_download_checks_the_files_already_there(capsys, real_mnist) -> None:
    code, out, _ = run(capsys, "download")
    assert code == 0 and out.startswith("MNIST is ready in")


@pytest.mark.mnist
def test_train_with_the_default_recipe_reaches_96_percent(capsys, tmp_path, real_mnist):
    """The issue's promise, as a learner runs it: `nn-tutorial train` on real MNIST
    prints a test accuracy of at least 96% and saves a network that loads."""
    output = tmp_path / "model.npz"
    code, out, _ = run(capsys, "train", "--quiet", "--output", str(output))
    assert code == 0
    match = re.search(r"test accuracy: (\d+\.\d\d)% \((\d+) of 10000\)", out)
    assert match and float(match.group(1)) >= 96, out
    network = Network.load(output)
    accuracy = network.evaluate(real_mnist.test_images, real_mnist.test_labels)
    assert f"{accuracy:.2%}" == f"{match.group(1)}%"


@pytest.mark.mnist
def test_evaluate_pretrained(capsys, real_mnist) -> None:
    code, out, _ = run(capsys, "evaluate", "pretrained")
    assert code == 0
    match = re.fullmatch(r"test accuracy: (\d+\.\d\d)% \((\d+) of 10000\)\n", out)
    assert match and float(match.group(1)) >= 96


@pytest.mark.mnist
def test_predict_reads_mnist_digits_drawn_big_on_paper(capsys, tmp_path, real_mnist):
    """MNIST test digits the network reads right, saved as 280 x 280 black-on-white
    PNGs: after load_image and prepare_digit the network still reads them right."""
    network = recipes.pretrained()
    images, labels = real_mnist.test_images, real_mnist.test_labels
    right = np.flatnonzero(network.predict(images[:100]) == labels[:100])[:20]
    assert len(right) == 20
    agree = 0
    for index in right:
        paper = np.round(255 * (1 - images[index].reshape(28, 28))).astype(np.uint8)
        path = tmp_path / f"digit{index}.png"
        Image.fromarray(paper).resize((280, 280), Image.NEAREST).save(path)
        code, out, _ = run(capsys, "predict", "pretrained", path)
        assert code == 0
        agree += f"predicted digit: {labels[index]}\n" in out
    assert agree >= 18


# -- hardening (issue 11): fail early, one line, no traceback, nothing left behind ----


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--seed", "-1"], "--seed: expected a whole number >= 0, got '-1'"),
        (["train", "--seed", "x"], "--seed: expected a whole number >= 0, got 'x'"),
        (["download", "--data-dir", ""], "--data-dir: expected a folder, got an empty"),
        (["evaluate", "--data-dir", ""], "--data-dir: expected a folder"),
    ],
)
def test_bad_seed_and_empty_data_dir_are_refused_before_mnist_loads(
    capsys, monkeypatch, tmp_path, argv, message
) -> None:
    monkeypatch.chdir(tmp_path)
    for loader in ("load_mnist", "load_mnist_test", "download_mnist"):
        monkeypatch.setattr(mnist, loader, pytest.fail)
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err
    assert list(tmp_path.iterdir()) == []  # nothing downloaded here


def test_train_checks_the_output_before_loading_mnist(
    capsys, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(mnist, "load_mnist", pytest.fail)  # never reached
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, _, err = run(capsys, "train", "--output", blocker / "sub" / "model.npz")
    assert code == 2 and f"{blocker} is a file, not a folder" in err
    link = tmp_path / "link.npz"
    link.symlink_to(tmp_path / "elsewhere.npz")
    code, _, err = run(capsys, "train", "--output", link)
    assert code == 2 and "symbolic link" in err and "never replaces" in err
    assert link.is_symlink()


def test_train_checks_that_the_output_folder_is_writable(
    capsys, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(mnist, "load_mnist", pytest.fail)  # never reached
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)  # even as root
    code, _, err = run(capsys, "train", "--output", tmp_path / "model.npz")
    assert code == 1
    assert f"no permission to write in {tmp_path}" in err
    assert ".part" not in err


def test_not_enough_memory_is_one_line_not_a_traceback(
    capsys, monkeypatch, tmp_path
) -> None:
    data = synthetic_mnist(n_train=20, n_test=10)
    monkeypatch.setattr(mnist, "load_mnist", lambda data_dir=None, download=True: data)
    code, out, err = run(
        capsys, "train", "--sizes", "784", "1000000000", "10", "--quiet",
        "--output", tmp_path / "m.npz",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith("nn-tutorial: error: not enough memory")
    assert err.count("\n") == 1 and "smaller --sizes" in err


def test_an_os_error_is_one_line(capsys, monkeypatch, tmp_path, picture) -> None:
    def broken(path):
        raise OSError(5, "Input/output error", str(path))

    monkeypatch.setattr(cli, "load_image", broken)
    code, _, err = run(capsys, "predict", "pretrained", picture)
    assert code == 1 and err.count("\n") == 1 and "Input/output error" in err


def test_evaluate_without_a_model_uses_the_pretrained_network_and_test_digits_only(
    capsys, monkeypatch
) -> None:
    data = synthetic_mnist(n_train=20, n_test=10)
    monkeypatch.setattr(mnist, "load_mnist", pytest.fail)  # the training set: unread
    monkeypatch.setattr(
        mnist, "load_mnist_test", lambda data_dir=None, download=True: data[2:]
    )
    code, out, _ = run(capsys, "evaluate")
    expected = recipes.pretrained().evaluate(data.test_images, data.test_labels)
    assert code == 0 and out == f"test accuracy: {expected:.2%} " + (
        f"({round(expected * 10)} of 10)\n"
    )


def test_sigterm_during_a_download_is_clean(tmp_path, httpserver) -> None:
    """SIGTERM is handled like Ctrl+C: one line, exit 143, no .part file left."""
    import time

    from werkzeug import Response

    def trickle(request):
        def slowly():
            for _ in range(600):
                time.sleep(0.1)
                yield b"\x1f"

        return Response(slowly(), direct_passthrough=True)

    httpserver.expect_request("/slow/train-images-idx3-ubyte.gz").respond_with_handler(
        trickle
    )
    env = {
        **__import__("os").environ,
        "NN_TUTORIAL_MNIST_MIRRORS": httpserver.url_for("/slow/"),
        "no_proxy": "127.0.0.1,localhost",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "nn_tutorial", "download", "--data-dir", tmp_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob("*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob("*.part")), "the download never started"
    process.terminate()  # SIGTERM
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143
    assert err.endswith("nn-tutorial: terminated\n") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
