"""prepare_digit and load_image: a reader's picture becomes 784 numbers like MNIST's."""

from __future__ import annotations

import math
import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from nn_tutorial import pictures
from nn_tutorial.digits import (
    INK_THRESHOLD,
    area_weights,
    centre_in_field,
    centre_of_mass,
    crop_to_ink,
    ink_from_rgba,
    load_image,
    prepare_digit,
    scale_to_box,
    scaled_size,
)

Image = pytest.importorskip("PIL.Image")


@st.composite
def inks(draw, max_side: int = 30) -> np.ndarray:
    """A 2-D ink array with at least one pixel above the threshold."""
    shape = draw(array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=max_side))
    values = st.one_of(st.just(0.0), st.floats(0, 1), st.just(1.0))
    ink = draw(arrays(np.float64, shape, elements=values))
    r = draw(st.integers(0, shape[0] - 1))
    c = draw(st.integers(0, shape[1] - 1))
    ink[r, c] = max(ink[r, c], draw(st.floats(0.06, 1)))
    return ink


def field_of(x: np.ndarray) -> np.ndarray:
    assert x.shape == (784,)
    return x.reshape(28, 28).astype(np.float64)


def ink_box(field: np.ndarray) -> tuple[int, int]:
    """Height and width of the rectangle holding every non-zero pixel."""
    rows = np.flatnonzero(field.any(axis=1))
    cols = np.flatnonzero(field.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def reference(ink) -> list[float]:
    """The module docstring's steps P1-P5, followed literally with Python loops."""
    H, W = len(ink), len(ink[0])
    rows = [r for r in range(H) if any(ink[r][c] > 0.05 for c in range(W))]
    cols = [c for c in range(W) if any(ink[r][c] > 0.05 for r in range(H))]
    r0, r1, c0, c1 = rows[0], rows[-1], cols[0], cols[-1]
    crop = [[ink[r][c] for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
    h, w = r1 - r0 + 1, c1 - c0 + 1
    L = max(h, w)
    h2, w2 = max(1, (40 * h + L) // (2 * L)), max(1, (40 * w + L) // (2 * L))

    def weight(j, i, n, m):
        return max(0, min((i + 1) * m, (j + 1) * n) - max(i * m, j * n)) / n

    patch = [
        [
            sum(
                weight(y, r, h, h2) * crop[r][c] * weight(x, c, w, w2)
                for r in range(h)
                for c in range(w)
            )
            for x in range(w2)
        ]
        for y in range(h2)
    ]
    total = sum(sum(row) for row in patch)
    cy = sum(y * patch[y][x] for y in range(h2) for x in range(w2)) / total
    cx = sum(x * patch[y][x] for y in range(h2) for x in range(w2)) / total
    oy, ox = math.floor(14 - cy + 0.5 + 1e-9), math.floor(14 - cx + 0.5 + 1e-9)
    field = [[0.0] * 28 for _ in range(28)]
    for y in range(h2):
        for x in range(w2):
            if 0 <= y + oy < 28 and 0 <= x + ox < 28:
                field[y + oy][x + ox] = min(1.0, max(0.0, patch[y][x]))
    return [field[y][x] for y in range(28) for x in range(28)]


# -- properties ----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(inks())
def test_any_drawing_becomes_784_inputs_centred_in_a_20_pixel_box(ink) -> None:
    x = prepare_digit(ink)
    assert x.shape == (784,) and x.dtype == np.float32
    assert np.all((x >= 0) & (x <= 1))
    field = field_of(x)
    height, width = ink_box(field)
    assert max(height, width) <= 20
    patch = scale_to_box(crop_to_ink(ink))
    if (height, width) == patch.shape:  # nothing was cut off at the field's edge
        assert max(height, width) == 20
        cy, cx = centre_of_mass(field)  # as MNIST's: within half a pixel of (14, 14)
        assert abs(cy - 14) <= 0.5 + 1e-6 and abs(cx - 14) <= 0.5 + 1e-6


@settings(max_examples=100, deadline=None)
@given(inks(), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_moving_the_drawing_on_a_bigger_canvas_changes_nothing(ink, top, left, extra):
    canvas = np.zeros((ink.shape[0] + top + extra, ink.shape[1] + left + extra))
    canvas[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    assert np.array_equal(prepare_digit(canvas), prepare_digit(ink))


@settings(max_examples=50, deadline=None)
@given(inks(max_side=15), st.integers(2, 4))
def test_the_same_drawing_at_a_higher_resolution_gives_the_same_inputs(ink, k):
    bigger = np.kron(ink, np.ones((k, k)))  # each pixel becomes a k x k block
    np.testing.assert_allclose(prepare_digit(bigger), prepare_digit(ink), atol=1e-6)


@settings(max_examples=50, deadline=None)
@given(inks(max_side=14))
def test_code_follows_the_written_specification(ink) -> None:
    np.testing.assert_allclose(prepare_digit(ink), reference(ink.tolist()), atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(inks(max_side=25))
def test_a_symmetric_drawing_is_placed_the_same_way_despite_rounding(ink) -> None:
    """A symmetric patch of even width has cx at a half: 14 - cx rounds up."""
    ink = np.maximum(ink, ink[:, ::-1])
    width = scale_to_box(crop_to_ink(ink)).shape[1]
    field = field_of(prepare_digit(ink))
    # a mirror-symmetric patch stays symmetric even if rows are cut off; 2k wide,
    # its cx is k - 0.5, and 14 - cx rounds up to 15 - k: the centre lands at 14.5
    expected = 14.0 if width % 2 == 1 else 14.5
    assert centre_of_mass(field)[1] == pytest.approx(expected, abs=1e-5)


# -- exact small cases -----------------------------------------------------------------


def test_area_weights_by_hand() -> None:
    np.testing.assert_array_equal(
        area_weights(4, 2), [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]]
    )
    np.testing.assert_allclose(
        area_weights(3, 2), [[2 / 3, 1 / 3, 0], [0, 1 / 3, 2 / 3]], rtol=1e-15
    )
    # growing: 2 pixels into 3; the middle output straddles both inputs
    np.testing.assert_array_equal(area_weights(2, 3), [[1, 0], [0.5, 0.5], [0, 1]])
    np.testing.assert_array_equal(area_weights(5, 5), np.eye(5))
    for n, m in [(1, 20), (7, 20), (20, 7), (41, 20), (1000, 13)]:
        np.testing.assert_allclose(area_weights(n, m).sum(axis=1), 1, rtol=1e-12)


def test_scaled_size_rounds_halves_up() -> None:
    assert scaled_size(40, 40) == (20, 20)
    assert scaled_size(8, 3) == (20, 8)  # 3 * 20 / 8 = 7.5 -> 8
    assert scaled_size(40, 1) == (20, 1)  # 0.5 -> 1
    assert scaled_size(41, 1) == (20, 1)  # 0.49 -> 0, but at least 1
    assert scaled_size(1, 1) == (20, 20)


def test_scale_by_hand() -> None:
    # 4 x 4 into 20 x 20 is exact growth; 40 x 40 of 2 x 2 blocks shrinks back exactly
    blocks = np.arange(400).reshape(20, 20) / 400
    np.testing.assert_allclose(scale_to_box(np.kron(blocks, np.ones((2, 2)))), blocks)
    # 3 columns [0, 0.3, 0.9] under 2 outputs: (2 * 0 + 0.3) / 3 and (0.3 + 2 * 0.9) / 3
    # (a 30 x 3 crop: rows 30 -> 20, columns 3 -> 2)
    crop = np.tile([0.0, 0.3, 0.9], (30, 1))
    np.testing.assert_allclose(scale_to_box(crop), np.tile([0.1, 0.7], (20, 1)))


def test_one_dot_becomes_a_20_pixel_square_in_the_middle() -> None:
    ink = np.zeros((9, 9))
    ink[4, 6] = 0.5
    field = field_of(prepare_digit(ink))
    expected = np.zeros((28, 28))
    expected[5:25, 5:25] = 0.5  # centre of mass (9.5, 9.5): 14 - 9.5 rounds up to 5
    np.testing.assert_array_equal(field, expected)


def test_a_line_one_pixel_thin_goes_through_pixel_14() -> None:
    ink = np.zeros((3, 50))
    ink[1, 5:45] = 1.0  # 1 x 40 -> 1 x 20; cy = 0 -> row 14; cx = 9.5 -> offset 5
    field = field_of(prepare_digit(ink))
    expected = np.zeros((28, 28))
    expected[14, 5:25] = 1.0
    np.testing.assert_array_equal(field, expected)


def test_faint_marks_outside_the_drawing_are_ignored() -> None:
    ink = np.zeros((30, 30))
    ink[10:20, 12:15] = 0.8
    noisy = ink.copy()
    noisy[ink == 0] = INK_THRESHOLD  # at the threshold: paper, not ink
    np.testing.assert_array_equal(prepare_digit(noisy), prepare_digit(ink))


def test_a_drawing_with_its_ink_at_one_edge_is_cut_at_the_field_edge() -> None:
    """Documented behaviour: centring the mass can push a thin part out of the field."""
    ink = np.zeros((20, 20))
    ink[0, 10] = 0.06  # a faint dot at the top ...
    ink[16:20, :] = 1.0  # ... and a heavy bar at the bottom
    patch = scale_to_box(crop_to_ink(ink))
    field = centre_in_field(patch)
    assert centre_of_mass(patch)[0] > 17  # the offset 14.5 - cy is below -2
    assert field[:, 10].sum() < patch[:, 10].sum()  # the dot fell off the top


# -- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ink", "message"),
    [
        (np.zeros((28, 28)), "the image is blank"),
        (np.full((5, 5), 0.05), "the image is blank"),
        (np.zeros((0, 4)), "empty"),
        (np.zeros(784), "reshape"),
        (np.zeros((5, 5, 3)), "load_image"),
        (np.zeros((2, 2, 2)), "2-D"),
        (np.full((3, 3), 255.0), "divide by 255"),
        (np.full((3, 3), -1.0), r"\[0, 1\]"),
        (np.full((3, 3), np.nan), "NaN"),
    ],
)
def test_bad_ink_gets_a_clear_error(ink, message) -> None:
    with pytest.raises(ValueError, match=message):
        prepare_digit(ink)


def test_ink_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="numbers"):
        prepare_digit([["a"]])


# -- pictures on disk ------------------------------------------------------------------


@pytest.fixture
def darkness() -> np.ndarray:
    """A little drawing as 8-bit ink (0 = paper, 255 = full ink), with grey edges."""
    d = np.zeros((40, 30), dtype=np.uint8)
    d[8:32, 12:18] = 255
    d[8:32, 11] = d[8:32, 18] = 128
    d[7, 12:18] = 64
    return d


def saved(image, path):
    image.save(path)
    return path


def test_pictures_of_every_kind_give_the_same_ink(tmp_path, darkness) -> None:
    expected = darkness / 255
    d = darkness.astype(np.int64)
    paper = (255 - d).astype(np.uint8)
    rgb = Image.fromarray(np.stack([paper] * 3, axis=-1))  # black on white
    grey = Image.fromarray(darkness)  # white on black, mode L
    rgba = np.zeros(darkness.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = darkness  # black strokes, transparent paper
    palette = Image.fromarray(paper).convert("P")  # palette of the greys
    greys = [0, 127, 191, 255]
    indices = np.searchsorted(greys, paper).astype(np.uint8)
    gif = Image.frombytes("P", paper.shape[::-1], indices.tobytes())
    gif.putpalette([grey for grey in greys for _ in range(3)])
    wide = Image.fromarray(d.astype(np.uint16) * 257)  # 16-bit grey, white on black
    pictures = {
        "rgb.png": rgb,
        "grey.png": grey,
        "rgba.png": Image.fromarray(rgba),
        "palette.png": palette,
        "palette.gif": gif,
        "wide.png": wide,
        "grey.bmp": grey,
    }
    for name, image in pictures.items():
        ink = load_image(saved(image, tmp_path / name))
        np.testing.assert_allclose(ink, expected, atol=1e-12, err_msg=name)
    assert Image.open(tmp_path / "palette.gif").mode == "P"
    assert Image.open(tmp_path / "wide.png").mode.startswith("I")


def test_a_photo_turned_by_its_exif_orientation_is_turned_back(tmp_path, darkness):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    stored = Image.fromarray(np.rot90(darkness, 1))  # as a phone would store it
    stored.save(tmp_path / "phone.png", exif=exif)
    np.testing.assert_allclose(load_image(tmp_path / "phone.png"), darkness / 255)


def test_ink_from_rgba_composites_over_white_and_uses_bt601_weights() -> None:
    pixels = np.full((3, 3, 4), 255, dtype=np.uint8)
    pixels[1, 1] = [255, 0, 0, 255]  # pure red: luminance 0.299
    pixels[1, 0] = [0, 0, 0, 51]  # black at 20% opacity over white: luminance 0.8
    ink = ink_from_rgba(pixels)
    assert ink[1, 1] == pytest.approx(1 - 0.299, abs=1e-15)
    assert ink[1, 0] == pytest.approx(0.2, abs=1e-15)


def test_grey_paper_counts_as_no_ink(tmp_path, darkness) -> None:
    """A photo's paper is rarely white: ink is measured from the paper's grey."""
    stroke = darkness == 255

    def load(values, name):
        return load_image(
            saved(Image.fromarray(values.astype(np.uint8)), tmp_path / name)
        )

    on_white = load(np.where(stroke, 0, 255), "white.png")
    np.testing.assert_array_equal(on_white, stroke)
    np.testing.assert_array_equal(load(np.where(stroke, 0, 230), "grey.png"), stroke)
    np.testing.assert_array_equal(load(np.where(stroke, 255, 30), "dark.png"), stroke)
    noise = np.random.default_rng(0).integers(-4, 5, stroke.shape)
    noisy = load(np.where(stroke, 0, 230 + noise), "noisy.png")
    assert crop_to_ink(noisy).shape == crop_to_ink(on_white).shape


def test_a_photo_with_a_dark_border_is_not_inverted() -> None:
    pixels = np.zeros((5, 5, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    pixels[2, 2, :3] = 200
    np.testing.assert_allclose(ink_from_rgba(pixels)[2, 2], 200 / 255)


def test_a_blank_picture_is_an_error_at_prepare_digit(tmp_path) -> None:
    path = saved(Image.new("RGB", (50, 50), "white"), tmp_path / "blank.png")
    with pytest.raises(ValueError, match="the image is blank"):
        prepare_digit(load_image(path))


def test_files_that_are_not_pictures_get_clear_errors(tmp_path) -> None:
    text = tmp_path / "x.png"
    text.write_text("this is not a picture\n")
    with pytest.raises(ValueError, match=r"x\.png is not an image.*PNG or JPEG"):
        load_image(text)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty\.png is empty"):
        load_image(empty)
    good = saved(Image.new("L", (64, 64), 0), tmp_path / "cut.png")
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:60])
    with pytest.raises(ValueError, match=r"truncated\.png"):
        load_image(truncated)
    with pytest.raises(FileNotFoundError, match=r"no image file at .*missing\.png"):
        load_image(tmp_path / "missing.png")
    with pytest.raises(FileNotFoundError, match="folder"):
        load_image(tmp_path)


def test_a_picture_too_large_to_read_safely(tmp_path, monkeypatch) -> None:
    path = saved(Image.new("L", (100, 100)), tmp_path / "huge.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 10,000 > 2 x 1000
    with pytest.raises(ValueError, match=r"huge\.png is too large"):
        load_image(path)


def test_without_pillow_the_error_says_what_to_install(tmp_path, monkeypatch) -> None:
    path = saved(Image.new("L", (4, 4)), tmp_path / "a.png")
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r'pip install "nn-tutorial\[image\]"'):
        load_image(path)


@pytest.mark.mnist
def test_an_mnist_digit_drawn_big_on_paper_comes_back_as_itself(tmp_path) -> None:
    """Through a 280 x 280 black-on-white PNG and back: the same inputs as the digit."""
    from nn_tutorial.mnist import load_mnist

    mnist = load_mnist(download=False)
    for index in range(10):
        digit = mnist.test_images[index].reshape(28, 28)
        paper = np.round(255 - 255 * digit).astype(np.uint8)
        big = Image.fromarray(paper).resize((280, 280), Image.NEAREST)
        ink = load_image(saved(big, tmp_path / f"{index}.png"))
        np.testing.assert_allclose(
            prepare_digit(ink), prepare_digit(digit), atol=1e-5, err_msg=str(index)
        )


# -- refused pictures: too big, 32-bit, light on transparent, unreadable (issue 11) --


def test_a_picture_past_max_pixels_is_refused_before_it_is_decoded(
    tmp_path, monkeypatch
) -> None:
    path = saved(Image.new("1", (300, 200), 1), tmp_path / "big.png")
    monkeypatch.setattr(pictures, "MAX_PIXELS", 300 * 200 - 1)
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self))
    with pytest.raises(ValueError, match=r"big\.png is 300 x 200 pixels \(60,000\)"):
        load_image(path)
    assert decoded == []  # refused from the header alone


def test_a_picture_of_max_pixels_is_read(tmp_path, monkeypatch) -> None:
    path = saved(Image.new("L", (30, 20), 255), tmp_path / "fits.png")
    monkeypatch.setattr(pictures, "MAX_PIXELS", 30 * 20)
    assert load_image(path).shape == (20, 30)


def test_32_bit_and_float_pictures_are_refused_not_called_blank(tmp_path) -> None:
    values = np.zeros((20, 20), dtype=np.int32)
    values[5:15, 8:12] = 2_000_000_000  # a stroke far past 16 bits
    wide = saved(Image.fromarray(values, mode="I"), tmp_path / "wide.tiff")
    with pytest.raises(ValueError, match=r"wide\.tiff has 32-bit pixels"):
        load_image(wide)
    floats = saved(
        Image.fromarray(values.astype(np.float32) / 2e9, mode="F"),
        tmp_path / "float.tiff",
    )
    with pytest.raises(ValueError, match=r"float\.tiff has floating-point pixels"):
        load_image(floats)


def test_white_strokes_on_a_transparent_background_are_explained(tmp_path) -> None:
    rgba = np.zeros((30, 30, 4), dtype=np.uint8)
    rgba[5:25, 12:18] = 255  # white, opaque strokes; the rest transparent
    path = saved(Image.fromarray(rgba, mode="RGBA"), tmp_path / "white.png")
    with pytest.raises(ValueError, match="light .* on a transparent background"):
        load_image(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_picture_is_a_permission_error_not_a_damaged_one(
    tmp_path,
) -> None:
    path = saved(Image.new("L", (8, 8)), tmp_path / "secret.png")
    path.chmod(0)
    with pytest.raises(PermissionError, match=r"cannot read .*secret\.png"):
        load_image(path)


def test_a_permission_error_is_reported_as_such(tmp_path, monkeypatch) -> None:
    """The same as the test above, for root too: opening fails with EACCES."""
    path = saved(Image.new("L", (8, 8)), tmp_path / "secret.png")
    real_open = type(path).open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", refuse)
    with pytest.raises(PermissionError, match=r"cannot read .*secret\.png"):
        load_image(path)


def test_rgba_pixels_that_are_not_whole_numbers_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="whole numbers from 0 to 255, got .*float64"):
        ink_from_rgba(np.full((2, 2, 4), 0.5))
    with pytest.raises(ValueError, match="whole numbers from 0 to 255"):
        ink_from_rgba(np.full((2, 2, 4), 256))


def test_complex_ink_is_refused_not_truncated() -> None:
    with pytest.raises(TypeError, match="real numbers"):
        prepare_digit(np.full((5, 5), 0.5 + 0.5j))
