#pragma once

// Functions marked SEI_HD are compiled for the host by the C++ compiler and, when nvcc includes
// the same header, for the device as well: the CPU evaluator, the CUDA kernels and the CPU-side
// tests of the kernels then run one definition of the per-pair and per-atom math.
#include <math.h>

#ifdef __CUDACC__
#define SEI_HD __host__ __device__
#else
#define SEI_HD
#endif

namespace sei::hd {

// Overloads on float and double that resolve to the same C library or CUDA math function on
// host and device, so templated code gets single-precision math when Real = float.
SEI_HD inline float sqrtOf(float x) { return sqrtf(x); }
SEI_HD inline double sqrtOf(double x) { return sqrt(x); }
SEI_HD inline float cosOf(float x) { return cosf(x); }
SEI_HD inline double cosOf(double x) { return cos(x); }
SEI_HD inline float sinOf(float x) { return sinf(x); }
SEI_HD inline double sinOf(double x) { return sin(x); }
SEI_HD inline float expOf(float x) { return expf(x); }
SEI_HD inline double expOf(double x) { return exp(x); }
SEI_HD inline float tanhOf(float x) { return tanhf(x); }
SEI_HD inline double tanhOf(double x) { return tanh(x); }
SEI_HD inline float erfcOf(float x) { return erfcf(x); }
SEI_HD inline double erfcOf(double x) { return erfc(x); }

constexpr double kPi = 3.14159265358979323846;

}  // namespace sei::hd
