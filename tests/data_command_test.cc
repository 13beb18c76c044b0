// `assay data` as a user runs it (through data_command, which cli/main.cc calls): exit codes,
// messages with file:line:col, reports with input digests, byte-identical results for the same
// inputs, infer proposing rules that hold on the data they came from, and corrupt + check
// finding exactly what was broken.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "core/sha256.h"
#include "data/command.h"
#include "data/values.h"
#include "reports/reports.h"

namespace assay::data {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

Outcome run(std::vector<std::string> args) {
  std::ostringstream out, err;
  Outcome r;
  r.code = data_command(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::path(::testing::TempDir()) / ("assay-data-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const kData =
    "id,speed,kind\n"
    "1,12.5,car\n"
    "2,14,car\n"
    "3,,bus\n"
    "4,90,car\n";

std::string rules(const std::string& body) {
  return "{\"schema\": \"assay.rules/1\", \"id\": \"vehicles\", \"rules\": [" + body + "]}";
}

TEST(DataCommand, HelpAndUsageErrors) {
  const Outcome help = run({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("assay data check RULES DATA"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes:"), std::string::npos);
  EXPECT_EQ(run({}).code, 2);
  const Outcome verb = run({"validate"});
  EXPECT_EQ(verb.code, 2);
  EXPECT_EQ(verb.err, "assay data: unknown verb \"validate\" (infer, check, drift or corrupt)\n");
  EXPECT_EQ(run({"check", "only-one"}).code, 2);
  const Outcome flag = run({"check", "r.json", "d.csv", "--bogus"});
  EXPECT_EQ(flag.code, 2);
  EXPECT_EQ(flag.err,
            "assay data: unknown option --bogus for assay data check (see assay data --help)\n");
  EXPECT_EQ(run({"check", "r.json", "d.csv", "--examples", "many"}).err,
            "assay data: --examples expects a non-negative integer, got \"many\"\n");
  EXPECT_EQ(run({"drift", "a", "b", "--correction", "holm"}).code, 2);
  EXPECT_EQ(run({"corrupt", "a.csv", "--kind", "missing"}).code, 2);
}

TEST(DataCommand, CheckWritesReportsWithDigestsAndFailsOnErrors) {
  const fs::path dir = temp_dir("check");
  const std::string data = write(dir / "vehicles.csv", kData);
  const std::string rule_file = write(
      dir / "rules.json",
      rules("{\"rule\": \"not_null\", \"column\": \"speed\"},"
            "{\"rule\": \"between\", \"column\": \"speed\", \"min_value\": 0, \"max_value\": 50},"
            "{\"rule\": \"in_set\", \"column\": \"kind\", \"value_set\": [\"car\", \"bus\"], "
            "\"severity\": \"warn\"}"));
  const std::string out = (dir / "out").string();
  const Outcome r = run({"check", rule_file, data, "--out", out});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL   not_null:speed: 1 of 4 values (25 %) null"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("FAIL   between:speed: 1 of 3 values (33.33 %) outside [0, 50]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("4 checks: 2 passed (0 with warnings), 2 failed"), std::string::npos)
      << r.out;
  const auto doc = nlohmann::json::parse(read(fs::path(out) / "results.json"));
  EXPECT_EQ(doc.at("summary").at("exit_code"), 1);
  const auto& inputs = doc.at("manifest").at("inputs");
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].at("role"), "rules");
  EXPECT_EQ(inputs[0].at("sha256"), *sha256_file(rule_file));
  EXPECT_EQ(inputs[1].at("role"), "data");
  EXPECT_EQ(inputs[1].at("sha256"), *sha256_file(data));
  EXPECT_EQ(doc.at("cases")[2].at("replay"),
            "assay data check " + rule_file + " " + data + " --out " + out);
  EXPECT_TRUE(fs::exists(fs::path(out) / "junit.xml"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "summary.md"));

  // The same inputs give the same results.json, apart from wall-clock fields.
  const std::string first = normalise_results_json(read(fs::path(out) / "results.json"));
  run({"check", rule_file, data, "--out", out});
  EXPECT_EQ(normalise_results_json(read(fs::path(out) / "results.json")), first);
}

// The example of docs/data-validation.md gives what the documentation says: rows 9 (missing
// speed), 13 (negative speed) and 18 (a 0.6 s gap) fail, row 22 (lane "middle") warns.
TEST(DataCommand, DocumentedExample) {
  const std::string dir = std::string(ASSAY_SOURCE_DIR) + "/examples/data/";
  const fs::path out = temp_dir("example") / "out";
  const Outcome r = run(
      {"check", dir + "vehicle-log.rules.json", dir + "vehicle-log.csv", "--out", out.string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  const auto doc = nlohmann::json::parse(read(out / "results.json"));
  std::vector<std::string> failed, warned;
  for (const auto& c : doc.at("cases")) {
    const std::string id = c.at("case_id");
    if (c.at("verdict") == "fail") failed.push_back(id);
    if (c.at("reason").get<std::string>().rfind("warning: ", 0) == 0) warned.push_back(id);
  }
  EXPECT_EQ(failed,
            (std::vector<std::string>{"vehicle-log#not_null:speed_mps",
                                      "vehicle-log#between:speed_mps", "vehicle-log#max_gap:t"}));
  EXPECT_EQ(warned, (std::vector<std::string>{"vehicle-log#in_set:lane"}));
  EXPECT_NE(r.out.find("mean_between:speed_mps: mean 15.060345 within [5, 40]"), std::string::npos);
  EXPECT_NE(r.out.find("median_between:speed_mps: median 15.75 within [10, 30]"),
            std::string::npos);
}

TEST(DataCommand, ExitCodesForPassWarningNotEvaluableAndNothingToCheck) {
  const fs::path dir = temp_dir("codes");
  const std::string data = write(dir / "d.csv", kData);
  const std::string out = (dir / "out").string();
  const auto check = [&](const std::string& body) {
    return run({"check", write(dir / "r.json", rules(body)), data, "--out", out});
  };
  EXPECT_EQ(check("{\"rule\": \"column_exists\", \"column\": \"id\"}").code, 0);
  const Outcome warn =
      check("{\"rule\": \"not_null\", \"column\": \"speed\", \"severity\": \"warn\"}");
  EXPECT_EQ(warn.code, 0);
  EXPECT_NE(warn.out.find("WARN   not_null:speed"), std::string::npos) << warn.out;
  EXPECT_EQ(check("{\"rule\": \"mean_between\", \"column\": \"kind\", \"min_value\": 0}").code, 4);
  EXPECT_EQ(check("").code, 3);
  EXPECT_EQ(nlohmann::json::parse(read(fs::path(out) / "results.json")).at("summary").at("total"),
            0);
}

TEST(DataCommand, InputErrorsNameFileLineAndColumn) {
  const fs::path dir = temp_dir("errors");
  const std::string data = write(dir / "d.csv", "a,b\n1,\"open\n");
  const std::string good =
      write(dir / "good.json", rules("{\"rule\": \"not_null\", \"column\": \"a\"}"));
  const Outcome bad_data = run({"check", good, data, "--out", (dir / "out").string()});
  EXPECT_EQ(bad_data.code, 2);
  EXPECT_EQ(bad_data.err,
            data + ":2:3: error: quoted field is not closed before the end of the file\n");
  const std::string bad = write(dir / "bad.json", rules("{\"rule\": \"not_null\", \"column\": 3}"));
  const Outcome bad_rules = run({"check", bad, data});
  EXPECT_EQ(bad_rules.code, 2);
  EXPECT_EQ(bad_rules.err, bad +
                               ":1:88: error: expected a string, found number (at "
                               "/rules/0/column)\n");
  const Outcome missing = run({"check", good, (dir / "absent.csv").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("absent.csv: error: cannot open data file"), std::string::npos)
      << missing.err;
}

TEST(DataCommand, InferProposesRulesThatHoldOnTheirData) {
  const fs::path dir = temp_dir("infer");
  const std::string data = write(dir / "trips.csv",
                                 "trip,t,speed,kind,note\n"
                                 "a1,2024-01-01T00:00:00Z,10,car,fine\n"
                                 "a2,2024-01-01T00:00:01Z,12.5,car,\n"
                                 "a3,2024-01-01T00:00:02Z,9,bus,slow start\n"
                                 "a4,2024-01-01T00:00:03Z,11,car,ok\n");
  const Outcome stdout_run = run({"infer", data});
  EXPECT_EQ(stdout_run.code, 0) << stdout_run.err;
  const auto proposed = nlohmann::json::parse(stdout_run.out);
  EXPECT_EQ(proposed.at("schema"), "assay.rules/1");
  EXPECT_EQ(proposed.at("id"), "trips");
  EXPECT_EQ(proposed.at("data").at("types").at("speed"), "number");
  EXPECT_EQ(proposed.at("data").at("types").at("t"), "timestamp");
  std::vector<std::string> kinds;
  for (const auto& r : proposed.at("rules")) {
    std::string kind = r.at("rule").get<std::string>();
    if (r.contains("column")) kind.append(":").append(r.at("column").get<std::string>());
    kinds.push_back(kind);
  }
  const std::vector<std::string> expected = {"column_set",         "row_count_between",
                                             "not_null:trip",      "length_between:trip",
                                             "unique:trip",        "type:t",
                                             "not_null:t",         "timestamps_monotonic:t",
                                             "type:speed",         "not_null:speed",
                                             "between:speed",      "not_null:kind",
                                             "in_set:kind",        "not_null:note",
                                             "length_between:note"};
  EXPECT_EQ(kinds, expected);
  const std::string file = (dir / "rules.json").string();
  const Outcome to_file = run({"infer", data, "--out", file});
  EXPECT_EQ(to_file.code, 0);
  EXPECT_EQ(read(file), stdout_run.out);
  const Outcome check = run({"check", file, data, "--out", (dir / "out").string()});
  EXPECT_EQ(check.code, 0) << check.out;
}

// Whatever the table, the rules infer proposes hold on it.
RC_GTEST_PROP(DataCommand, InferredRulesHoldOnRandomTables, ()) {
  const fs::path dir = temp_dir("infer-prop");
  const auto rows = *rc::gen::inRange(1, 40);
  Rng rng(*rc::gen::arbitrary<std::uint64_t>());
  std::string csv = "i,x,c,m\n";
  for (int r = 0; r < rows; ++r) {
    const double u = rng.uniform();
    csv += std::to_string(r) + "," + format_double(std::round(rng.normal(0, 100)) / 8) + "," +
           std::string(1, static_cast<char>('a' + static_cast<int>(u * 4))) + "," +
           (u < 0.3   ? ""
            : u < 0.6 ? "7"
                      : "x y") +
           "\n";
  }
  const std::string data = write(dir / "t.csv", csv);
  const std::string file = (dir / "rules.json").string();
  RC_ASSERT(run({"infer", data, "--out", file}).code == 0);
  const Outcome check = run({"check", file, data, "--out", (dir / "out").string()});
  RC_ASSERT(check.code == 0);
}

TEST(DataCommand, CorruptThenCheckFindsExactlyTheCorruptedRows) {
  const fs::path dir = temp_dir("corrupt");
  std::string csv = "id,v\n";
  for (int i = 1; i <= 200; ++i) csv += std::to_string(i) + "," + std::to_string(i % 17) + "\n";
  const std::string data = write(dir / "clean.csv", csv);
  const std::string dirty = (dir / "dirty.csv").string();
  const Outcome c = run({"corrupt", data, "--out", dirty, "--kind", "missing", "--column", "v",
                         "--fraction", "0.15", "--seed", "5"});
  EXPECT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find("200 rows, 30 chosen, 30 changed"), std::string::npos) << c.out;
  const std::string first = read(dirty);
  EXPECT_EQ(run({"corrupt", data, "--out", dirty, "--kind", "missing", "--column", "v",
                 "--fraction", "0.15", "--seed", "5"})
                .code,
            0);
  EXPECT_EQ(read(dirty), first);  // the same seed gives the same bytes
  const std::string rule_file =
      write(dir / "r.json", rules("{\"rule\": \"not_null\", \"column\": \"v\"}"));
  const Outcome check = run({"check", rule_file, dirty, "--out", (dir / "out").string()});
  EXPECT_EQ(check.code, 1);
  EXPECT_NE(check.out.find("30 of 200 values (15 %) null"), std::string::npos) << check.out;
  EXPECT_EQ(run({"corrupt", data, "--out", data, "--kind", "missing", "--column", "v"}).code, 2);
}

TEST(DataCommand, DriftExitCodes) {
  const fs::path dir = temp_dir("drift");
  Rng rng(3);
  std::string ref = "x,c\n", cur = "x,c\n";
  for (int i = 0; i < 400; ++i) {
    ref += format_double(rng.normal()) + "," + std::string(i % 3 ? "a" : "b") + "\n";
    cur += format_double(rng.normal(1.0, 1.0)) + "," + std::string(i % 3 ? "a" : "b") + "\n";
  }
  const std::string a = write(dir / "ref.csv", ref), b = write(dir / "cur.csv", cur);
  const std::string out = (dir / "out").string();
  const Outcome same = run({"drift", a, a, "--out", out});
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  // x drifts, c does not: 1 of 2 columns, share 0.5 >= 0.5: dataset drift.
  const Outcome shifted = run({"drift", a, b, "--out", out});
  EXPECT_EQ(shifted.code, 1) << shifted.out;
  EXPECT_NE(shifted.out.find("WARN   x: ks p-value"), std::string::npos) << shifted.out;
  EXPECT_NE(shifted.out.find("FAIL   dataset: 1 of 2 columns drifted (share 0.5, drift_share "
                             "0.5): dataset drift detected"),
            std::string::npos)
      << shifted.out;
  EXPECT_EQ(run({"drift", a, b, "--out", out, "--drift-share", "0.6"}).code, 0);
  EXPECT_EQ(run({"drift", a, b, "--out", out, "--drift-share", "0.6", "--fail-on", "column"}).code,
            1);
  const auto doc = nlohmann::json::parse(read(fs::path(out) / "results.json"));
  EXPECT_EQ(doc.at("cases").size(), 3u);
  EXPECT_EQ(doc.at("manifest").at("inputs")[0].at("role"), "current");
  const Outcome test =
      run({"drift", a, b, "--out", out, "--test", "x=psi", "--test", "c=jensenshannon"});
  EXPECT_NE(test.out.find("x: psi "), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("c: jensenshannon "), std::string::npos) << test.out;
}

}  // namespace
}  // namespace assay::data
