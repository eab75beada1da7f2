"""ASE calculator over the engine's NEP / qNEP evaluator (the numbers of `sei eval`)."""

import numpy as np
from ase.calculators.calculator import Calculator as AseCalculator
from ase.calculators.calculator import all_changes

from . import _sei


def _voigt(w, volume):
    """Stress −W/V in ASE's Voigt order (xx, yy, zz, yz, xz, xy) from virials W (…×3×3, eV)."""
    s = -0.5 * (w + np.swapaxes(w, -1, -2)) / volume
    return np.stack([s[..., 0, 0], s[..., 1, 1], s[..., 2, 2],
                     s[..., 1, 2], s[..., 0, 2], s[..., 0, 1]], axis=-1)


class Calculator(AseCalculator):
    """NEP or qNEP model (GPUMD nep.txt) as an ASE calculator.

    model: the model file; a bare name is also looked up on $SEI_MODEL_PATH and in
    ../shared/models, as `sei run` does. kspace: "ewald" or "pppm" (qNEP models only).
    threads: CPU threads (0: all). temperature: K, input of *_temperature models.

    Properties: energy, free_energy (= energy), energies (per atom), forces (eV/Å), stress and
    stresses (per atom) = −virial/V in eV/Å^3, Voigt order (periodic cells only), and for qNEP
    models charges (e) and bec (Born effective charges, N×3×3, e). results["virial"] holds the
    virial W = Σ r ⊗ F (eV) as `sei eval` writes it.
    """

    implemented_properties = ["energy", "free_energy", "energies", "forces", "stress",
                              "stresses"]

    name = "sei"

    def __init__(self, model, kspace="ewald", threads=0, temperature=300.0, **kwargs):
        super().__init__(**kwargs)
        # What ASE shows (repr, todict) and what makes the results: model, k-space, temperature.
        self.parameters.update(model=str(model), kspace=kspace, threads=threads,
                               temperature=temperature)
        self.evaluator = _sei.Evaluator(str(model), kspace, threads, temperature)
        if self.evaluator.has_charges:
            self.implemented_properties = Calculator.implemented_properties + ["charges", "bec"]

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        a = self.atoms
        r = self.evaluator.compute(a.get_chemical_symbols(), a.get_positions(),
                                   np.asarray(a.cell), [bool(p) for p in a.pbc])
        self.results = {
            "energy": r["energy"],
            "free_energy": r["energy"],
            "energies": r["energies"],
            "forces": r["forces"],
            "virial": r["virial"],
        }
        if a.pbc.all():
            volume = a.get_volume()
            self.results["stress"] = _voigt(r["virial"], volume)
            self.results["stresses"] = _voigt(r["virials"], volume)
        if self.evaluator.has_charges:
            self.results["charges"] = r["charges"]
            self.results["bec"] = r["bec"]
