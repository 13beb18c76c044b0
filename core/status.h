// Expected failures as values: Error (with an optional file:line:col and JSON pointer) and
// Result<T>, which holds either a value or an Error.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace assay {

/// Where in an input a problem was found; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;  // JSON pointer, empty when not applicable
};

/// An expected failure: what went wrong and where.
struct Error {
  std::string message;
  SourceLocation where;

  /// Compiler-style text: "file:line:col: error: message (at /json/pointer)".
  [[nodiscard]] std::string format() const;
};

/// Makes an Error without a location.
inline Error make_error(std::string message) {
  return Error{std::move(message), {}};
}

/// Either a value or an Error. Check ok() before value().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] T& value() & { return std::get<0>(data_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(data_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(data_)); }
  [[nodiscard]] const Error& error() const { return std::get<1>(data_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> data_;
};

/// Result of an operation with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  [[nodiscard]] bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  [[nodiscard]] const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace assay
