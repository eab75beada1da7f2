"""Forces and stress of sei.Calculator are the derivatives of its energy, checked with ASE's
own finite differences (calc.calculate_numerical_forces / calculate_numerical_stress).

Central differences of step d err by (d²/6)·∂³E/∂x³: on these structures 8e-5 eV/Å at
d = 1e-3 Å, falling as d² (8e-7 at 1e-4). Richardson's combination (4·F(d/2) − F(d))/3 cancels
that term; what is left, O(d⁴) plus rounding (1e-16 × |E| / d ≈ 3e-11 eV/Å), is below 1e-6 of
the largest force, so a force that is not the energy's gradient (a missing term, a sign) fails.
The stress uses d = 1e-5 (strain), whose truncation error is 1e-10 eV/Å³."""

import unittest

import numpy as np
from ase.io import read

import sei
from seitest import assert_close, shared

# A plain NEP and a qNEP with Ewald (PPPM's ik-differentiated forces are not an exact gradient).
CASES = [("nep_water.txt", "water63_rattled_s1.xyz"),
         ("qnep_mode1_water.txt", "water63_rattled_s1.xyz")]


class FiniteDifferences(unittest.TestCase):
    def test_forces_and_stress(self):
        for model, structure in CASES:
            with self.subTest(model=model):
                atoms = read(shared("structures", structure))
                calc = sei.Calculator(model=shared("models", model), kspace="ewald", threads=1)
                atoms.calc = calc
                forces, stress = atoms.get_forces(), atoms.get_stress()
                d = 1e-3
                coarse = calc.calculate_numerical_forces(atoms, d=d)
                fine = calc.calculate_numerical_forces(atoms, d=d / 2)
                raw = np.abs(fine - forces).max()
                self.assertGreater(raw, 1e-7, "the d² error should be visible at d/2")
                rel = assert_close(self, (4 * fine - coarse) / 3, forces, 1e-6, "forces")
                srel = assert_close(self, calc.calculate_numerical_stress(atoms, d=1e-5),
                                    stress, 1e-7, "stress")
                print(f"{model}: forces (central d/2) {raw:.2e} eV/Å, Richardson {rel:.2e} "
                      f"relative; stress {srel:.2e} relative")


if __name__ == "__main__":
    unittest.main()
