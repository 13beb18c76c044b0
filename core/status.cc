#include "core/status.h"

namespace assay {

std::string Error::format() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0)
      out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
    out += ": ";
  }
  out += "error: " + message;
  if (!where.pointer.empty()) out += " (at " + where.pointer + ")";
  return out;
}

}  // namespace assay
