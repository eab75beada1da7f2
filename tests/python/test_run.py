"""sei.run runs a run folder as `sei run` does (the same thermo.out and dump.xyz, byte for
byte, on one thread); an exception from a callback stops it after a checkpoint, and resuming
gives the uninterrupted output."""

import os
import signal
import subprocess
import sys
import time
import unittest

import sei
from runfolder import make_run_folder
from seitest import scratch, sei as run_sei


def read(folder, name):
    with open(os.path.join(folder, name), "rb") as f:
        return f.read()


class Stop(Exception):
    pass


class RunMatchesCli(unittest.TestCase):
    def test_run_folder(self):
        with scratch() as tmp:
            cli, py, stopped = (make_run_folder(os.path.join(tmp, n)) for n in ("cli", "py", "s"))
            run_sei("run", "--dir", cli, "--threads", 1, "--quiet")
            calls = []
            sei.run(py, threads=1, backend="cpu",
                    progress=lambda block, step, total, time: calls.append((step, total, time)))
            for name in ("thermo.out", "dump.xyz"):
                self.assertEqual(read(py, name), read(cli, name), name)
            self.assertEqual(calls[-1], (60, 60, 30.0))  # steps, steps, fs

            def stop_at_30(block, step, total, time):
                if step >= 30:
                    raise Stop()
            with self.assertRaises(Stop):
                sei.run(stopped, threads=1, progress=stop_at_30)
            self.assertTrue(os.path.exists(os.path.join(stopped, "checkpoint.chk")))
            self.assertLess(len(read(stopped, "thermo.out")), len(read(cli, "thermo.out")))
            sei.run(stopped, resume=True, threads=1)
            for name in ("thermo.out", "dump.xyz"):
                self.assertEqual(read(stopped, name), read(cli, name), name + " after resume")
            print(f"sei.run: {len(calls)} progress calls; stopped at step 30 and resumed: "
                  "output identical to sei run")

    def test_ctrl_c_stops_with_a_checkpoint(self):
        with scratch() as tmp:
            folder = make_run_folder(tmp)
            with open(os.path.join(folder, "run.in")) as f:
                long_run = f.read().replace("run 60", "run 10000000")  # hours
            with open(os.path.join(folder, "run.in"), "w") as f:
                f.write(long_run)
            code = ("import sei\ntry:\n    sei.run('.', threads=1)\n"
                    "except KeyboardInterrupt:\n    print('KeyboardInterrupt')\n")
            child = subprocess.Popen([sys.executable, "-c", code], cwd=folder, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            thermo = os.path.join(folder, "thermo.out")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                if os.path.exists(thermo) and os.path.getsize(thermo) > 0:
                    break  # the run is going
                time.sleep(0.05)
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=15)
            self.assertEqual(out.strip(), "KeyboardInterrupt", err)
            self.assertTrue(os.path.exists(os.path.join(folder, "checkpoint.chk")))

    def test_bad_run_in(self):
        with scratch() as tmp:
            folder = make_run_folder(tmp)
            with open(os.path.join(folder, "run.in"), "a") as f:
                f.write("ensemble nvt_unknown 300\n")
            with self.assertRaises(sei.InputError) as raised:
                sei.run(folder)
            self.assertIn("run.in:8", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
