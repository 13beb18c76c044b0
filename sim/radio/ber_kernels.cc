#include "sim/radio/ber_kernels.h"

#include <bit>
#include <cstdint>

// The vector builds need GCC's target pragma; other compilers (and other CPUs) get the portable
// build only.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define ASSAY_BER_SIMD 1
#else
#define ASSAY_BER_SIMD 0
#endif

namespace assay::radio {
namespace {

namespace portable {
constexpr bool kSplitConversion = false;
#include "sim/radio/ber_kernels_body.inc"
}  // namespace portable

#if ASSAY_BER_SIMD
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
namespace avx2 {
constexpr bool kSplitConversion = true;  // AVX2 has no 64-bit integer to double conversion
#include "sim/radio/ber_kernels_body.inc"
}  // namespace avx2
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
namespace avx512 {
constexpr bool kSplitConversion = false;
#include "sim/radio/ber_kernels_body.inc"
}  // namespace avx512
#pragma GCC pop_options
#endif

bool cpu_supports(BerIsa isa) {
  if (isa == BerIsa::kPortable) return true;
#if ASSAY_BER_SIMD
  __builtin_cpu_init();
  if (isa == BerIsa::kAvx2) return __builtin_cpu_supports("x86-64-v3") != 0;
  if (isa == BerIsa::kAvx512) return __builtin_cpu_supports("x86-64-v4") != 0;
#endif
  return false;
}

}  // namespace

bool ber_isa_available(BerIsa isa) {
  static const bool avx2 = cpu_supports(BerIsa::kAvx2);
  static const bool avx512 = cpu_supports(BerIsa::kAvx512);
  switch (isa) {
    case BerIsa::kPortable:
      return true;
    case BerIsa::kAvx2:
      return avx2;
    case BerIsa::kAvx512:
      return avx512;
  }
  return false;
}

BerIsa ber_best_isa() {
  static const BerIsa best = ber_isa_available(BerIsa::kAvx512) ? BerIsa::kAvx512
                             : ber_isa_available(BerIsa::kAvx2) ? BerIsa::kAvx2
                                                                : BerIsa::kPortable;
  return best;
}

void fill_normal(BerIsa isa, double* out, int n, Rng& rng, const ZigguratTables& t) {
#if ASSAY_BER_SIMD
  if (isa == BerIsa::kAvx512 && ber_isa_available(isa)) {
    avx512::fill_normal_impl(out, n, rng, t);
    return;
  }
  if (isa == BerIsa::kAvx2 && ber_isa_available(isa)) {
    avx2::fill_normal_impl(out, n, rng, t);
    return;
  }
#else
  static_cast<void>(isa);
#endif
  portable::fill_normal_impl(out, n, rng, t);
}

std::uint64_t count_sign_errors(BerIsa isa, std::uint64_t word, const double* noise, int n,
                                double amp, double scale) {
#if ASSAY_BER_SIMD
  if (isa == BerIsa::kAvx512 && ber_isa_available(isa)) {
    return avx512::count_sign_errors_impl(word, noise, n, amp, scale);
  }
  if (isa == BerIsa::kAvx2 && ber_isa_available(isa)) {
    return avx2::count_sign_errors_impl(word, noise, n, amp, scale);
  }
#else
  static_cast<void>(isa);
#endif
  return portable::count_sign_errors_impl(word, noise, n, amp, scale);
}

}  // namespace assay::radio
