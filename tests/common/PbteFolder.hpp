#pragma once

#include <QString>
#include <string>

namespace sei::test {

/// The structures first .. first+count−1 of GPUMD's PbTe example (../shared/training/PbTe/
/// train.xyz) as extended XYZ text. Throws if the file is missing.
std::string pbteFrames(int first, int count);

/// A training folder: `nepIn` as nep.in, the first `trainCount` PbTe structures as train.xyz and
/// the next `testCount` as test.xyz (none when 0).
void makePbteFolder(const QString& dir, const std::string& nepIn, int trainCount,
                    int testCount = 0);

}  // namespace sei::test
