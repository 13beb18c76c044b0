// `assay preventable`: the UNECE R157 preventable map. Runs the competent and careful driver
// (or another model) on every point of a scenario's grid over two swept parameters, the others
// fixed, and writes which points it avoided, the boundary, and an SVG plot (docs/cli.md).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/results.h"
#include "core/status.h"

namespace assay::harness {

/// What `assay preventable` can be told. Defaults suit a cut-in grid (docs/cli.md).
struct PreventableOptions {
  std::string scenario;                                    // one scenario file
  std::string x = "gap";                                   // swept along the horizontal axis
  std::string y = "lateral_speed";                         // swept along the vertical axis
  std::vector<std::pair<std::string, std::string>> fixed;  // --set NAME=VALUE (author's unit)
  std::string model = "r157-cc";                           // the driver whose outcome is mapped
  std::string out_dir = "assay-preventable";
  unsigned jobs = 0;  // 0: all cores
  std::uint64_t seed = 1;
};

/// Parses the arguments after "preventable" (flags win over ASSAY_JOBS, ASSAY_SEED, ASSAY_OUT);
/// an Error carries the usage message.
Result<PreventableOptions> parse_preventable_args(const std::vector<std::string>& args);

/// One grid point of the map.
struct MapPoint {
  double x = 0.0, y = 0.0;  // in the parameters' units
  std::string case_id;
  Verdict verdict = Verdict::kPass;  // kError when the case could not be run
  bool collided = false;
  double relative_impact_speed = 0.0;  // [m/s], when collided
  double min_gap = 0.0;                // smallest clearance to any target [m]
};

/// A grid parameter held at one value, in the author's unit.
struct FixedParameter {
  std::string name;
  double value = 0.0;
  std::string unit;
};

/// The map as computed, before it is written.
struct PreventableMap {
  std::string scenario_id;
  std::string x_name, x_unit, y_name, y_unit;
  std::vector<FixedParameter> fixed;  // in file order
  std::vector<MapPoint> points;       // sorted by (y, x)
};

/// Per y value (ascending), the smallest x from which on the driver avoided the collision at
/// every larger grid x; none when it collided at the largest x. (Avoided points below a
/// collision — the ego passed the target before it cut in — do not define the boundary.)
std::vector<std::pair<double, std::optional<double>>> preventable_boundary(const PreventableMap& m);

/// preventable.csv, boundary.csv and preventable.svg as text (deterministic bytes).
std::string preventable_csv(const PreventableMap& m);
std::string boundary_csv(const PreventableMap& m);
std::string preventable_svg(const PreventableMap& m);

/// Runs `assay preventable`; returns the exit code: 0 written, 2 usage or input error, 3 no grid
/// point selected, 4 some point could not be run. Summary to `out`, errors to `err`.
int preventable_command(const PreventableOptions& options, std::ostream& out, std::ostream& err);

}  // namespace assay::harness
