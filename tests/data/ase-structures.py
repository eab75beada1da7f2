#!/usr/bin/python3
"""Reference structure files written and read by ASE, for TestStructureFormats.

  ase-structures.py write DIR   writes, for a triclinic cell in a general orientation and an
                                orthorhombic one, NAME.json (the exact cell, symbols and
                                positions) and the files ASE writes from them: POSCAR_NAME,
                                NAME.cif, NAME.pdb, NAME.xyz (extended), NAME.plain.xyz,
                                NAME.data (LAMMPS, atomic style, types in alphabetical order)
  ase-structures.py read FILE   prints what ASE reads from one of our files (POSCAR*, *.xyz,
                                *.data) as JSON: cell rows, symbols, positions
"""
import json
import sys

import numpy as np
from ase import Atoms
from ase.io import read, write
from ase.io.lammpsdata import read_lammps_data
from ase.data import atomic_numbers


def structures():
    rng = np.random.default_rng(20)
    symbols = ["Na"] * 3 + ["F"] * 2 + ["O", "H", "H"]
    # Triclinic, then rotated out of LAMMPS's and PDB's frame (a not along x).
    tric = np.array([[5.1, 0.0, 0.0], [1.3, 4.7, 0.0], [0.8, -1.1, 5.6]])
    angle = 0.7
    axis = np.array([1.0, 2.0, 3.0]) / np.sqrt(14.0)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rotation = np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k
    ortho = np.diag([6.2, 5.4, 7.3])
    out = {}
    for name, cell in (("triclinic", tric @ rotation.T), ("orthorhombic", ortho)):
        frac = rng.uniform(0.05, 0.95, size=(len(symbols), 3))
        out[name] = Atoms(symbols, scaled_positions=frac, cell=cell, pbc=True)
    return out


def write_all(folder):
    for name, atoms in structures().items():
        with open(f"{folder}/{name}.json", "w") as f:
            json.dump({"cell": atoms.cell.array.tolist(), "symbols": atoms.get_chemical_symbols(),
                       "positions": atoms.positions.tolist()}, f)
        write(f"{folder}/POSCAR_{name}", atoms, format="vasp", direct=True, vasp5=True)
        write(f"{folder}/{name}.cif", atoms, format="cif")
        write(f"{folder}/{name}.pdb", atoms, format="proteindatabank")
        write(f"{folder}/{name}.xyz", atoms, format="extxyz")
        write(f"{folder}/{name}.plain.xyz", atoms, format="xyz")
        write(f"{folder}/{name}.data", atoms, format="lammps-data", atom_style="atomic")


def read_ours(path):
    if path.endswith(".data"):
        # Our writer names each type's element after its mass: "1 22.98976928 # Na".
        types, section = {}, ""
        for line in open(path):
            words = line.split()
            if words and words[0].isalpha():
                section = words[0]
            elif section == "Masses" and len(words) == 4:
                types[int(words[0])] = atomic_numbers[words[3]]
        with open(path) as f:
            atoms = read_lammps_data(f, Z_of_type=types, style="atomic", units="metal")
    elif "POSCAR" in path:
        atoms = read(path, format="vasp")
    else:
        atoms = read(path, format="extxyz")
    json.dump({"cell": atoms.cell.array.tolist(), "symbols": atoms.get_chemical_symbols(),
               "positions": atoms.positions.tolist()}, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "read"):
        sys.exit(__doc__)
    write_all(sys.argv[2]) if sys.argv[1] == "write" else read_ours(sys.argv[2])
