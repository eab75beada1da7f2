// Fuzz-style robustness of every reader (issue 16): a few thousand inputs mutated from valid
// ones (lines dropped, repeated or swapped, tokens replaced by hostile values, bytes flipped,
// files cut short) go through parsing and validation only. Each must either succeed or throw
// one InputError of one line — no crash, no other exception, no hang (a per-input time limit),
// nothing written beside the input. Deterministic: fixed seeds, so a failure reproduces.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "DatasetFixtures.hpp"
#include "ModelVariants.hpp"
#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "core/Sha256.hpp"
#include "dataset/Cp2kRun.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "dataset/VaspOutcar.hpp"
#include "dataset/Vasprun.hpp"
#include "formats/StructureFile.hpp"
#include "io/ExtXyz.hpp"
#include "io/LammpsData.hpp"
#include "io/NetcdfTrajectory.hpp"
#include "io/Poscar.hpp"
#include "md/Checkpoint.hpp"
#include "md/MdState.hpp"
#include "md/Random.hpp"
#include "nep/NepModel.hpp"
#include "project/Project.hpp"
#include "project/RecipeJson.hpp"
#include "run/RunInput.hpp"

using namespace sei;

namespace {

constexpr int kMutationsPerReader = 500;
constexpr double kSecondsPerInput = 2.0;

const char* const kHostile[] = {"",           "0",          "-1",
                                "1e308",      "-1e308",     "nan",
                                "inf",        "1e-320",     "99999999999999999999",
                                "4294967297", "abc",        "\xEF\xBB\xBF",
                                "T",          "F",          "\"",
                                "{",          "}",          "[]",
                                "null",       "..",         "/etc/passwd",
                                "1e12",       "2147483648", "-0",
                                "0x10",       "\t"};

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// One random edit of a text: line-level, token-level or byte-level.
std::string mutateText(const std::string& text, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) {
    return n ? std::uniform_int_distribution<std::size_t>(0, n - 1)(rng) : 0;
  };
  std::vector<std::string> lines = splitLines(text);
  std::string out;
  switch (pick(8)) {
    case 0:  // drop a line
      if (!lines.empty()) lines.erase(lines.begin() + pick(lines.size()));
      break;
    case 1:  // repeat a line
      if (!lines.empty()) {
        const std::size_t k = pick(lines.size());
        lines.insert(lines.begin() + k, lines[k]);
      }
      break;
    case 2:  // swap two lines
      if (lines.size() > 1) std::swap(lines[pick(lines.size())], lines[pick(lines.size())]);
      break;
    case 3:
    case 4: {  // replace a token by a hostile one
      if (lines.empty()) break;
      std::string& line = lines[pick(lines.size())];
      std::vector<std::pair<std::size_t, std::size_t>> tokens;  // start, length
      for (std::size_t i = 0; i < line.size();) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        const std::size_t start = i;
        while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        if (i > start) tokens.emplace_back(start, i - start);
      }
      if (tokens.empty()) break;
      const auto [start, length] = tokens[pick(tokens.size())];
      line.replace(start, length, kHostile[pick(std::size(kHostile))]);
      break;
    }
    case 5: {  // flip a byte
      if (text.empty()) return text;
      out = text;
      out[pick(out.size())] ^= static_cast<char>(1 + pick(255));
      return out;
    }
    case 6:  // cut short
      return text.substr(0, pick(text.size() + 1));
    default: {  // a number scaled absurdly
      if (lines.empty()) break;
      std::string& line = lines[pick(lines.size())];
      const std::size_t digit = line.find_first_of("0123456789");
      if (digit != std::string::npos) line.insert(digit, pick(2) ? "9999999" : "-");
    }
  }
  for (const std::string& line : lines) out += line + '\n';
  return out;
}

}  // namespace

class TestFuzzReaders : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  /// Feeds kMutationsPerReader mutations of `valid` (written to `name` in a folder of its own)
  /// to `read`. `mutate` may replace the text mutator (binary files, signed checkpoints).
  void fuzz(const QString& reader, const std::string& valid, const std::string& name,
            const std::function<void(const std::string&)>& read,
            std::function<std::string(const std::string&, std::mt19937_64&)> mutate = {}) {
    if (!mutate) mutate = mutateText;
    QDir(dir_.path()).mkdir(reader);
    const QDir folder(dir_.filePath(reader));
    const std::string path = folder.filePath(QString::fromStdString(name)).toStdString();
    writeAll(path, valid);
    read(path);  // the valid input itself is accepted
    std::mt19937_64 rng(std::hash<std::string>{}(reader.toStdString()));
    int accepted = 0, refused = 0;
    for (int k = 0; k < kMutationsPerReader; ++k) {
      const std::string input = mutate(valid, rng);
      writeAll(path, input);
      const auto start = std::chrono::steady_clock::now();
      QString failure;
      try {
        read(path);
        ++accepted;
      } catch (const InputError& e) {
        ++refused;
        const std::string what = e.what();
        if (what.empty() || what.find('\n') != std::string::npos)
          failure = "an InputError that is not one line: " + QString::fromStdString(what);
      } catch (const std::exception& e) {
        failure = QString("not an InputError: ") + typeid(e).name() + ": " + e.what();
      }
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (seconds > kSecondsPerInput) failure = QString("took %1 s").arg(seconds);
      if (folder.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size() != 1)
        failure = "something was written beside the input";
      if (!failure.isEmpty()) {
        const std::string kept = path + ".failed";
        writeAll(kept, input);
        QFAIL(qPrintable(QString("%1, mutation %2 (kept in %3): %4")
                             .arg(reader)
                             .arg(k)
                             .arg(QString::fromStdString(kept))
                             .arg(failure)));
      }
    }
    qInfo("%s: %d mutations accepted, %d refused with one line", qPrintable(reader), accepted,
          refused);
    QVERIFY2(refused > kMutationsPerReader / 10, "the mutations hardly reach the checks");
  }

 private slots:
  void model() {
    const std::string valid = test::randomModelText(test::modelVariant("nep4_zbl_charge2"));
    fuzz("model", valid, "nep.txt", [](const std::string& p) { readNepModel(p); });
  }

  void extendedXyz() {
    Structure s = test::randomStructure({"Na", "F"}, 12, test::testCell(true), 3);
    s.velocities.assign(s.size(), Eigen::Vector3d(0.01, -0.02, 0.03));
    for (const std::string& e : s.symbols) s.masses.push_back(e == "Na" ? 22.99 : 19.0);
    std::ostringstream text;
    writeExtXyzFrame(text, s, {true, true, false, false});
    writeExtXyzFrame(text, s);
    fuzz("xyz", text.str(), "model.xyz", [](const std::string& p) { readExtXyzFrames(p); });
  }

  // sei dataset's readers of other programs' outputs (issue 15).
  void datasetReaders() {
    using dataset::EnergyKind;
    fuzz("outcar", test::kOutcar, "OUTCAR",
         [](const std::string& p) { dataset::readOutcar(p, EnergyKind::Sigma0); });
    fuzz("vasprun", test::kVasprun, "vasprun.xml",
         [](const std::string& p) { dataset::readVasprun(p, EnergyKind::Sigma0); });
    fuzz("cp2k", test::kCp2kOutput, "cp2k.out",
         [](const std::string& p) { dataset::readCp2kOutput(p); });
    fuzz("cp2k-input",
         "&FORCE_EVAL\n &SUBSYS\n  &CELL\n   ABC [angstrom] 4 5 6\n   ALPHA_BETA_GAMMA 90 80 "
         "70\n  &END CELL\n  &COORD\n   SCALED T\n   Na 0 0 0\n   F 0.5 0.5 0.5\n  &END "
         "COORD\n &END SUBSYS\n&END FORCE_EVAL\n",
         "label.inp", [](const std::string& p) { dataset::readCp2kGeometry(p); });
    fuzz("ase-labels",
         "2\nLattice=\"2 0 0 0 3 0 0 0 4\" Properties=species:S:1:pos:R:3:REF_forces:R:3 "
         "REF_energy=-7 REF_stress=\"0.01 0.02 0.03 0.004 0.005 0.006\" pbc=\"T T T\"\n"
         "Na 0 0 0 0.5 0 0\nF 1 1 1 -0.5 0 0\n",
         "labels.xyz",
         [](const std::string& p) { dataset::readExtXyzLabels(p, EnergyKind::Free); });
  }

  void lammpsData() {
    Structure s = test::randomStructure({"Na", "F"}, 12, test::testCell(true), 3);
    fuzz("lammps", lammpsDataText(s), "model.data",
         [](const std::string& p) { readLammpsData(p); });
  }

  // Open Babel's readers behind ours: a mutated file is refused with one line or read, never a
  // crash or a hang.
  void openBabelFormats() {
    Structure s = test::randomStructure({"Na", "F"}, 12, test::testCell(true), 3);
    fuzz("poscar", poscarText(s), "POSCAR", [](const std::string& p) { readStructureFile(p); });
  }

  void runInput() {
    const std::string valid = R"(potential model.txt
velocity 300 seed 11
kspace pppm
time_step 0.5
ensemble nvt_lan 300 350 100
dump_thermo 20
dump_exyz 100 1 1
dump_netcdf 50 movie.nc velocity
checkpoint 100
run 1500
ensemble npt_scr 300 300 100 0 2000 1000
dump_restart 500
run 500
)";
    fuzz("runin", valid, "run.in", [](const std::string& p) { parseRunInput(p); });
  }

  void recipe() {
    const std::string path =
        QDir(SEI_PROJECTS_DIR).filePath("recipes/na100-napf6-dme-small.json").toStdString();
    const std::string valid = readAll(path);
    QVERIFY2(!valid.empty(), path.c_str());
    fuzz("recipe", valid, "recipe.json", [](const std::string& p) { readRecipe(p); });
  }

  void project() {
    const std::string path = QDir(SEI_PROJECTS_DIR).filePath("water-slab-demo.json").toStdString();
    const std::string valid = readAll(path);
    QVERIFY2(!valid.empty(), path.c_str());
    fuzz("project", valid, "project.json", [](const std::string& p) { readProject(p); });
  }

  // Half the mutations are signed again, so they get past the checksum into the parser.
  void checkpoint() {
    const Structure s = test::randomStructure({"Na", "F"}, 8, test::testCell(false), 5);
    MdState state = makeMdState(s, std::vector<int>(s.size(), 0));
    state.velocities.assign(s.size(), Eigen::Vector3d(0.01, 0.0, -0.01));
    CheckpointData data;
    data.state = state;
    data.ensembleName = "nvt_nhc";
    data.ensembleState = "0.5 1 2 3";
    data.randomState = Random(7).state();
    data.extra = {{"block", "0"}, {"block_step", "100"}, {"size:thermo.out", "1234"}};
    const std::string file = dir_.filePath("valid.chk").toStdString();
    writeCheckpoint(file, data);
    const std::string valid = readAll(file);
    QFile::remove(QString::fromStdString(file));
    const std::string mark = "sha256 ";
    fuzz(
        "checkpoint", valid, "checkpoint.chk", [](const std::string& p) { readCheckpoint(p); },
        [&](const std::string& text, std::mt19937_64& rng) {
          const std::string body = text.substr(0, text.rfind(mark));
          const std::string mutated = mutateText(body, rng);
          return rng() % 2 ? mutated + mark + sha256OfText(mutated) + '\n' : mutated + mark;
        });
  }

  // Binary: bytes flipped in the header and the frames, files cut short or extended.
  void netcdf() {
    const std::string file = dir_.filePath("valid.nc").toStdString();
    {
      NetcdfTrajectoryWriter writer(file, 5, {true, false, true});
      for (int f = 0; f < 3; ++f) {
        NetcdfFrame frame;
        frame.step = 10 * f;
        frame.time = 5.0 * f;
        frame.cell = Eigen::Matrix3d::Identity() * 10.0;
        for (int i = 0; i < 5; ++i) {
          frame.positions.emplace_back(i, f, 1.0);
          frame.velocities.emplace_back(0.01 * i, 0.0, 0.0);
          frame.charges.push_back(0.1 * (i - 2));
        }
        writer.appendFrame(frame);
      }
      writer.close();
    }
    const std::string valid = readAll(file);
    QFile::remove(QString::fromStdString(file));
    fuzz(
        "netcdf", valid, "movie.nc",
        [](const std::string& p) {
          const NetcdfTrajectoryReader reader(p);
          for (std::size_t f : reader.latestFrames()) reader.readFrame(f);
        },
        [](const std::string& bytes, std::mt19937_64& rng) {
          std::string out = bytes;
          const std::size_t n = out.size();
          switch (rng() % 4) {
            case 0:  // the header, where counts and offsets live
              out[rng() % std::min<std::size_t>(n, 1024)] ^= static_cast<char>(1 + rng() % 255);
              break;
            case 1:
              out[rng() % n] ^= static_cast<char>(1 + rng() % 255);
              break;
            case 2:
              out.resize(rng() % n);
              break;
            default:
              out.append(rng() % 200, '\0');
          }
          return out;
        });
  }
};

QTEST_GUILESS_MAIN(TestFuzzReaders)
#include "TestFuzzReaders.moc"
