"""sei.build gives the structure `sei build` writes for a shipped recipe (the same atoms in the
same order, cell and periodicity), from the file and from the recipe as a dict."""

import json
import os
import signal
import subprocess
import sys
import unittest

import numpy as np
from ase.io import read

import sei
from seitest import SOURCE_DIR, scratch, sei as run_sei

RECIPE = os.path.join(SOURCE_DIR, "projects", "recipes", "na100-napf6-ec-small.json")


class BuildMatchesCli(unittest.TestCase):
    def test_small_recipe(self):
        with scratch() as out:
            run_sei("build", RECIPE, "--out", f"{out}/model.xyz", "--report", f"{out}/r.json")
            ref = read(f"{out}/model.xyz")
            with open(f"{out}/r.json") as f:
                report = json.load(f)
        atoms = sei.build(RECIPE)
        print(f"sei build: {len(ref)} atoms, sei.build: {len(atoms)} atoms")
        self.assertEqual(len(atoms), len(ref))
        self.assertEqual(atoms.get_chemical_symbols(), ref.get_chemical_symbols())
        self.assertTrue(np.allclose(atoms.cell, ref.cell, rtol=0, atol=1e-9))
        self.assertEqual(list(atoms.pbc), list(ref.pbc))
        # extended XYZ keeps what %.10g prints: 1e-9 relative of coordinates below 100 Å.
        self.assertLess(np.abs(atoms.positions - ref.positions).max(), 1e-7)
        for timed in (atoms.info["build_report"], report):
            del timed["build_seconds"]  # the only entry that differs between two builds
        self.assertEqual(atoms.info["build_report"], report)
        self.assertEqual(atoms.info["seed"], 2026)
        self.assertEqual((atoms.arrays["molecule"] == -1).sum(),
                         atoms.get_chemical_symbols().count("Na") - 6)  # metal: Na but 6 Na+

        with open(RECIPE) as f:
            recipe = json.load(f)
        again = sei.build(recipe)
        self.assertTrue(np.array_equal(again.positions, atoms.positions))
        other = sei.build(recipe, seed=7)
        self.assertEqual(len(other), len(atoms))
        self.assertFalse(np.array_equal(other.positions, atoms.positions))

    def test_progress_and_cancel(self):
        stages = []
        sei.build(RECIPE, progress=lambda stage, fraction: stages.append((stage, fraction)))
        self.assertEqual(stages[0], ("slab", 0.0))
        self.assertEqual({s for s, _ in stages}, {"slab", "molecules", "packing"})

        class Stop(Exception):
            pass

        def stop(stage, fraction):
            if stage == "molecules":
                raise Stop()
        with self.assertRaises(Stop):
            sei.build(RECIPE, progress=stop)

    def test_ctrl_c_cancels(self):
        # The large recipe packs for seconds; SIGINT once packing has begun cancels it.
        large = os.path.join(SOURCE_DIR, "projects", "recipes", "na100-napf6-ec-large.json")
        code = ("import sei, sys\n"
                "def progress(stage, fraction):\n"
                "    if stage == 'packing':\n"
                "        print('packing', flush=True)\n"
                "try:\n"
                f"    sei.build({large!r}, progress=progress)\n"
                "    print('built')\n"
                "except KeyboardInterrupt:\n"
                "    print('KeyboardInterrupt')\n")
        child = subprocess.Popen([sys.executable, "-c", code], text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(child.stdout.readline().strip(), "packing")
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
        lines = out.split()
        self.assertEqual(lines[-1], "KeyboardInterrupt", err)

    def test_bad_recipe_names_the_field(self):
        with self.assertRaises(sei.InputError) as raised:
            sei.build({"format": "sei-recipe", "version": 1, "gap": -1})
        self.assertIn("gap", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
