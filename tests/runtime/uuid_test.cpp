// Uuid: the canonical form, parsing, version 7 generation; and the clocks.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mealy/values.hpp"

using mealy::Timestamp;
using mealy::Uuid;

namespace {

Timestamp day_at(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return Timestamp(sys_days(year(y) / month(m) / day(d)));
}

std::uint64_t millisecond_of(const Uuid& uuid) {
  std::uint64_t ms = 0;
  for (int i = 0; i < 6; ++i)
    ms = ms << 8 | uuid.bytes()[static_cast<std::size_t>(i)];
  return ms;
}

std::uint64_t millisecond_of(Timestamp time) {
  return static_cast<std::uint64_t>(
      std::chrono::floor<std::chrono::milliseconds>(time.time_since_epoch()).count());
}

void check_version_and_variant(const Uuid& uuid) {
  INFO(uuid.to_string());
  CHECK((uuid.bytes()[6] >> 4) == 7);
  CHECK((uuid.bytes()[8] >> 6) == 0b10);
  CHECK(uuid.to_string()[14] == '7');
}

}  // namespace

TEST_CASE("uuids parse in either case and format lowercase", "[uuid]") {
  const auto lower = Uuid::parse("01234567-89ab-cdef-fedc-ba9876543210");
  const auto upper = Uuid::parse("01234567-89AB-CDEF-FEDC-BA9876543210");
  REQUIRE(lower);
  REQUIRE(upper);
  CHECK(*lower == *upper);
  CHECK(lower->bytes() == std::array<std::uint8_t, 16>{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd,
                                                       0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54,
                                                       0x32, 0x10});
  CHECK(upper->to_string() == "01234567-89ab-cdef-fedc-ba9876543210");
  char buffer[37] = {};
  upper->format(buffer);
  CHECK(std::string(buffer) == "01234567-89ab-cdef-fedc-ba9876543210");
  CHECK(Uuid::parse("00000000-0000-0000-0000-000000000000")->is_nil());
  CHECK_FALSE(lower->is_nil());
  CHECK(Uuid().to_string() == "00000000-0000-0000-0000-000000000000");
  CHECK(Uuid::parse("ffffffff-ffff-ffff-ffff-ffffffffffff")->to_string() ==
        "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

TEST_CASE("uuids refuse anything but 8-4-4-4-12 hex digits", "[uuid]") {
  for (std::string_view text : {
           "",
           "xyz",
           "0123456789abcdeffedcba9876543210",
           "{01234567-89ab-cdef-fedc-ba9876543210}",
           "urn:uuid:01234567-89ab-cdef-fedc-ba9876543210",
           "01234567-89ab-cdef-fedc-ba987654321",
           "01234567-89ab-cdef-fedc-ba98765432100",
           "0123456-789ab-cdef-fedc-ba9876543210",
           "01234567_89ab_cdef_fedc_ba9876543210",
           "01234567-89ab-cdef-fedc-ba987654321g",
           "g1234567-89ab-cdef-fedc-ba9876543210",
           " 1234567-89ab-cdef-fedc-ba9876543210",
           "01234567-89ab-cdef-fedc-ba987654321 ",
           "01234567-89ab-cdef-fedc-+a9876543210",
       }) {
    INFO('"' << text << '"');
    CHECK_FALSE(Uuid::parse(text).has_value());
  }
}

TEST_CASE("uuids order by their bytes", "[uuid]") {
  const Uuid a = *Uuid::parse("00000000-0000-0000-0000-000000000001");
  const Uuid b = *Uuid::parse("00000000-0000-0000-0000-000000000100");
  const Uuid c = *Uuid::parse("10000000-0000-0000-0000-000000000000");
  CHECK(a < b);
  CHECK(b < c);
  CHECK(a != c);
}

TEST_CASE("v7 uuids carry the millisecond, the version and the variant", "[uuid]") {
  const Timestamp time = day_at(2001, 2, 3) + std::chrono::microseconds(123'456'789);
  const Uuid uuid = Uuid::v7(time);
  check_version_and_variant(uuid);
  CHECK(millisecond_of(uuid) == millisecond_of(time));
  CHECK(millisecond_of(time) == 981158523456);
  CHECK(uuid.to_string().substr(0, 15) == "00e4719a-f240-7");
  CHECK(millisecond_of(Uuid::v7(Timestamp(std::chrono::microseconds(-5'000'000'000)))) == 0);
}

TEST_CASE("10,000 successive v7 uuids increase", "[uuid]") {
  const mealy::SystemClock clock;
  std::vector<Uuid> ids;
  ids.reserve(10'000);
  for (int i = 0; i < 10'000; ++i)
    ids.push_back(Uuid::v7(clock.now()));
  for (std::size_t i = 1; i < ids.size(); ++i) {
    INFO(ids[i - 1].to_string() << " then " << ids[i].to_string());
    REQUIRE(ids[i - 1] < ids[i]);
  }
  for (const Uuid& id : ids)
    check_version_and_variant(id);
  CHECK(std::set<Uuid>(ids.begin(), ids.end()).size() == ids.size());
}

TEST_CASE("v7 uuids within one millisecond increase", "[uuid]") {
  const Timestamp time = day_at(2002, 1, 1);
  Uuid previous = Uuid::v7(time);
  for (int i = 0; i < 10'000; ++i) {
    const Uuid next = Uuid::v7(time);
    REQUIRE(previous < next);
    REQUIRE(millisecond_of(next) == millisecond_of(time));
    previous = next;
  }
}

TEST_CASE("v7 uuids keep increasing when the clock steps back a little", "[uuid]") {
  const Timestamp time = day_at(2003, 1, 1);
  const Uuid before = Uuid::v7(time);
  const Uuid after = Uuid::v7(time - std::chrono::seconds(1));
  CHECK(before < after);
  CHECK(millisecond_of(after) == millisecond_of(time));
  // A large step back is taken as it is.
  const Uuid much_earlier = Uuid::v7(time - std::chrono::hours(1));
  CHECK(millisecond_of(much_earlier) == millisecond_of(time - std::chrono::hours(1)));
}

TEST_CASE("v7 uuids from many threads are unique", "[uuid]") {
  constexpr int kThreads = 4;
  constexpr int kEach = 5'000;
  std::vector<std::vector<Uuid>> made(kThreads);
  std::vector<std::thread> threads;
  const mealy::SystemClock clock;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        made[static_cast<std::size_t>(t)].push_back(Uuid::v7(clock.now()));
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  std::set<Uuid> all;
  for (const auto& ids : made) {
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    all.insert(ids.begin(), ids.end());
  }
  CHECK(all.size() == kThreads * kEach);
}

TEST_CASE("clocks", "[clock]") {
  const mealy::SystemClock system;
  const auto before = std::chrono::system_clock::now();
  const Timestamp now = system.now();
  const auto after = std::chrono::system_clock::now();
  CHECK(now >= std::chrono::floor<std::chrono::microseconds>(before));
  CHECK(now <= after);

  mealy::FixedClock fixed(day_at(2026, 11, 22));
  CHECK(fixed.now() == day_at(2026, 11, 22));
  fixed.set(day_at(2027, 1, 1));
  const mealy::Clock& clock = fixed;
  CHECK(clock.now() == day_at(2027, 1, 1));
}
