// `assay radio ber`: Monte Carlo BER table with confidence intervals beside the closed form.
#include "cli/radio.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include "core/results.h"
#include "sim/radio/ber_sweep.h"

namespace assay::cli {
namespace {

using radio::BerSweep;

constexpr std::string_view kRadioHelp =
    R"(assay radio - radio-link tools

Usage:
  assay radio ber --mod M --ebn0 A:B:STEP [options]
      Monte Carlo bit-error rate (random bits, Gray mapping, fading, complex AWGN, coherent
      detection with perfect channel knowledge) beside the exact closed form, with a confidence
      interval per point. Exit 0 when every closed form lies inside its interval, 1 otherwise.

Options (ber):
  --mod M                 bpsk, qpsk, 8psk, 16psk, …, 16qam, 64qam, 256qam, 1024qam
  --channel C             awgn (default), rayleigh, rician:K (K linear), nakagami:m (m ≥ 0.5)
  --ebn0 A:B:STEP         Eb/N0 points in dB, A to B inclusive (or one value A)
  --bits N                bit budget per point (default 1e6; 1e7 style accepted)
  --errors N              stop a point once N bit errors are counted (default 0: use all bits)
  --ci METHOD             clopper-pearson (default) or wilson
  --confidence P          interval confidence (default 0.999)
  --format F              table (default) or csv
  --seed N                master seed (default 1)                          [ASSAY_SEED]
  -j, --jobs N            worker threads; results do not depend on it      [ASSAY_JOBS]

Bits of one symbol share its noise: intervals are widened by sqrt(bits per symbol).
The closed forms are exact (Cho–Yoon for square QAM, phase-density sectors for M-PSK, MGF or
numerical averages for fading); see docs/radio.md.
)";

struct Usage {
  std::string message;
};

double parse_number(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    throw Usage{flag + " expects a number, got \"" + text + "\""};
  }
  return v;
}

std::uint64_t parse_count(const std::string& flag, const std::string& text, double max) {
  const double v = parse_number(flag, text);
  if (v < 0 || v > max || std::floor(v) != v) {
    throw Usage{flag + " expects a whole number in [0, " +
                std::to_string(static_cast<long long>(max)) + "], got \"" + text + "\""};
  }
  return static_cast<std::uint64_t>(v);
}

std::vector<double> parse_range(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream s(text);
  for (std::string p; std::getline(s, p, ':');) parts.push_back(p);
  if (parts.size() == 1) return {parse_number("--ebn0", parts[0])};
  if (parts.size() != 3)
    throw Usage{"--ebn0 expects A:B:STEP or a single value, got \"" + text + "\""};
  const double a = parse_number("--ebn0", parts[0]), b = parse_number("--ebn0", parts[1]);
  const double step = parse_number("--ebn0", parts[2]);
  if (step <= 0) throw Usage{"--ebn0 STEP must be positive"};
  if (b < a) throw Usage{"--ebn0 needs A <= B"};
  if (a < -50 || b > 100) throw Usage{"--ebn0 points must lie in [-50, 100] dB"};
  const double count = std::floor((b - a) / step + 1e-9) + 1;
  if (count > 1000) throw Usage{"--ebn0 gives more than 1000 points"};
  std::vector<double> out;
  for (int i = 0; i < static_cast<int>(count); ++i) out.push_back(a + i * step);
  return out;
}

radio::Fading parse_channel(const std::string& text) {
  auto f = radio::parse_fading(text);
  if (!f.ok()) throw Usage{"--channel " + f.error().message};
  return *f;
}

std::string sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4e", v);
  return buf;
}

void print(const BerSweep& sweep, const std::vector<radio::BerRow>& rows, bool csv,
           std::ostream& out) {
  const std::string ci = sweep.method == radio::CiMethod::kWilson ? "wilson" : "clopper-pearson";
  if (csv) {
    out << "ebn0_db,errors,bits,ber,ci_lo,ci_hi,closed_form,agrees\n";
    for (const auto& r : rows) {
      out << r.ebn0_db << "," << r.count.errors << "," << r.count.bits << "," << sci(r.count.ber())
          << "," << sci(r.ci.lo) << "," << sci(r.ci.hi) << "," << sci(r.theory) << ","
          << (r.agrees ? "yes" : "no") << "\n";
    }
    return;
  }
  out << "# " << sweep.mod.name() << ", " << radio::fading_name(sweep.fading) << ", seed "
      << sweep.seed << ", " << ci << " " << sweep.confidence * 100 << "% intervals\n";
  out << std::setw(8) << "Eb/N0dB" << std::setw(12) << "errors" << std::setw(14) << "bits"
      << std::setw(12) << "BER" << std::setw(12) << "CI low" << std::setw(12) << "CI high"
      << std::setw(13) << "closed form" << std::setw(8) << "agree"
      << "\n";
  for (const auto& r : rows) {
    out << std::setw(8) << std::fixed << std::setprecision(2) << r.ebn0_db << std::defaultfloat
        << std::setw(12) << r.count.errors << std::setw(14) << r.count.bits << std::setw(12)
        << sci(r.count.ber()) << std::setw(12) << sci(r.ci.lo) << std::setw(12) << sci(r.ci.hi)
        << std::setw(13) << sci(r.theory) << std::setw(8) << (r.agrees ? "yes" : "NO") << "\n";
  }
}

int ber(const std::vector<std::string>& args, std::ostream& out) {
  BerSweep sweep;
  bool have_mod = false, have_ebn0 = false, csv = false;
  if (auto s = std::getenv("ASSAY_SEED"); s && *s)
    sweep.seed = parse_count("ASSAY_SEED", s, 1.8e19);
  if (auto j = std::getenv("ASSAY_JOBS"); j && *j)
    sweep.jobs = static_cast<int>(parse_count("ASSAY_JOBS", j, 1024));
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i], value;
    if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else {
      if (i + 1 >= args.size())
        throw Usage{flag.starts_with("-") ? flag + " needs a value"
                                          : "unexpected argument " + flag};
      value = args[++i];
    }
    if (flag == "--mod") {
      const auto m = radio::parse_modulation(value);
      if (!m)
        throw Usage{"--mod expects bpsk, qpsk, M-psk (M = 8…1024) or square M-qam, got \"" + value +
                    "\""};
      sweep.mod = *m;
      have_mod = true;
    } else if (flag == "--channel") {
      sweep.fading = parse_channel(value);
    } else if (flag == "--ebn0") {
      sweep.ebn0_db = parse_range(value);
      have_ebn0 = true;
    } else if (flag == "--bits") {
      sweep.max_bits = parse_count(flag, value, 1e15);
      if (sweep.max_bits == 0) throw Usage{"--bits must be positive"};
    } else if (flag == "--errors") {
      sweep.target_errors = parse_count(flag, value, 1e15);
    } else if (flag == "--ci") {
      if (value == "wilson") {
        sweep.method = radio::CiMethod::kWilson;
      } else if (value == "clopper-pearson") {
        sweep.method = radio::CiMethod::kClopperPearson;
      } else {
        throw Usage{"--ci expects clopper-pearson or wilson"};
      }
    } else if (flag == "--confidence") {
      sweep.confidence = parse_number(flag, value);
      if (!(sweep.confidence > 0.5 && sweep.confidence < 1.0))
        throw Usage{"--confidence expects 0.5 < P < 1"};
    } else if (flag == "--format") {
      if (value != "table" && value != "csv") throw Usage{"--format expects table or csv"};
      csv = value == "csv";
    } else if (flag == "--seed") {
      sweep.seed = parse_count(flag, value, 1.8e19);
    } else if (flag == "--jobs" || flag == "-j") {
      sweep.jobs = static_cast<int>(parse_count(flag, value, 1024));
      if (sweep.jobs == 0) throw Usage{flag + " expects 1..1024"};
    } else {
      throw Usage{"unknown option " + flag + " for radio ber (see assay radio --help)"};
    }
  }
  if (!have_mod) throw Usage{"radio ber needs --mod"};
  if (!have_ebn0) throw Usage{"radio ber needs --ebn0 A:B:STEP"};
  const auto rows = radio::run_ber_sweep(sweep);
  print(sweep, rows, csv, out);
  for (const auto& r : rows) {
    if (!r.agrees) return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

int radio_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      out << kRadioHelp;
      return args.empty() ? kExitUsage : kExitOk;
    }
    for (const auto& a : args) {
      if (a == "--help" || a == "-h") {
        out << kRadioHelp;
        return kExitOk;
      }
    }
    if (args[0] == "ber") return ber({args.begin() + 1, args.end()}, out);
    throw Usage{"unknown radio command \"" + args[0] + "\" (see assay radio --help)"};
  } catch (const Usage& u) {
    err << "assay: " << u.message << "\n";
    return kExitUsage;
  }
}

}  // namespace assay::cli
