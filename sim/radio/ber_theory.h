// Closed-form and exact numerical bit- and symbol-error rates (reference: ../shared/reference/
// radio.md §2.2-2.3; Proakis & Salehi 5th ed.; Cho & Yoon, IEEE Trans. Commun. 50(7), 2002;
// Simon & Alouini). Arguments are linear (not dB) average Eb/N0 or Es/N0 per bit/symbol.
#pragma once

#include "sim/radio/modulation.h"

namespace assay::radio {

/// Small-scale fading of the symbol energy; unit mean power in every case.
struct Fading {
  enum class Kind { kNone, kRayleigh, kRician, kNakagami } kind = Kind::kNone;
  double k_factor = 0;  // Rician K (linear), ≥ 0
  double m = 1;         // Nakagami m, ≥ 0.5
};

/// BPSK/QPSK bit-error rate in AWGN: ½·erfc(√γb).
double ber_bpsk_awgn(double ebn0);

/// Exact Gray square M-QAM bit-error rate in AWGN (Cho & Yoon 2002, eq. 16 as in radio.md §2.2).
double ber_qam_awgn(int order, double ebn0);

/// Exact Gray square M-QAM bit-error rate averaged over Rayleigh fading (each Cho–Yoon term
/// averaged in closed form, radio.md §2.3).
double ber_qam_rayleigh(int order, double ebn0_mean);

/// M-PSK symbol-error rate in AWGN (Craig's integral, exact), γs = Es/N0.
double ser_psk_awgn(int order, double esn0);

/// Square M-QAM symbol-error rate in AWGN (exact): 1 − (1 − p)².
double ser_qam_awgn(int order, double esn0);

/// BPSK/QPSK bit-error rate in Rayleigh fading: ½(1 − √(γ̄/(1+γ̄))).
double ber_bpsk_rayleigh(double ebn0_mean);

/// BPSK/QPSK bit-error rate in Rician fading (Craig/MGF integral, Simon & Alouini).
double ber_bpsk_rician(double ebn0_mean, double k_factor);

/// BPSK/QPSK bit-error rate in Nakagami-m fading: exact for integer m (radio.md §2.3), by the
/// MGF integral otherwise.
double ber_bpsk_nakagami(double ebn0_mean, double m);

/// Exact Gray bit-error rate of any supported modulation in AWGN. For M-PSK (M ≥ 8) it sums the
/// probability of each decision sector (phase-density integral) times its Hamming distance.
double ber_awgn(const Modulation& mod, double ebn0);

/// Exact average bit-error rate with fading and perfect channel knowledge: closed forms where
/// they exist, otherwise the AWGN expression integrated over the fading SNR density.
double ber_fading(const Modulation& mod, double ebn0_mean, const Fading& fading);

/// Outage probability P(γ < γ_th) for the fading kind (radio.md §2.3).
double outage_probability(const Fading& fading, double snr_mean, double snr_threshold);

/// dB → linear power ratio.
double from_db(double db);
/// Linear power ratio → dB.
double to_db(double linear);

}  // namespace assay::radio
