#pragma once

#include <cstdint>
#include <string>

namespace sei {

/// What the header of a netCDF-3 file (classic or 64-bit offset) says, read by us before the
/// netCDF library opens the file: the library crashes on some corrupt headers, and reads a file
/// cut short as zeros, so a truncated trajectory would show bogus frames.
struct Netcdf3Header {
  bool classic = false;        ///< a netCDF-3 classic or 64-bit-offset file
  std::string problem;         ///< why the header is corrupt; empty when it is sound
  std::uint64_t expectedSize;  ///< bytes its variables and records need; 0: cannot tell
};

/// Reads the header of `path`; classic = false for other formats (netCDF-4/HDF5, CDF-5, not
/// netCDF), which are left to the library.
Netcdf3Header readNetcdf3Header(const std::string& path);

}  // namespace sei
