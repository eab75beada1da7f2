#!/usr/bin/env python3
"""Energy and force RMSE of a NEP/qNEP model on a labelled set, evaluated frame by frame with
`sei eval` (independently of `sei train`'s own loss.out and parity files).

  scripts/seirmse.py MODEL SET.xyz [--sei build/bin/sei] [--threads 1]

prints: frames, atoms, energy RMSE (meV/atom) and force RMSE over all components (meV/Å).
SET.xyz is GPUMD's training format (energy= in eV, a force or forces column in eV/Å).
Also a module: the teacher-student benchmark labels and compares frames with these functions.
"""
import argparse
import math
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def frames(text):
    """The frames of an extended XYZ text, each as its own text."""
    lines, out, k = text.splitlines(), [], 0
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        n = int(lines[k])
        out.append("\n".join(lines[k:k + n + 2]) + "\n")
        k += n + 2
    return out


def labels(frame):
    """A labelled frame of GPUMD's training format: atoms (species x y z), lattice, energy (eV),
    forces (eV/Å)."""
    rows = frame.splitlines()
    n, comment = int(rows[0]), rows[1]
    props = re.search(r"properties=(\S+)", comment, re.I).group(1).split(":")
    column, force_column = 0, None
    for name, count in zip(props[0::3], props[2::3]):
        if name.lower() in ("force", "forces"):
            force_column = column
        column += int(count)
    cells = [r.split() for r in rows[2:2 + n]]
    return {"atoms": [c[:4] for c in cells],
            "lattice": re.search(r'lattice="([^"]*)"', comment, re.I).group(1),
            "energy": float(re.search(r"(?:^|\s)energy=(\S+)", comment, re.I).group(1)),
            "forces": [[float(x) for x in c[force_column:force_column + 3]] for c in cells]}


def evaluate(sei, model, frame, threads):
    """`sei eval` of one frame: its atoms and lattice with the model's energy (eV), forces
    (eV/Å), virial (9 components, eV) and, for a qNEP, charges (e)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "frame.xyz")
        with open(path, "w") as f:
            f.write(frame)
        out = os.path.join(scratch, "eval")
        subprocess.run([sei, "eval", "--model", model, "--structure", path, "--out", out,
                        "--threads", str(threads)], check=True, stdout=subprocess.DEVNULL)

        def numbers(name):
            return [[float(x) for x in l.split()] for l in open(os.path.join(out, name))]

        rows = frame.splitlines()
        n = int(rows[0])
        result = {"atoms": [r.split()[:4] for r in rows[2:2 + n]],
                  "lattice": re.search(r'lattice="([^"]*)"', rows[1], re.I).group(1),
                  "energy": numbers("energy.txt")[0][0], "forces": numbers("forces.txt"),
                  "virial": numbers("virial.txt")[0]}
        if os.path.exists(os.path.join(out, "charges.txt")):
            result["charges"] = [row[0] for row in numbers("charges.txt")]
        return result


def rmse(reference, predicted):
    """Energy RMSE per atom (meV/atom) and force RMSE over all components (meV/Å)."""
    de = [(p["energy"] - r["energy"]) / len(r["atoms"]) for r, p in zip(reference, predicted)]
    df = [pf[c] - rf[c] for r, p in zip(reference, predicted)
          for rf, pf in zip(r["forces"], p["forces"]) for c in range(3)]
    return (1000 * math.sqrt(sum(x * x for x in de) / len(de)),
            1000 * math.sqrt(sum(x * x for x in df) / len(df)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("set")
    p.add_argument("--sei", default=os.path.join(ROOT, "build", "bin", "sei"))
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    texts = frames(open(args.set).read())
    reference = [labels(t) for t in texts]
    predicted = [evaluate(args.sei, args.model, t, args.threads) for t in texts]
    e, f = rmse(reference, predicted)
    print(f"{args.set}: {len(texts)} frames, {sum(len(r['atoms']) for r in reference)} atoms: "
          f"E RMSE {e:.3f} meV/atom, F RMSE {f:.2f} meV/A (sei eval of {args.model})")


if __name__ == "__main__":
    main()
