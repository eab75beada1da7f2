#pragma once

// Functions marked SEI_HD are compiled for the host by the C++ compiler and, when nvcc includes
// the same header, for the device as well: the CPU evaluator, the CUDA kernels and the CPU-side
// tests of the kernels then run one definition of the per-pair and per-atom math.
#include <math.h>

#include <type_traits>

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

// Any other scalar type (the trainer's dual numbers, training/Dual.hpp) brings its own sqrt,
// cos, ... in its namespace; these templates find them by argument-dependent lookup (on the
// device too, when the scalar's own functions are SEI_HD).
// Arithmetic types never get here: they take the exact overloads above.
template <class T>
using IfScalarClass = std::enable_if_t<std::is_class<T>::value, T>;
#define SEI_CLASS_SCALAR_FUNCTION(name, function)   \
  template <class T>                                \
  SEI_HD inline IfScalarClass<T> name(const T& x) { \
    return function(x);                             \
  }
SEI_CLASS_SCALAR_FUNCTION(sqrtOf, sqrt)
SEI_CLASS_SCALAR_FUNCTION(cosOf, cos)
SEI_CLASS_SCALAR_FUNCTION(sinOf, sin)
SEI_CLASS_SCALAR_FUNCTION(expOf, exp)
SEI_CLASS_SCALAR_FUNCTION(tanhOf, tanh)
SEI_CLASS_SCALAR_FUNCTION(erfcOf, erfc)
#undef SEI_CLASS_SCALAR_FUNCTION

constexpr double kPi = 3.14159265358979323846;

/// T in a parameter that must not take part in template argument deduction (so an optional
/// output pointer may be passed as nullptr).
template <class T>
struct NonDeduced {
  using Type = T;
};

}  // namespace sei::hd
