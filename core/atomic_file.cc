#include "core/atomic_file.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <unistd.h>

namespace assay {

Status write_file_atomic(const std::string& path, std::string_view contents) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Error{"cannot write file", {path, 0, 0, ""}};
  const bool written = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    fs::remove(tmp, ec);
    return Error{"cannot write file (disk full?)", {path, 0, 0, ""}};
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{"cannot rename into place: " + ec.message(), {path, 0, 0, ""}};
  }
  return {};
}

}  // namespace assay
