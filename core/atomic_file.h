// Writes files so that readers never see a half-written report: write to a temporary file in
// the same directory, flush, then rename into place.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace assay {

/// Atomically replaces `path` with `contents` (creating parent directories).
Status write_file_atomic(const std::string& path, std::string_view contents);

}  // namespace assay
