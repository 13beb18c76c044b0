// `assay data corrupt`: seeded corruption of a table, after Jenga's tabular corruptions
// (schelterlabs/jenga, src/jenga/corruptions/{generic,numerical,text}.py), to test rule sets
// and models against dirty data. The same seed and input give the same output bytes.
//
// Which rows: exactly floor(rows × fraction) of them, chosen as Jenga's TabularCorruption does:
//   car (completely at random): a uniform random subset;
//   ar  (at random): a random window of consecutive ranks when rows are sorted by another
//       column (--depends-on, default the next column);
//   nar (not at random): the same window over the corrupted column's own ranks.
// What happens to them:
//   missing  the value becomes missing (the first null token in CSV, null in JSON Lines)
//   swap     the values of the column and --with (default: another column chosen by the seed)
//            are exchanged
//   scale    numbers are multiplied by --factor (default: 10, 100 or 1000, chosen by the seed)
//   noise    numbers get Gaussian noise with standard deviation --sigma (default: the column's
//            standard deviation times a factor drawn uniformly from [1, 5]); integers stay
//            integers (rounded)
//   broken   characters become look-alikes with accents (a→á, e→é, o→ớ, u→ú, and capitals)
//   shift    categories are remapped by a random permutation of the column's categories
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/table.h"

namespace assay::data {

/// The corruptions.
enum class CorruptionKind { kMissing, kSwap, kScale, kNoise, kBroken, kShift };

/// How the corrupted rows are chosen.
enum class Sampling { kCar, kAr, kNar };

/// "missing", "swap", "scale", "noise", "broken", "shift".
std::string_view corruption_name(CorruptionKind kind);
/// The kind named `name`, or nullopt.
std::optional<CorruptionKind> parse_corruption(std::string_view name);
/// "car"/"mcar", "ar"/"mar", "nar"/"mnar"; nullopt for anything else.
std::optional<Sampling> parse_sampling(std::string_view name);

/// Options of a corruption.
struct CorruptOptions {
  ReadOptions read;
  CorruptionKind kind = CorruptionKind::kMissing;
  std::string column;      // the column to corrupt
  std::string with;        // swap: the other column
  std::string depends_on;  // ar: the column whose ranks choose the rows
  double fraction = 0.1;   // share of rows corrupted, in [0, 1]
  Sampling sampling = Sampling::kCar;
  std::optional<double> factor;  // scale
  std::optional<double> sigma;   // noise
  std::uint64_t seed = 0;
};

/// What a corruption did.
struct CorruptReport {
  std::uint64_t rows = 0;
  std::uint64_t selected = 0;  // rows chosen
  std::uint64_t changed = 0;   // rows whose output differs (e.g. scaling a missing value does not)
  std::vector<std::uint64_t> first_rows;  // the first chosen rows (up to 20)
  std::string description;                // the corruption with every effective parameter
  std::vector<std::string> columns;
};

/// Corrupts the table given by an opener and writes it to `out` (a string).
Result<CorruptReport> corrupt_table(const TableOpener& open, Format format,
                                    const CorruptOptions& options, std::string& out);

/// Corrupts the file `input` into the file `output` (written to a temporary file, then renamed).
Result<CorruptReport> corrupt_file(const std::string& input, const std::string& output,
                                   const CorruptOptions& options);

}  // namespace assay::data
