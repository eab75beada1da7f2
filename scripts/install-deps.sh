#!/usr/bin/env bash
# Installs the Debian 12 packages SEI Studio needs to build and test (run as root).
# Why each is needed: see "Dependencies" in README.md.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config  # toolchain
  libeigen3-dev                                 # engine: small vectors and matrices
  libfftw3-dev                                  # engine: PPPM k-space FFTs
  libnetcdf-dev                                 # engine: binary trajectories (AMBER NetCDF)
  libopenbabel-dev                              # builder: molecules from SMILES (3-D generation)
  nlohmann-json3-dev                            # recipes, reports, summaries, projects (JSON)
  libssl-dev                                    # SHA-256 of model files recorded in projects
  qt6-base-dev                                  # tests (QtTest/QtCore); studio widgets
  libqt6opengl6-dev                             # studio: QOpenGLWidget hosting the VTK view
  qt6-charts-dev qt6-svg-dev                    # studio: live plots (Qt Charts), their SVG export
  libvtk9-dev                                   # studio: 3D view and figure export (VTK 9.1)
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev  # studio: H.264 MP4 movies
  ffmpeg                                        # tests: ffprobe decodes the exported movies
  xvfb xauth libgl1-mesa-dri                    # GUI tests: X server with software OpenGL
  pybind11-dev python3-dev                      # Python module sei: C++ bindings, Python headers
  python3-ase                                   # Python module: ASE calculator API; its tests
  cp2k openmpi-bin                              # sei label: DFT labels (CP2K 2023.1), mpirun
  slurm-wlm munge                               # tests: batch scripts on a real local Slurm
)
# Optional and not a Debian package: NVIDIA's CUDA 13 toolkit (/usr/local/cuda) for the GPU
# backend; without nvcc the build is CPU-only.
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
