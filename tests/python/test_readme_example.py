"""The README's Python example (between the python-example markers) runs as it is, from the
checkout, so the example cannot drift from the module."""

import contextlib
import io
import os
import re
import unittest

from seitest import SOURCE_DIR


def readme_example():
    with open(os.path.join(SOURCE_DIR, "README.md")) as f:
        text = f.read()
    found = re.search(r"<!-- python-example -->\n```python\n(.*?)```\n<!-- /python-example -->",
                      text, re.S)
    if not found:
        raise AssertionError("README.md has no ```python block between the python-example "
                             "markers")
    return found.group(1)


class ReadmeExample(unittest.TestCase):
    def test_runs(self):
        code = readme_example()
        self.assertLessEqual(len(code.strip().splitlines()), 15, "keep the example short")
        shared = os.path.join(SOURCE_DIR, "..", "shared")
        if not os.path.isdir(shared):
            raise AssertionError(f"{shared} is missing: the example reads the shared data")
        out = io.StringIO()
        cwd = os.getcwd()
        os.chdir(SOURCE_DIR)  # the example's paths are those of the checkout
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, "README.md python-example", "exec"), {})
        finally:
            os.chdir(cwd)
        print(out.getvalue(), end="")
        self.assertTrue(out.getvalue().strip(), "the example prints its results")


if __name__ == "__main__":
    unittest.main()
