// The benchmarks' ledger aggregate (schemas/ledger.yaml): its host, a Post
// command whose event is about 300 bytes of JSON, and aggregate ids.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "ledger.mealy.hpp"

namespace mealy::bench {

namespace ledger = ::bench::ledger::ledger;

// The apply hook ledger.yaml names; safe on many threads at once.
struct LedgerHost {
  void add_posting(ledger::Aggregate& aggregate, const ledger::events::Posted& event) const {
    aggregate.data.balance_minor += event.amount_minor;
    ++aggregate.data.postings;
  }
};

// Aggregate number n's id: n in the last bytes of a fixed v7-shaped id.
inline Uuid ledger_id(std::uint64_t n) {
  std::array<std::uint8_t, 16> bytes{0x01, 0x93, 0x5f, 0x10, 0x20, 0x00, 0x70, 0x00, 0x80};
  for (int i = 0; i < 7; ++i)
    bytes[static_cast<std::size_t>(15 - i)] = static_cast<std::uint8_t>(n >> (8 * i));
  return Uuid(bytes);
}

// A posting as a business would send it; its Posted event is ~300 bytes.
inline ledger::commands::Post sample_post(std::uint64_t n) {
  ledger::commands::Post post;
  post.reference = "INV-2026-" + std::to_string(100000 + n % 900000);
  post.counterparty = ledger_id(n * 7919 + 17);
  post.amount_minor = static_cast<std::int64_t>(1999 + n % 50000);
  post.currency = "EUR";
  post.memo =
      "Monthly subscription, team plan (12 seats), billed in advance; card ending 4242, receipt "
      "sent";
  post.tags = {"sales", "subscription", "eu-vat"};
  post.booked_at =
      Timestamp(std::chrono::microseconds(1'795'000'000'000'000LL + static_cast<std::int64_t>(n)));
  return post;
}

}  // namespace mealy::bench
