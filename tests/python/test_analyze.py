"""sei.analyze gives the numbers of `sei analyze` (its CSV files print 8 digits) on a water
trajectory, read from the file and handed over as ase.Atoms, where every frame holds 21 H2O and every O has exactly 2 H within 1.2 Å."""

import os
import unittest

import numpy as np
from ase.io import read

import sei
from runfolder import make_run_folder
from seitest import scratch, sei as run_sei


def csv(path):
    """Columns of a `sei analyze` CSV file by header name (comment lines skipped)."""
    with open(path) as f:
        lines = [line.strip().split(",") for line in f if not line.startswith("#")]
    return {name: np.array([float(row[i]) for row in lines[1:]])
            for i, name in enumerate(lines[0])}


class AnalyzeMatchesCli(unittest.TestCase):
    def test_species_and_rdf(self):
        with scratch() as tmp:
            folder = make_run_folder(tmp)
            run_sei("run", "--dir", folder, "--threads", 1, "--quiet")
            dump = os.path.join(folder, "dump.xyz")
            run_sei("analyze", dump, "--out", f"{tmp}/out", "--species", "--rdf", "O-H,H-H",
                    "--rdf-max", 4, "--quiet")
            counts, rdf = csv(f"{tmp}/out/species_counts.csv"), csv(f"{tmp}/out/rdf.csv")
            result = sei.analyze(dump, species=True, rdf=["O-H", "H-H"], rdf_max=4)
            every_other = sei.analyze(dump, species=True, frames=slice(1, None, 2))
            frames = read(dump, index=":")  # the same trajectory as ase.Atoms

        self.assertEqual(result["frames"], 6)
        self.assertEqual(list(result["step"]), [10, 20, 30, 40, 50, 60])
        self.assertTrue(np.allclose(result["time"], counts["time_fs"]))
        self.assertEqual(list(result["species"]), ["H2O"])
        self.assertEqual(list(result["species"]["H2O"]), [21] * 6)
        self.assertEqual(list(counts["H2O"]), [21] * 6)
        for label in ("O-H", "H-H"):
            curve = result["rdf"][label]
            self.assertTrue(np.allclose(curve["r"], rdf["r_A"], rtol=0, atol=1e-9))
            self.assertTrue(np.allclose(curve["g"], rdf["g_" + label], rtol=1e-7, atol=0))
            self.assertTrue(np.allclose(curve["cn"], rdf["cn_" + label], rtol=1e-7, atol=0))
        oh = result["rdf"]["O-H"]
        self.assertEqual(oh["cn"][np.searchsorted(oh["r"], 1.2)], 2.0)
        self.assertEqual(list(every_other["step"]), [20, 40, 60])

        in_memory = sei.analyze(frames, species=True, rdf=["O-H", "H-H"], rdf_max=4)
        self.assertEqual(list(in_memory["step"]), list(result["step"]))  # info["step"]
        self.assertEqual(list(in_memory["species"]["H2O"]), [21] * 6)
        for label in ("O-H", "H-H"):  # dump.xyz's digits are ASE's: the same numbers
            self.assertTrue(np.array_equal(in_memory["rdf"][label]["g"],
                                           result["rdf"][label]["g"]))
        print("sei.analyze: 6 frames of 21 H2O, g(r) O-H and H-H as sei analyze")

    def test_bad_pair(self):
        with scratch() as tmp:
            folder = make_run_folder(tmp)
            with self.assertRaises(sei.InputError):
                sei.analyze(os.path.join(folder, "model.xyz"), species=False, rdf=["O-Xx"])


if __name__ == "__main__":
    unittest.main()
