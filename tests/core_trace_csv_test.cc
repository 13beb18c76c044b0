// CSV traces: header units, time column choice, NaN and text columns, located errors, and the
// round trip with Trace::to_csv.
#include <gtest/gtest.h>

#include <cmath>

#include "core/trace_csv.h"

namespace assay {
namespace {

TEST(TraceCsv, RoundTripsTraceToCsv) {
  Trace t;
  t.add_signal("ego.v", "m/s");
  t.add_signal("lead.gap", "m");
  const double r0[] = {10, 30.5};
  const double r1[] = {9.5, 29.25};
  t.append(0.0, r0);
  t.append(0.01, r1);
  auto back = parse_csv_trace(t.to_csv(), "x.csv");
  ASSERT_TRUE(back.ok()) << back.error().format();
  ASSERT_EQ(back->trace.num_signals(), t.num_signals());
  for (std::size_t c = 0; c < t.num_signals(); ++c) {
    EXPECT_EQ(back->trace.info(c).name, t.info(c).name);
    EXPECT_EQ(back->trace.info(c).unit, t.info(c).unit);
    const auto a = back->trace.column(c), b = t.column(c);
    EXPECT_EQ(std::vector<double>(a.begin(), a.end()), std::vector<double>(b.begin(), b.end()));
  }
}

TEST(TraceCsv, TimeColumnNanAndText) {
  auto r = parse_csv_trace("speed_mps,t_s,label,lead_m\n1,0,a,nan\n2,0.5,b,\n3,1,c,4\r\n", "x.csv");
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_EQ(r->trace.time()[1], 0.5);
  EXPECT_EQ(r->skipped, std::vector<std::string>{"label"});
  EXPECT_EQ(r->trace.column("speed_mps")[2], 3);
  EXPECT_TRUE(std::isnan(r->trace.column("lead_m")[0]));
  EXPECT_TRUE(std::isnan(r->trace.column("lead_m")[1]));
  EXPECT_EQ(r->trace.column("lead_m")[2], 4);
  CsvTraceOptions o;
  o.time_column = "speed_mps";
  auto chosen = parse_csv_trace("speed_mps,t_s\n1,0\n2,0.5\n", "x.csv", o);
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->trace.time()[1], 2);
}

TEST(TraceCsv, ErrorsAreLocated) {
  struct Bad {
    const char* text;
    int line, column;
    const char* says;
  };
  const Bad cases[] = {
      {"", 1, 1, "empty file"},
      {"t,x\n", 2, 1, "no data rows"},
      {"t,x\n0,1\n1,2,3\n", 3, 1, "row has 3 fields"},
      {"t,x\n0,1\n0,2\n", 3, 1, "increase"},
      {"t,x\n0,1\nabc,2\n", 3, 1, "must be a number"},
      {"t,x\n0,1\nnan,2\n", 3, 1, "finite"},
      {"t,x,x\n0,1,2\n", 1, 5, "duplicate column"},
      {"t,,x\n0,1,2\n", 1, 3, "empty column name"},
  };
  for (const auto& c : cases) {
    auto r = parse_csv_trace(c.text, "bad.csv");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().where.file, "bad.csv");
    EXPECT_EQ(r.error().where.line, c.line) << c.text << ": " << r.error().message;
    EXPECT_EQ(r.error().where.column, c.column) << c.text << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
  CsvTraceOptions o;
  o.time_column = "time";
  auto reserved = parse_csv_trace("time,t\n0,1\n", "x.csv", o);
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().where.column, 6);
  EXPECT_NE(reserved.error().message.find("reserved for time"), std::string::npos);
  o.time_column = "when";
  EXPECT_FALSE(parse_csv_trace("t,x\n0,1\n", "x.csv", o).ok());
  o = {};
  o.max_bytes = 4;
  EXPECT_FALSE(parse_csv_trace("t,x\n0,1\n", "x.csv", o).ok());
}

}  // namespace
}  // namespace assay
