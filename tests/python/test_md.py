"""ASE's velocity Verlet on sei.Calculator conserves energy as a symplectic integrator should:
the total energy wanders by O(dt²) (the shadow Hamiltonian), so halving the step divides the
largest excursion by about 4, and a force inconsistent with the energy would drift instead."""

import unittest

import numpy as np
from ase import units
from ase.io import read
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
from ase.md.verlet import VelocityVerlet

import sei
from seitest import shared


def excursion(model, dt_fs, steps):
    """Largest |E_total(t) − E_total(0)| and the initial kinetic energy (eV), over `steps`
    steps of `dt_fs` from 300 K."""
    atoms = read(shared("structures", "water63.xyz"))
    atoms.calc = sei.Calculator(model=shared("models", model), kspace="ewald", threads=1)
    MaxwellBoltzmannDistribution(atoms, temperature_K=300, rng=np.random.default_rng(7))
    kinetic = atoms.get_kinetic_energy()
    energies = [atoms.get_total_energy()]
    with VelocityVerlet(atoms, timestep=dt_fs * units.fs) as dyn:
        dyn.attach(lambda: energies.append(atoms.get_total_energy()), interval=1)
        dyn.run(steps)
    e = np.array(energies)
    assert np.isfinite(e).all(), "non-finite energy"
    return np.abs(e - e[0]).max(), kinetic


class VelocityVerletStep(unittest.TestCase):
    def test_energy_conservation(self):
        for model in ["nep_water.txt", "qnep_mode1_water.txt"]:
            with self.subTest(model=model):
                coarse, kinetic = excursion(model, 0.5, 20)
                fine, _ = excursion(model, 0.25, 40)
                ratio = coarse / fine
                print(f"{model}: 10 fs, max |ΔE| {coarse:.3e} eV at 0.5 fs, {fine:.3e} eV at "
                      f"0.25 fs, ratio {ratio:.2f}")
                self.assertLess(coarse, 0.01 * kinetic)
                self.assertGreater(ratio, 3.0)
                self.assertLess(ratio, 5.0)


if __name__ == "__main__":
    unittest.main()
