// `assay radio …` subcommands.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace assay::cli {

/// Runs `assay radio ARGS…`; returns the exit code (usage errors are printed to err, exit 2).
int radio_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace assay::cli
