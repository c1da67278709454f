"""The app's palettes stay distinguishable for people with the common colour-vision deficiencies.

Each colour is passed through the Machado, Oliveira & Fernandes (2009) simulation matrices
(severity 1.0, applied in linear RGB) for protanopia, deuteranopia and tritanopia, and compared
in CIELAB (CIE76 ΔE). About 2.3 is a just-noticeable difference; the thresholds below ask for
colours that are told apart at a glance.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dashboard.figures.style import CATEGORICAL, LIKERT

SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / WHITE
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_as(hex_colour: str, vision: str) -> np.ndarray:
    """The CIELAB colour a person with ``vision`` sees for ``hex_colour``."""
    return _lab(SIMULATIONS[vision] @ _linear(hex_colour))


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_pal001_every_pair_of_region_colours_is_told_apart(vision: str) -> None:
    for a, b in itertools.combinations(CATEGORICAL, 2):
        distance = float(np.linalg.norm(seen_as(a, vision) - seen_as(b, vision)))
        assert distance >= 15, (
            f"{a} and {b} look alike under {vision} (ΔE {distance:.1f})"
        )


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_pal002_neighbouring_likert_levels_differ_and_extremes_are_darkest(
    vision: str,
) -> None:
    levels = [seen_as(LIKERT[code], vision) for code in range(1, 6)]
    for code, (a, b) in enumerate(itertools.pairwise(levels), start=1):
        distance = float(np.linalg.norm(a - b))
        assert distance >= 15, f"levels {code} and {code + 1} look alike under {vision}"
    lightness = [lab[0] for lab in levels]
    # The neutral middle is the lightest and lightness falls towards both extremes, so the
    # scale reads in order even in greyscale.
    assert lightness[0] < lightness[1] < lightness[2] > lightness[3] > lightness[4]
