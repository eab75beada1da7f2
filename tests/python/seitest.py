"""Set-up shared by the Python module's tests, which ctest runs with Debian's python3 and
python3-ase (tests/CMakeLists.txt sets SEI_BIN, SEI_SHARED_DIR, SEI_SOURCE_DIR and PYTHONPATH).
"""

import os
import subprocess
import tempfile

import numpy as np


def _env(name):
    value = os.environ.get(name)
    if not value:
        raise AssertionError(f"${name} is not set: run the Python tests through ctest")
    return value


SOURCE_DIR = _env("SEI_SOURCE_DIR")


def shared(*parts):
    """A file of the shared reference data beside the checkout; fails the test when absent."""
    path = os.path.join(_env("SEI_SHARED_DIR"), *parts)
    if not os.path.exists(path):
        raise AssertionError(f"{path} is missing: the shared data (../shared) must lie beside "
                             "the checkout for this test")
    return path


def sei(*args, cwd=None):
    """Runs the `sei` command of this build; returns its standard output."""
    done = subprocess.run([_env("SEI_BIN"), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise AssertionError(f"sei {' '.join(map(str, args))} exited with {done.returncode}: "
                             f"{done.stderr.strip()}")
    return done.stdout


def scratch():
    """A temporary folder under /tmp, removed when the returned object is cleaned up."""
    return tempfile.TemporaryDirectory(prefix="sei-python-test-")


def assert_close(test, actual, expected, rtol, what):
    """|actual − expected| ≤ rtol × the largest |expected| component, element by element."""
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    test.assertEqual(actual.shape, expected.shape, what)
    scale = np.abs(expected).max()
    error = np.abs(actual - expected).max()
    test.assertLessEqual(error, rtol * scale,
                         f"{what}: max |difference| {error:.3e} > {rtol:g} x {scale:.3e}")
    return error / scale
