#include "ModelVariants.hpp"

#include <stdexcept>

namespace sei::test {

QStringList modelVariantNames() {
  return {"nep4",
          "nep4_allbody",
          "nep3",
          "nep5",
          "nep4_temperature",
          "nep4_typewise_cutoff",
          "nep4_zbl",
          "nep4_zbl_typewise",
          "nep4_zbl_flexible",
          "nep4_charge1",
          "nep4_charge2",
          "nep4_zbl_charge1",
          "nep4_zbl_charge2",
          "nep4_charge1_3types",
          "nep4_charge2_allbody"};
}

RandomModelSpec modelVariant(const QString& name) {
  RandomModelSpec s;
  s.seed = static_cast<unsigned>(qHash(name) % 100000);
  const std::string n = name.toStdString();
  if (n == "nep4") return s;
  if (n == "nep4_allbody") {
    s.lMaxFlags = {2, 1, 1, 1, 1, 1};
    return s;
  }
  if (n == "nep3" || n == "nep5" || n == "nep4_temperature") {
    s.token = n;
    return s;
  }
  if (n == "nep4_typewise_cutoff") {
    s.typewiseCutoffs = {{{5.0, 4.0}}, {{4.2, 3.1}}};
    return s;
  }
  if (n.rfind("nep4_zbl", 0) == 0 || n.rfind("nep4_charge", 0) == 0) {
    s.token = n;
    if (n == "nep4_zbl_typewise") {
      s.token = "nep4_zbl";
      s.zblOuter = 1.6;
      s.zblTypewiseFactor = 0.9;  // H–O 1.14 Å, O–O 1.51 Å: pairs do reach it
    } else if (n == "nep4_zbl_flexible") {
      s.token = "nep4_zbl";
      s.zblInner = s.zblOuter = 0.0;
    } else if (n == "nep4_charge1_3types") {
      s.token = "nep4_charge1";
      s.elements = {"Na", "C", "F"};
      s.lMaxFlags = {2, 0, 1};
    } else if (n == "nep4_charge2_allbody") {
      s.token = "nep4_charge2";
      s.lMaxFlags = {2, 1, 1, 1, 1, 1};
    }
    return s;
  }
  throw std::invalid_argument("unknown model variant " + n);
}

Eigen::Matrix3d testCell(bool triclinic) {
  Eigen::Matrix3d h;
  if (triclinic)
    h << 9.0, 1.5, -1.2,  //
        0.0, 9.5, 2.0,    //
        0.0, 0.0, 10.0;
  else
    h = Eigen::Vector3d(9.0, 9.5, 10.0).asDiagonal();
  return h;
}

}  // namespace sei::test
