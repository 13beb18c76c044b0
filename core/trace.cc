#include "core/trace.h"

#include <cstdio>
#include <stdexcept>

namespace assay {

Trace::Trace() {
  infos_.push_back({"t", "s"});
  columns_.emplace_back();
}

std::size_t Trace::add_signal(std::string name, std::string unit) {
  if (find(name)) throw std::logic_error("Trace: duplicate signal " + name);
  if (!empty()) throw std::logic_error("Trace: signal added after the first row: " + name);
  infos_.push_back({std::move(name), std::move(unit)});
  columns_.emplace_back();
  return columns_.size() - 1;
}

void Trace::reserve(std::size_t rows) {
  for (auto& c : columns_) c.reserve(rows);
}

void Trace::append(double t, std::span<const double> values) {
  if (values.size() + 1 != columns_.size()) throw std::logic_error("Trace: row width mismatch");
  columns_[0].push_back(t);
  for (std::size_t i = 0; i < values.size(); ++i) columns_[i + 1].push_back(values[i]);
}

std::optional<std::size_t> Trace::find(std::string_view name) const {
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    if (infos_[i].name == name) return i;
  }
  return std::nullopt;
}

std::span<const double> Trace::column(std::string_view name) const {
  auto i = find(name);
  if (!i) return {};
  return columns_[*i];
}

std::optional<double> TraceEvent::value(std::string_view key) const {
  for (const auto& [k, v] : values) {
    if (k == key) return v;
  }
  return std::nullopt;
}

const TraceEvent* Trace::find_event(std::string_view name) const {
  for (const auto& e : events_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::string Trace::to_csv() const {
  std::string out;
  for (std::size_t c = 0; c < infos_.size(); ++c) {
    if (c) out += ',';
    out += infos_[c].name + " [" + infos_[c].unit + "]";
  }
  out += '\n';
  char buf[32];
  for (std::size_t r = 0; r < size(); ++r) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (c) out += ',';
      std::snprintf(buf, sizeof buf, "%.9g", columns_[c][r]);
      out += buf;
    }
    out += '\n';
  }
  return out;
}

}  // namespace assay
