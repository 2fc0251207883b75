// Whole documents: the size limit, malformed JSON, trailing content, and the
// parser and buffers behind decode_document.
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

using mealy::testing::decode;
using mealy::testing::decode_error;
using mealy::testing::encode;

TEST_CASE("documents above max_bytes are refused before parsing", "[document][limits]") {
  const mealy::json::Limits ten{.max_bytes = 10, .max_depth = 64};
  std::vector<std::int32_t> list;
  CHECK(decode("[1,2,3,4]", list, ten) == "");   // 9 bytes
  CHECK(decode("[1,2,3,44]", list, ten) == "");  // 10 bytes
  CHECK(decode("[1,2,3,444]", list, ten) ==
        "$: document of 11 bytes exceeds the limit of 10 bytes");
  CHECK(decode("[1,2,3,4 ", list, ten) == "$: malformed JSON: an array or object is not closed");
}

TEST_CASE("malformed JSON is reported where it was found", "[document][errors]") {
  using List = std::vector<std::int32_t>;
  using Map = std::map<std::string, std::int32_t>;
  const std::string structure =
      "malformed JSON: a missing or misplaced comma, colon, key, brace or bracket";
  CHECK(decode_error<List>("[1,,2]") == "$[1]: " + structure);
  CHECK(decode_error<List>("[1 2]") == "$: " + structure);
  CHECK(decode_error<List>("[1,]") == "$[1]: " + structure);
  CHECK(decode_error<List>("[1") == "$: malformed JSON: an array or object is not closed");
  CHECK(decode_error<List>("[[1]") == "$[0]: expected int32, got array");
  CHECK(decode_error<Map>(R"({"a":})") == "$.a: " + structure);
  CHECK(decode_error<Map>(R"({"a" 1})") == "$: " + structure);
  CHECK(decode_error<Map>(R"({"a":1,})") == "$: " + structure);
  CHECK(decode_error<Map>(R"({"a":1)") == "$: " + structure);
  CHECK(decode_error<Map>(R"({1:2})") == "$: " + structure);
  CHECK(decode_error<Map>("{") == "$: " + structure);
  CHECK(decode_error<Map>("}") == "$: " + structure);
  CHECK(decode_error<Map>("]") == "$: " + structure);
  CHECK(decode_error<Map>(R"({"a":1]})") == "$: " + structure);
  CHECK(decode_error<Map>(R"({"a":"x)") == "$: malformed JSON: a string is not closed");
}

TEST_CASE("an empty document is an error", "[document][errors]") {
  CHECK(decode_error<std::int32_t>("") == "$: malformed JSON: the document is empty");
  CHECK(decode_error<std::int32_t>(" \n\t ") == "$: malformed JSON: the document is empty");
}

TEST_CASE("content after the JSON value is an error", "[document][errors]") {
  using Map = std::map<std::string, std::int32_t>;
  const std::string trailing = "$: trailing content after the JSON value";
  CHECK(decode_error<Map>("{} {}") == trailing);
  CHECK(decode_error<Map>(R"({"a":1} 5)") == trailing);
  CHECK(decode_error<Map>("{}]") == trailing);
  CHECK(decode_error<Map>("{},") == trailing);
  CHECK(decode_error<Map>("{} x") == trailing);
  CHECK(decode_error<std::int32_t>("1 2") == trailing);
  CHECK(decode_error<std::int32_t>("1,2") == trailing);
  CHECK(decode_error<std::int32_t>("1]") == trailing);
  CHECK(decode_error<std::string>(R"("a" "b")") == trailing);
  CHECK(decode_error<std::optional<std::int32_t>>("null null") == trailing);
  CHECK(decode_error<std::vector<std::int32_t>>("[1] [2]") == trailing);
  Map map;
  CHECK(decode(" \n{\"a\":1}\r\n\t ", map) == "");
}

TEST_CASE("a reader that stops early still gets the trailing-content check", "[document]") {
  // Reads only the first element of an array root.
  auto first_only = [](std::string_view json, std::int32_t& out) {
    return mealy::json::decode_document(
        json, {}, [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
          simdjson::ondemand::array array;
          if (mealy::json::simdjson_value(value).get_array().get(array) != simdjson::SUCCESS)
            return false;
          for (auto element : array) {
            simdjson::ondemand::value item;
            if (element.get(item) != simdjson::SUCCESS) return false;
            return read(ctx, mealy::json::handle(item), out);
          }
          return ctx.fail("empty");
        });
  };
  std::int32_t out = 0;
  CHECK(first_only("[7,8,[9]]", out).ok());
  CHECK(out == 7);
  CHECK(first_only("[7,8,[9]] 1", out).message() == "$: trailing content after the JSON value");
}

TEST_CASE("a reader that fails without saying why still fails", "[document][errors]") {
  const mealy::Status status = mealy::json::decode_document(
      "{}", {}, [](mealy::json::ReadContext&, mealy::json::Value) { return false; });
  CHECK(status.code() == mealy::StatusCode::invalid_argument);
  CHECK(status.message() == "$: the value could not be read");
}

TEST_CASE("a simdjson exception inside the reader becomes an error", "[document][errors]") {
  const mealy::Status status = mealy::json::decode_document(
      R"("text")", {}, [](mealy::json::ReadContext&, mealy::json::Value value) {
        const std::int64_t number =
            mealy::json::simdjson_value(value).get_int64();  // throws: not a number
        return number > 0;
      });
  CHECK(status.message() == "$: malformed JSON: an unexpected token");
}

TEST_CASE("large documents decode", "[document][limits]") {
  std::vector<std::int32_t> big(200'000);
  for (std::size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<std::int32_t>(i * 7919);
  const std::string json = encode(big);
  REQUIRE(json.size() > (std::size_t{256} << 10));
  std::vector<std::int32_t> back;
  REQUIRE(decode(json, back) == "");
  CHECK(back == big);
  std::vector<std::int32_t> small;  // and the thread's own buffers still work after it
  REQUIRE(decode("[1,2]", small) == "");
  CHECK(small == std::vector<std::int32_t>{1, 2});
}

TEST_CASE("a reader may decode another document inside its own", "[document]") {
  std::string inner_text;
  std::vector<std::int32_t> inner;
  const mealy::Status status = mealy::json::decode_document(
      R"({"payload":"[1,2,3]","after":true})", {},
      [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
        simdjson::ondemand::object object;
        if (mealy::json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
          return false;
        for (auto field : object) {
          std::string_view key;
          simdjson::ondemand::value item_value;
          if (field.unescaped_key().get(key) || field.value().get(item_value)) return false;
          const mealy::json::Value item = mealy::json::handle(item_value);
          if (key == "payload") {
            if (!read(ctx, item, inner_text)) return false;
            if (!decode(inner_text, inner).empty()) return false;
          } else {
            bool after = false;
            if (!read(ctx, item, after) || !after) return false;
          }
        }
        return true;
      });
  CHECK(status.ok());
  CHECK(inner == std::vector<std::int32_t>{1, 2, 3});
}

TEST_CASE("threads decode at the same time, each with its own parser", "[document]") {
  constexpr int kThreads = 4;
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &failures] {
      for (std::int32_t i = 0; i < 2'000; ++i) {
        const std::vector<std::int32_t> value{t, i, -i};
        std::vector<std::int32_t> back;
        const std::string error = decode(encode(value), back);
        if (!error.empty() || back != value) {
          failures[static_cast<std::size_t>(t)] = "thread " + std::to_string(t) + ": " + error;
          return;
        }
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  for (const std::string& failure : failures)
    CHECK(failure == "");
}
