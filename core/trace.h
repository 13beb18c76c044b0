// Trace: a columnar time series of named signals with units. Column 0 is always time "t" in s.
// Appending a row is a handful of push_backs; lookup by name is a short linear scan done once
// per oracle, after which columns are addressed by index.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assay {

/// A discrete event in a trace (e.g. first contact) with named values in SI units.
struct TraceEvent {
  std::string name;
  double t = 0.0;
  std::vector<std::pair<std::string, double>> values;
  [[nodiscard]] std::optional<double> value(std::string_view key) const;
  friend bool operator==(const TraceEvent&, const TraceEvent&) = default;
};

/// A named signal with its unit (SI symbols such as "m", "m/s", "m/s^2", "rad", "s", "1").
struct SignalInfo {
  std::string name;
  std::string unit;
  friend bool operator==(const SignalInfo&, const SignalInfo&) = default;
};

class Trace {
 public:
  Trace();

  /// Adds a signal and returns its column index. Names must be unique; all signals are added
  /// before the first row.
  std::size_t add_signal(std::string name, std::string unit);

  /// Reserves room for n rows in every column.
  void reserve(std::size_t rows);

  /// Appends one row: time followed by one value per added signal, in column order.
  void append(double t, std::span<const double> values);

  /// Number of rows (samples).
  [[nodiscard]] std::size_t size() const { return columns_.front().size(); }
  /// Number of columns including time.
  [[nodiscard]] std::size_t num_signals() const { return columns_.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }

  /// Column index of a signal, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;
  /// Values of a column.
  [[nodiscard]] std::span<const double> column(std::size_t index) const { return columns_[index]; }
  /// Values of a signal by name; empty span when absent.
  [[nodiscard]] std::span<const double> column(std::string_view name) const;
  [[nodiscard]] std::span<const double> time() const { return columns_.front(); }
  [[nodiscard]] const SignalInfo& info(std::size_t index) const { return infos_[index]; }
  [[nodiscard]] const std::vector<SignalInfo>& signals() const { return infos_; }

  /// Records an event; events keep the order they were added in.
  void add_event(TraceEvent event) { events_.push_back(std::move(event)); }
  /// All events.
  [[nodiscard]] const std::vector<TraceEvent>& events() const { return events_; }
  /// The first event with that name, or nullptr.
  [[nodiscard]] const TraceEvent* find_event(std::string_view name) const;

  /// Writes the trace as CSV with a "name [unit]" header.
  [[nodiscard]] std::string to_csv() const;

  friend bool operator==(const Trace&, const Trace&) = default;

 private:
  std::vector<SignalInfo> infos_;
  std::vector<std::vector<double>> columns_;
  std::vector<TraceEvent> events_;
};

}  // namespace assay
