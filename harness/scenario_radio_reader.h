// Internal to the scenario parser: the hooks scenario.cc calls for the radio family. Not a
// public interface.
#pragma once

#include <string_view>
#include <vector>

#include "harness/scenario_reader.h"

namespace assay::scenario::reader {

/// Top-level keys that only radio scenarios may have.
const std::vector<std::string_view>& radio_section_keys();

/// Reads the radio sections (and radio oracles) into c.s.radio; rejects vehicle sections.
Status read_radio_sections(const Object& root, Context& c);

/// For vehicle scenarios: an error located at the first radio-only section, if any.
Status reject_radio_sections(const Object& root);

}  // namespace assay::scenario::reader
