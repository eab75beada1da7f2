"""A small run folder for the Python tests: water63 with a NEP model, 60 NVE steps."""

import os
import shutil

from seitest import shared

RUN_IN = """potential {model}
velocity 300 seed 5
time_step 0.5
ensemble nve
dump_thermo 10
dump_exyz 10
run 60
"""


def make_run_folder(folder):
    os.makedirs(folder, exist_ok=True)
    shutil.copy(shared("structures", "water63.xyz"), os.path.join(folder, "model.xyz"))
    with open(os.path.join(folder, "run.in"), "w") as f:
        f.write(RUN_IN.format(model=shared("models", "nep_water.txt")))
    return folder
