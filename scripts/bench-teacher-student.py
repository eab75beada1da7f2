#!/usr/bin/env python3
"""Teacher-student benchmark of `sei train` (issue 15, item 3; a benchmark, not a CI test).

A qNEP teacher (../shared/models/qnep_mode2_water.txt) runs NVT MD of the shared water boxes
with `sei run` at 300 K and 500 K; the kept frames, labelled by the teacher with `sei eval`
(energy, forces, virial; Ewald, as the trainer), are train.xyz. Independent MD at 400 K gives
the test frames. A qNEP student (charge_mode 2, the teacher's architecture) is trained with
`sei train` (optimizer adam) and evaluated with `sei eval` on the 400 K frames against the
teacher: energy RMSE in meV/atom, force RMSE (all components) in meV/Å; then, per element,
the teacher's and the student's charges on those frames (means, RMS difference, correlation).

  scripts/bench-teacher-student.py [--work /tmp/teacher-student] [--epochs 100] [--threads 1]
                                   [--frames 40] [--start-lr 0.01] [--n-max "6 6"] [--neuron 50]
                                   [--train-dir train] [--lambda-e 0.1]
                                   [--init-from OTHER/nep.restart.adam]

The labelled frames are kept in WORK/labelled-frames.json; a rerun with the same frame options
reuses them (the MD is seeded, so it would give the same frames) and trains in --train-dir.
--init-from starts the student from the parameters of another run's nep.restart.adam (same
nep.in architecture) with a fresh schedule: epoch 0, Adam's step count and moments zero.

Only the Python standard library; every number comes from the `sei` commands.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

from seirmse import evaluate, frames, rmse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
TEACHER = os.path.join(SHARED, "models", "qnep_mode2_water.txt")
BOXES = ["water63.xyz", "water126_2x1x1_triclinic_s3.xyz"]
TIME_STEP = 0.5  # fs: water with H
EQUILIBRATION = 400  # steps before frames are kept


def sh(args, cwd=None):
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def md_frames(sei, work, box, temperature, seed, count, interval, threads):
    """NVT MD of `box` with the teacher; returns the kept frames as extended XYZ texts."""
    run = os.path.join(work, "md", f"{box.split('.')[0]}_{temperature}K")
    os.makedirs(run, exist_ok=True)
    shutil.copy(os.path.join(SHARED, "structures", box), os.path.join(run, "model.xyz"))
    shutil.copy(TEACHER, os.path.join(run, "teacher.txt"))
    ensemble = f"ensemble nvt_bdp {temperature} {temperature} 100\n"
    with open(os.path.join(run, "run.in"), "w") as f:
        f.write(f"potential teacher.txt\nvelocity {temperature} seed {seed}\n"
                f"time_step {TIME_STEP}\n{ensemble}run {EQUILIBRATION}\n"
                f"{ensemble}dump_thermo {interval}\ndump_exyz {interval} 0 0\n"
                f"run {count * interval}\n")
    sh([sei, "run", "--dir", run, "--threads", str(threads), "--quiet"])
    return frames(open(os.path.join(run, "dump.xyz")).read())[-count:]


def training_xyz(labelled):
    text = []
    for s in labelled:
        virial = " ".join(f"{v:.10e}" for v in s["virial"])
        text.append(f"{len(s['atoms'])}\n")
        text.append(f'Lattice="{s["lattice"]}" Properties=species:S:1:pos:R:3:forces:R:3 '
                    f'energy={s["energy"]:.10e} virial="{virial}" pbc="T T T"\n')
        for a, f in zip(s["atoms"], s["forces"]):
            text.append(" ".join(a) + " " + " ".join(f"{x:.10e}" for x in f) + "\n")
    return "".join(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", default="/tmp/teacher-student")
    p.add_argument("--sei", default=os.path.join(ROOT, "build", "bin", "sei"))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--frames", type=int, default=40, help="training frames per box and T")
    p.add_argument("--interval", type=int, default=40, help="MD steps between kept frames")
    p.add_argument("--test-frames", type=int, default=12, help="400 K frames per box")
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--start-lr", type=float, help="Adam's start_lr (default: nep.in's, 1e-3)")
    p.add_argument("--n-max", default="4 4", help="the student's n_max (the teacher's: 4 4)")
    p.add_argument("--neuron", type=int, default=30, help="the student's neurons (teacher: 30)")
    p.add_argument("--train-dir", default="train", help="training folder inside --work")
    p.add_argument("--lambda-e", type=float, help="the energy weight (default: nep.in's, 1)")
    p.add_argument("--init-from", help="start from this nep.restart.adam's parameters")
    args = p.parse_args()
    for path in (TEACHER, args.sei):
        if not os.path.exists(path):
            sys.exit(f"missing {path}")
    os.makedirs(args.work, exist_ok=True)
    start = time.time()

    cache = os.path.join(args.work, "labelled-frames.json")
    key = [args.frames, args.interval, args.test_frames]
    saved = json.load(open(cache)) if os.path.exists(cache) else {}
    if saved.get("options") == key:
        train, test = saved["train"], saved["test"]
        print(f"reusing the labelled frames of {cache}", flush=True)
    else:
        train, test = [], []
        for b, box in enumerate(BOXES):
            for temperature in (300, 500):
                for f in md_frames(args.sei, args.work, box, temperature, 10 * b + temperature,
                                   args.frames, args.interval, args.threads):
                    train.append(evaluate(args.sei, TEACHER, f, args.threads))
            for f in md_frames(args.sei, args.work, box, 400, 10 * b + 401, args.test_frames,
                               100, args.threads):
                test.append(evaluate(args.sei, TEACHER, f, args.threads))
        with open(cache + ".tmp", "w") as f:
            json.dump({"options": key, "train": train, "test": test}, f)
        os.replace(cache + ".tmp", cache)
    print(f"{len(train)} training frames (300 K, 500 K), {len(test)} test frames (400 K), "
          f"{sum(len(s['atoms']) for s in train)} training atoms; MD and labels "
          f"{time.time() - start:.0f} s", flush=True)

    folder = os.path.join(args.work, args.train_dir)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "train.xyz"), "w") as f:
        f.write(training_xyz(train))
    with open(os.path.join(folder, "test.xyz"), "w") as f:
        f.write(training_xyz(test))
    # By default the teacher's architecture (nep4_charge2: cutoff 6 4, n_max 4 4, basis 8 8,
    # l_max 4 2 0, 30 neurons), so the student can represent it; Adam's other settings are the
    # defaults.
    with open(os.path.join(folder, "nep.in"), "w") as f:
        f.write(f"type 2 H O\ncharge_mode 2\ncutoff 6 4\nn_max {args.n_max}\nbasis_size 8 8\n"
                f"l_max 4 2 0\nneuron {args.neuron}\noptimizer adam\nepoch {args.epochs}\n"
                f"batch {args.batch}\n" +
                (f"start_lr {args.start_lr}\n" if args.start_lr else "") +
                (f"lambda_e {args.lambda_e}\n" if args.lambda_e is not None else ""))
    for name in ("loss.out", "nep.restart.adam"):
        if os.path.exists(os.path.join(folder, name)):
            os.remove(os.path.join(folder, name))
    if args.init_from:
        # nep.restart.adam: epoch, seed, steps, norm lines, then "theta m v" per parameter.
        rows = open(args.init_from).read().split("\n")
        fresh = ["epoch 0", rows[1], "steps 0", rows[3]]
        fresh += [r.split()[0] + " 0 0" for r in rows[4:] if r.strip()]
        with open(os.path.join(folder, "nep.restart.adam"), "w") as f:
            f.write("\n".join(fresh) + "\n")
    t0 = time.time()
    # Exit 130 (SIGTERM/Ctrl-C of a run that overran): nep.txt is the last finished epoch's.
    code = subprocess.run([args.sei, "train", "--dir", folder, "--threads", str(args.threads),
                           "--quiet"], stdout=subprocess.DEVNULL).returncode
    if code not in (0, 130):
        sys.exit(f"sei train failed with status {code}")
    train_seconds = time.time() - t0
    rows = [l.split() for l in open(os.path.join(folder, "loss.out")) if l.strip()]
    last = [float(x) for x in rows[-1]]

    student = os.path.join(folder, "nep.txt")
    predicted = [evaluate(args.sei, student, training_xyz([s]), args.threads) for s in test]
    e, f = rmse(test, predicted)
    print(f"training: {len(rows)} epochs in {train_seconds:.0f} s; loss.out last row: train E "
          f"{1000 * last[4]:.2f} meV/atom F {1000 * last[5]:.1f} meV/A, test E "
          f"{1000 * last[9]:.2f} meV/atom F {1000 * last[10]:.1f} meV/A")
    print(f"student vs teacher on {len(test)} frames at 400 K (sei eval): "
          f"E RMSE {e:.3f} meV/atom, F RMSE {f:.2f} meV/A "
          f"(targets: E <= 1 meV/atom, F <= 20 meV/A)", flush=True)
    # The charges (not labels: the teacher's, evaluated again on the same frames).
    teacher = [evaluate(args.sei, TEACHER, training_xyz([s]), args.threads) for s in test]
    for line in charge_report(teacher, predicted):
        print(line)
    print(f"total {time.time() - start:.0f} s")


def charge_report(teacher, student):
    """Per element: teacher's and student's mean charge, RMS difference and correlation over
    the atoms (e). Energies and forces do not fix the sign: the student's may be turned over."""
    by = {}
    for t, s in zip(teacher, student):
        for atom, qt, qs in zip(t["atoms"], t["charges"], s["charges"]):
            by.setdefault(atom[0], ([], []))
            by[atom[0]][0].append(qt)
            by[atom[0]][1].append(qs)
    lines = []
    for element, (qt, qs) in sorted(by.items()):
        rms = math.sqrt(sum((a - b) ** 2 for a, b in zip(qt, qs)) / len(qt))
        lines.append(f"charges {element} ({len(qt)} atoms): teacher mean {statistics.mean(qt):+.3f} e,"
                     f" student {statistics.mean(qs):+.3f} e, RMS difference {rms:.3f} e, "
                     f"correlation {statistics.correlation(qt, qs):.3f}")
    return lines


if __name__ == "__main__":
    main()
