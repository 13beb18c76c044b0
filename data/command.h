// `assay data`: the command behind the CLI (cli/main.cc hands it the arguments after "data").
// Verbs: infer, check, drift, corrupt; options and exit codes in docs/cli.md and
// docs/data-validation.md.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace assay::data {

/// Runs `assay data ARGS...`; prints to `out` and `err`, returns the process exit code
/// (0 held, 1 failed or drift, 2 usage or input error, 3 nothing to check, 4 not evaluable or
/// reports not written). Never throws for bad input.
int data_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The help text of `assay data`.
const std::string& data_help();

}  // namespace assay::data
