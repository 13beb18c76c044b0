// `assay radio ber` as a user runs it: table, CSV, exit codes, usage errors, determinism.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Output {
  int code = -1;
  std::string text;
};

Output run(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + " " + std::string(ASSAY_BINARY) + " " + args + " 2>&1";
  Output out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out.text += buf.data();
  const int status = pclose(p);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(CliRadio, BerTableAgreesAndExitsZero) {
  const Output o = run("radio ber --mod bpsk --ebn0 0:6:3 --bits 2e5");
  EXPECT_EQ(o.code, 0) << o.text;
  EXPECT_NE(o.text.find("closed form"), std::string::npos);
  EXPECT_NE(o.text.find("7.8650e-02"), std::string::npos) << o.text;  // BPSK at 0 dB
  EXPECT_EQ(o.text.find(" NO"), std::string::npos);
}

TEST(CliRadio, CsvIsDeterministicAndIndependentOfJobs) {
  const Output a =
      run("radio ber --mod 16qam --channel rayleigh --ebn0 10 --bits 3e6 --format csv -j 1");
  const Output b =
      run("radio ber --mod 16qam --channel rayleigh --ebn0 10 --bits 3e6 --format csv --jobs 3");
  const Output c = run("radio ber --mod 16qam --channel rayleigh --ebn0 10 --bits 3e6 --format csv",
                       "ASSAY_SEED=2");
  EXPECT_EQ(a.code, 0) << a.text;
  EXPECT_EQ(a.text, b.text);
  EXPECT_NE(a.text, c.text);
  EXPECT_EQ(a.text.rfind("ebn0_db,errors,bits,ber,ci_lo,ci_hi,closed_form,agrees\n", 0), 0u);
}

TEST(CliRadio, UsageErrorsExitTwo) {
  // Bare "assay radio" prints the radio help and exits 2, like bare "assay".
  EXPECT_EQ(run("radio").code, 2);
  for (const char* bad :
       {"radio ber --ebn0 1", "radio ber --mod bpsk", "radio ber --mod 32qam --ebn0 1",
        "radio ber --mod bpsk --ebn0 1:0:1", "radio ber --mod bpsk --ebn0 0:1:0",
        "radio ber --mod bpsk --ebn0 x", "radio ber --mod bpsk --ebn0 1 --channel rician",
        "radio ber --mod bpsk --ebn0 1 --channel rician:-1",
        "radio ber --mod bpsk --ebn0 1 --bits 0", "radio ber --mod bpsk --ebn0 1 --bits 1.5",
        "radio ber --mod bpsk --ebn0 1 --confidence 2", "radio ber --mod bpsk --ebn0 1 --bogus 1",
        "radio frob"}) {
    const Output o = run(bad);
    EXPECT_EQ(o.code, 2) << bad << "\n" << o.text;
    EXPECT_NE(o.text.find("assay: "), std::string::npos) << bad;
  }
  EXPECT_EQ(run("radio --help").code, 0);
  EXPECT_EQ(run("radio ber --help").code, 0);
}

}  // namespace
