#include "core/results.h"

namespace assay {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kError:
      return "error";
    case Verdict::kSkipped:
      return "skipped";
  }
  return "error";
}

namespace {
int rank(Verdict v) {
  switch (v) {
    case Verdict::kSkipped:
      return 0;
    case Verdict::kPass:
      return 1;
    case Verdict::kFail:
      return 2;
    case Verdict::kError:
      return 3;
  }
  return 3;
}
}  // namespace

Verdict combine(Verdict a, Verdict b) {
  return rank(a) >= rank(b) ? a : b;
}

RunSummary RunResults::summary() const {
  RunSummary s;
  s.total = cases.size();
  s.not_run = not_run;
  for (const auto& c : cases) {
    switch (c.verdict) {
      case Verdict::kPass:
        ++s.passed;
        break;
      case Verdict::kFail:
        ++s.failed;
        break;
      case Verdict::kError:
        ++s.errors;
        break;
      case Verdict::kSkipped:
        ++s.skipped;
        break;
    }
  }
  return s;
}

int exit_code_for(const RunSummary& s) {
  if (s.errors > 0) return kExitInfra;
  if (s.failed > 0) return kExitFailed;
  if (s.total == 0) return kExitNothingRun;
  return kExitOk;
}

}  // namespace assay
