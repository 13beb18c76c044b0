#include "core/status.h"

namespace assay {

std::string Error::format() const {
  // Appends only: GCC 12 reports a false -Wrestrict on chained operator+ in optimised builds.
  std::string out;
  if (!where.file.empty()) {
    out.append(where.file);
    if (where.line > 0) {
      out.append(":").append(std::to_string(where.line));
      out.append(":").append(std::to_string(where.column));
    }
    out.append(": ");
  }
  out.append("error: ").append(message);
  if (!where.pointer.empty()) out.append(" (at ").append(where.pointer).append(")");
  return out;
}

}  // namespace assay
