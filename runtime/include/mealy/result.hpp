// Status and Result<T>: errors as values.
//
// A Status is cheap on success (no allocation) and carries a code and a
// message with context on failure. Result<T> holds either a T or a failed
// Status. Domain rejections and concurrency conflicts are not errors: they
// are ordinary outcomes of their own types; Status is for what went wrong.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mealy {

enum class StatusCode {
  ok,
  invalid_argument,  // bad input: malformed JSON, a value out of range, ...
  not_found,
  corruption,  // stored data that cannot be read
  io_error,
  unsupported,  // e.g. a store written by a newer version
  internal,
  // For now: the store is locked by another connection or process past its
  // busy timeout, or its server cannot be reached. The same call may
  // succeed later; nothing was written.
  unavailable,
  // An operation ran past the time it was given (SqlReadOptions::timeout).
  deadline_exceeded,
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status invalid_argument(std::string message) {
    return {StatusCode::invalid_argument, std::move(message)};
  }

  [[nodiscard]] bool ok() const { return code_ == StatusCode::ok; }
  [[nodiscard]] StatusCode code() const { return code_; }
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::ok;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "a Result holding a Status must hold a failure");
  }

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  // The value; only when ok().
  [[nodiscard]] T& value() & { return std::get<T>(data_); }
  [[nodiscard]] const T& value() const& { return std::get<T>(data_); }
  [[nodiscard]] T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // The failure; only when !ok().
  [[nodiscard]] const Status& status() const { return std::get<Status>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace mealy
