"""SEI Studio from Python: an ASE calculator for NEP / qNEP models, the interface builder,
trajectory analysis and runs of GPUMD-style folders, all on the engine of the `sei` command.
"""

import json
import os

import ase
import numpy as np

from . import _sei
from ._sei import BlowUpError, InputError, OutputError
from .calculator import Calculator

__all__ = ["Calculator", "build", "analyze", "run", "InputError", "OutputError", "BlowUpError"]


def build(recipe, seed=None, resources="", progress=None):
    """Builds a recipe as `sei build` does and returns the structure as ase.Atoms.

    recipe: a recipe (dict, as the JSON of the README's "Recipes") or the path of a recipe file.
    seed: overrides the recipe's seed. resources: folder with molecules/ (default as `sei build`).
    progress(stage, fraction) is called now and then; Ctrl-C, or an exception it raises,
    cancels the build and is raised.
    atoms.info["build_report"] holds the build report (`sei build --report`), and
    atoms.arrays["molecule"] the molecule index of every atom (−1: metal).
    """
    if isinstance(recipe, dict):
        built = _sei.build(json.dumps(recipe), False, seed, str(resources), progress)
    else:
        built = _sei.build(os.fspath(recipe), True, seed, str(resources), progress)
    atoms = ase.Atoms(symbols=built["symbols"], positions=built["positions"],
                      cell=built["cell"], pbc=built["pbc"])
    atoms.info["seed"] = built["seed"]
    atoms.info["build_report"] = json.loads(built["report"])
    atoms.arrays["molecule"] = built["molecule"]
    return atoms


def analyze(trajectory, species=True, rdf=(), rdf_max=6.0, rdf_bin=0.02, frames=slice(None),
            topology="", bonds="", lifetime=3, threads=1):
    """Analyses a trajectory as `sei analyze` does: a file (extended XYZ or AMBER NetCDF) or
    ase.Atoms frames in order (their initial charges, if any is non-zero, count as charges;
    info["step"] and info["time"] (fs) as the step and time, else the index and 0).

    species: species counts per frame (bond graphs, named as `sei analyze --species` names them).
    rdf: pairs such as "Na-O" (elements), "Na+-PF6-" (species), "Na-EC:O"; g(r) and running
    coordination numbers averaged over the frames, on bins of rdf_bin up to rdf_max (Å).
    frames: a slice of frame indices (from 0). topology: element symbols for NetCDF files
    (default: model.xyz beside it). bonds: cutoff overrides "Na-O:2.9,C-H:1.3" (Å).
    lifetime: frames a bond change must persist. threads: CPU threads.

    Returns a dict: "frames" (count); with species "step", "time" (fs) and "species" {name:
    counts per frame}; with rdf "rdf" {label: {"r" (Å), "g", "cn"}}, all numpy arrays.
    """
    if not isinstance(frames, slice):
        raise InputError("frames: expected a slice, e.g. slice(100, None, 10)")
    if frames.step is not None and frames.step < 1:
        raise InputError("frames: the step must be at least 1")
    first = frames.start or 0
    last = frames.stop if frames.stop is not None else 2**63
    if first < 0 or last < 0:
        raise InputError("frames: negative indices are not supported")
    if isinstance(rdf, str):
        rdf = [rdf]
    if isinstance(trajectory, (str, os.PathLike)):
        trajectory = os.fspath(trajectory)
    else:
        trajectory = [_frame(atoms, i) for i, atoms in enumerate(trajectory)]
    return _sei.analyze(trajectory, bool(species), list(rdf), float(rdf_max),
                        float(rdf_bin), first, last, frames.step or 1, os.fspath(topology),
                        bonds, int(lifetime), int(threads))


def _frame(atoms, index):
    """An ase.Atoms as the dict _sei.analyze reads."""
    charges = atoms.get_initial_charges()
    return {"symbols": atoms.get_chemical_symbols(), "positions": atoms.get_positions(),
            "cell": np.asarray(atoms.cell), "pbc": [bool(p) for p in atoms.pbc],
            "charges": charges if charges.any() else None,
            "step": int(atoms.info.get("step", index)), "time": float(atoms.info.get("time", 0.0))}


def run(folder=".", resume=False, threads=0, backend="auto", progress=None, log=None):
    """Runs a GPUMD-style run folder (run.in, model.xyz, the model) as `sei run --dir` does.

    resume: continue from folder/checkpoint.chk. backend: "cpu", "cuda" or "auto".
    progress(block, step, total_steps, time_fs) and log(line) are called as the run goes.
    Ctrl-C stops the run after a checkpoint and raises KeyboardInterrupt (continue with
    resume=True), as does an exception raised by a callback; a run that blows up raises
    BlowUpError after writing lastgood.xyz and lastgood.chk.
    """
    _sei.run(os.fspath(folder), resume, threads, backend, progress, log)
