// SHA-256 digests (OpenSSL) for the run manifest's record of every input.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace assay {

/// Lower-case hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);

/// Lower-case hex SHA-256 of a file's contents.
Result<std::string> sha256_file(const std::string& path);

}  // namespace assay
