"""`cmake --install` puts the package sei where the Python it was built for finds it under the
prefix, and the installed package works without the build tree on its path."""

import os
import subprocess
import sys
import unittest

from ase.io import read

import sei
from seitest import scratch, shared

CHECK = """
import sei
from ase.io import read
atoms = read({structure!r})
atoms.calc = sei.Calculator(model={model!r}, threads=1)
print(sei.__file__)
print(atoms.get_potential_energy())
"""


class Install(unittest.TestCase):
    def test_install_prefix(self):
        with scratch() as prefix:
            subprocess.run([os.environ["CMAKE_COMMAND"], "--install", os.environ["SEI_BUILD_DIR"],
                            "--component", "python", "--prefix", prefix], check=True,
                           capture_output=True)
            site = os.path.join(prefix, os.environ["SEI_PYTHON_INSTALL_DIR"])
            env = dict(os.environ, PYTHONPATH=site)
            code = CHECK.format(structure=shared("structures", "water63.xyz"),
                                model=shared("models", "nep_water.txt"))
            done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                  text=True, cwd=prefix)
            self.assertEqual(done.returncode, 0, done.stderr)
            path, energy = done.stdout.split()
            self.assertTrue(path.startswith(site), path)
            atoms = read(shared("structures", "water63.xyz"))
            atoms.calc = sei.Calculator(model=shared("models", "nep_water.txt"), threads=1)
            self.assertEqual(float(energy), float(repr(atoms.get_potential_energy())))
            print(f"installed into {site}: E = {float(energy):.10f} eV")
            self.assertTrue(os.path.isfile(os.path.join(site, "sei", "calculator.py")))


if __name__ == "__main__":
    unittest.main()
