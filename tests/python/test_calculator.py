"""sei.Calculator gives exactly the numbers of `sei eval` (its %.10e files agree to 5e-11, so
1e-8 relative leaves room only for summation order), with ASE's stress = −virial/V."""

import unittest

import numpy as np
from ase.io import read

import sei
from seitest import assert_close, scratch, sei as run_sei, shared

# (model, structure, k-space): a plain NEP on a triclinic cell, qNEP modes 1 and 2 with both
# k-space solvers (mode 2 with ZBL).
CASES = [
    ("nep_water.txt", "water126_2x1x1_triclinic_s3.xyz", "ewald"),
    ("qnep_mode1_water.txt", "water126_2x1x1_triclinic_s3.xyz", "pppm"),
    ("qnep_mode2_BaTiO3.txt", "BaTiO3_40_rattled.xyz", "ewald"),
]
RTOL = 1e-8


class CalculatorMatchesEval(unittest.TestCase):
    def test_cases(self):
        for model_name, structure_name, kspace in CASES:
            with self.subTest(model=model_name, kspace=kspace), scratch() as out:
                model = shared("models", model_name)
                structure = shared("structures", structure_name)
                run_sei("eval", "--model", model, "--structure", structure, "--out", out,
                        "--kspace", kspace, "--threads", 1)
                ref = {name: np.loadtxt(f"{out}/{name}.txt") for name in
                       ["energy", "per_atom_energy", "forces", "virial", "per_atom_virial"]}
                atoms = read(structure)
                atoms.calc = sei.Calculator(model=model, kspace=kspace, threads=1)
                energy = atoms.get_potential_energy()
                self.assertLessEqual(abs(energy - ref["energy"]), RTOL * abs(ref["energy"]))
                self.assertEqual(atoms.get_potential_energy(force_consistent=True), energy)
                assert_close(self, atoms.get_potential_energies(), ref["per_atom_energy"], RTOL,
                             "energies")
                worst = assert_close(self, atoms.get_forces(), ref["forces"], RTOL, "forces")
                virial = ref["virial"].reshape(3, 3)  # row a, column b: Σ r^a F^b
                assert_close(self, atoms.calc.results["virial"], virial, RTOL, "virial")
                # ASE: stress = −W/V, Voigt xx yy zz yz xz xy, eV/Å³ (W symmetric to 1e-10).
                w = -0.5 * (virial + virial.T) / atoms.get_volume()
                voigt = [w[0, 0], w[1, 1], w[2, 2], w[1, 2], w[0, 2], w[0, 1]]
                assert_close(self, atoms.get_stress(), voigt, RTOL, "stress")
                assert_close(self, atoms.get_stress(voigt=False), w, RTOL, "stress 3x3")
                per_atom = ref["per_atom_virial"].reshape(-1, 3, 3)
                stresses = atoms.get_stresses()
                self.assertEqual(stresses.shape, (len(atoms), 6))
                assert_close(self, stresses[:, 0], -per_atom[:, 0, 0] / atoms.get_volume(),
                             RTOL, "stresses xx")
                if model_name.startswith("qnep"):
                    charges = np.loadtxt(f"{out}/charges.txt")
                    bec = np.loadtxt(f"{out}/bec.txt").reshape(-1, 3, 3)
                    assert_close(self, atoms.get_charges(), charges, RTOL, "charges")
                    assert_close(self, atoms.calc.get_property("bec", atoms), bec, RTOL, "bec")
                else:
                    self.assertNotIn("charges", atoms.calc.implemented_properties)
                print(f"{model_name} {kspace}: E = {energy:.10f} eV as sei eval; forces differ "
                      f"by {worst:.1e} of the largest")

    def test_free_molecule(self):
        # No cell, a cell without periodicity, and a periodic box whose images lie beyond the
        # cutoff are the same molecule; only the periodic box has a stress.
        from ase.build import molecule
        from ase.calculators.calculator import PropertyNotImplementedError
        calc = sei.Calculator(model=shared("models", "nep_water.txt"), threads=1)
        free = molecule("H2O")
        free.calc = calc
        energy, forces = free.get_potential_energy(), free.get_forces()
        with self.assertRaises(PropertyNotImplementedError):
            free.get_stress()
        for pbc in (False, True):
            boxed = molecule("H2O", vacuum=10.0, pbc=pbc)  # images 20 Å apart
            boxed.calc = calc
            self.assertAlmostEqual(boxed.get_potential_energy(), energy, delta=1e-12)
            assert_close(self, boxed.get_forces(), forces, 1e-12, "forces")
        self.assertEqual(boxed.get_stress().shape, (6,))

    def test_moved_atoms_are_recomputed(self):
        atoms = read(shared("structures", "water63.xyz"))
        atoms.calc = sei.Calculator(model=shared("models", "nep_water.txt"), threads=1)
        first = atoms.get_potential_energy()
        atoms.positions[0, 0] += 0.05
        self.assertNotEqual(atoms.get_potential_energy(), first)

    def test_bad_input_is_one_line(self):
        atoms = read(shared("structures", "BaTiO3_40_rattled.xyz"))
        atoms.calc = sei.Calculator(model=shared("models", "nep_water.txt"), threads=1)
        with self.assertRaises(sei.InputError) as raised:
            atoms.get_potential_energy()
        self.assertIn("ase.Atoms: ", str(raised.exception))  # a structure in memory: no line
        self.assertIn("Ba", str(raised.exception))
        slab = read(shared("structures", "water63.xyz"))
        slab.pbc = [True, True, False]
        slab.calc = sei.Calculator(model=shared("models", "qnep_mode1_water.txt"), threads=1)
        with self.assertRaises(sei.InputError) as raised:
            slab.get_potential_energy()
        self.assertIn("periodic in all directions", str(raised.exception))
        twin = read(shared("structures", "water63.xyz"))
        twin.positions[1] = twin.positions[0] + 0.001
        twin.calc = sei.Calculator(model=shared("models", "nep_water.txt"), threads=1)
        with self.assertRaises(sei.InputError) as raised:
            twin.get_potential_energy()
        self.assertTrue(str(raised.exception).startswith("ase.Atoms: atoms 1 (H) and 2 (H)"),
                        str(raised.exception))
        with self.assertRaises(ValueError):  # sei.InputError is a ValueError
            sei.Calculator(model=shared("models", "nep_water.txt"), kspace="fft")
        with self.assertRaises(sei.InputError):
            sei.Calculator(model="/nonexistent/nep.txt")


if __name__ == "__main__":
    unittest.main()
