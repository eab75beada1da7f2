#pragma once

// Small outputs of VASP 6, CP2K 2023.1 (the project's labelling template) and ASE written by hand
// for the dataset readers' tests (TestDataset) and their fuzzing (TestFuzzReaders).

namespace sei::test {

// Two ionic steps of a Na–F cell (ISIF 3: the cell changes). The SCF line "free energy    TOTEN"
// (one space) must not be taken for the ionic step's energy.
inline const char* const kOutcar = R"( vasp.6.3.2 27Jun22 (build Jul 19 2022 10:38:33) complex
 POTCAR:    PAW_PBE Na_pv 19Sep2006
 POTCAR:    PAW_PBE F 08Apr2002
   TITEL  = PAW_PBE Na_pv 19Sep2006
   TITEL  = PAW_PBE F 08Apr2002
   ions per type =               1   1
      direct lattice vectors                 reciprocal lattice vectors
     4.000000000  0.000000000  0.000000000     0.250000000  0.000000000  0.000000000
     0.000000000  5.000000000  0.000000000     0.000000000  0.200000000  0.000000000
     0.000000000  0.000000000  6.000000000     0.000000000  0.000000000  0.166666667
  free energy    TOTEN  =       -99.00000000 eV
  FORCE on cell =-STRESS in cart. coord.  units (eV):
  Direction    XX          YY          ZZ          XY          YZ          ZX
  Total         0.74898     1.49796     2.24694     0.07490     0.14980     0.22469
  in kB      10.00000    20.00000    30.00000     1.00000     2.00000     3.00000
  external pressure =       20.00 kB  Pullay stress =        0.00 kB
 POSITION                                       TOTAL-FORCE (eV/Angst)
 -----------------------------------------------------------------------------------
      0.00000      0.00000      0.00000         0.100000     -0.200000      0.300000
      2.00000      2.50000      3.00000        -0.100000      0.200000     -0.300000
 -----------------------------------------------------------------------------------
    total drift:                                0.000000      0.000000      0.000000

  FREE ENERGIE OF THE ION-ELECTRON SYSTEM (eV)
  ---------------------------------------------------
  free  energy   TOTEN  =       -10.50000000 eV

  energy  without entropy=      -10.40000000  energy(sigma->0) =      -10.45000000

  in kB      -4.00000     0.00000     0.00000     0.00000     0.00000     0.00000
      direct lattice vectors                 reciprocal lattice vectors
     4.100000000  0.000000000  0.000000000     0.243902439  0.000000000  0.000000000
     0.000000000  5.000000000  0.000000000     0.000000000  0.200000000  0.000000000
     0.000000000  0.000000000  6.000000000     0.000000000  0.000000000  0.166666667
 POSITION                                       TOTAL-FORCE (eV/Angst)
 -----------------------------------------------------------------------------------
      0.10000      0.00000      0.00000         1.000000      0.000000      0.000000
      2.00000      2.50000      3.00000        -1.000000      0.000000      0.000000
 -----------------------------------------------------------------------------------
  FREE ENERGIE OF THE ION-ELECTRON SYSTEM (eV)
  ---------------------------------------------------
  free  energy   TOTEN  =       -10.60000000 eV

  energy  without entropy=      -10.70000000  energy(sigma->0) =      -10.65000000
)";

// One <calculation>; the calculation-level e_0_energy is VASP's wrong value, the last <scstep>
// gives e_0 − e_fr = −0.2 eV and e_wo_entrp − e_fr = −0.3 eV.
inline const char* const kVasprun = R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<modeling>
 <generator>
  <i name="program" type="string">vasp </i>
 </generator>
 <atominfo>
  <atoms>       2 </atoms>
  <array name="atoms" >
   <dimension dim="1">ion</dimension>
   <field type="string">element</field>
   <field type="int">atomtype</field>
   <set>
    <rc><c>Na</c><c>   1</c></rc>
    <rc><c>F </c><c>   2</c></rc>
   </set>
  </array>
 </atominfo>
 <structure name="initialpos" >
  <crystal>
   <varray name="basis" >
    <v>       9.00000000       0.00000000       0.00000000 </v>
    <v>       0.00000000       9.00000000       0.00000000 </v>
    <v>       0.00000000       0.00000000       9.00000000 </v>
   </varray>
  </crystal>
 </structure>
 <calculation>
  <scstep>
   <energy>
    <i name="e_fr_energy">     -8.00000000 </i>
    <i name="e_wo_entrp">     -8.30000000 </i>
    <i name="e_0_energy">     -8.20000000 </i>
   </energy>
  </scstep>
  <structure>
   <crystal>
    <varray name="basis" >
     <v>       4.00000000       0.00000000       0.00000000 </v>
     <v>       1.00000000       4.00000000       0.00000000 </v>
     <v>       0.00000000       0.00000000       5.00000000 </v>
    </varray>
    <i name="volume">     80.00000000 </i>
   </crystal>
   <varray name="positions" >
    <v>       0.00000000       0.00000000       0.00000000 </v>
    <v>       0.50000000       0.50000000       0.20000000 </v>
   </varray>
  </structure>
  <varray name="forces" >
   <v>       0.50000000      -0.25000000       0.00000000 </v>
   <v>      -0.50000000       0.25000000       0.00000000 </v>
  </varray>
  <varray name="stress" >
   <v>      10.00000000       1.00000000       0.00000000 </v>
   <v>       1.00000000      20.00000000       0.00000000 </v>
   <v>       0.00000000       0.00000000      30.00000000 </v>
  </varray>
  <energy>
   <i name="e_fr_energy">     -8.10000000 </i>
   <i name="e_wo_entrp">     -8.40000000 </i>
   <i name="e_0_energy">     -8.10000000 </i>
  </energy>
 </calculation>
</modeling>
)";

// CP2K 2023.1 with PRINT_LEVEL LOW and the template's &PRINT &FORCES / &STRESS_TENSOR.
inline const char* const kCp2kOutput =
    R"( CP2K| version string:                                       CP2K version 2023.1
 CP2K| Input file name                                                 label.inp

 ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]:               -1.500000000000000

 ATOMIC FORCES in [a.u.]

 # Atom   Kind   Element          X              Y              Z
      1      1      Na          0.01000000    -0.02000000     0.03000000
      2      2      F          -0.01000000     0.02000000    -0.03000000
 SUM OF ATOMIC FORCES           0.00000000     0.00000000     0.00000000     0.00000000

 STRESS| Analytical stress tensor [GPa]
 STRESS|                        x                   y                   z
 STRESS|      x        1.60217662080E+01   0.00000000000E+00   0.00000000000E+00
 STRESS|      y        0.00000000000E+00  -3.20435324160E+01   0.00000000000E+00
 STRESS|      z        0.00000000000E+00   0.00000000000E+00   0.00000000000E+00
 STRESS| 1/3 Trace                                            -5.34058873600E+00
)";

inline const char* const kCp2kInput = R"(&GLOBAL
  PROJECT label
  RUN_TYPE ENERGY_FORCE
&END GLOBAL
&FORCE_EVAL
  METHOD QUICKSTEP
  STRESS_TENSOR ANALYTICAL
  &SUBSYS
    &CELL
      ABC 5.0 5.0 5.0   ! cubic
      PERIODIC XYZ
    &END CELL
    &TOPOLOGY
      COORD_FILE_NAME naf.xyz
      COORD_FILE_FORMAT XYZ
    &END TOPOLOGY
  &END SUBSYS
  &PRINT
    &FORCES ON
    &END FORCES
  &END PRINT
&END FORCE_EVAL
)";

}  // namespace sei::test
