// The connections of a PostgreSQL store: opened when needed, up to a
// maximum, kept open for reuse. Private to the runtime.
//
// A connection in use belongs to one caller (a Lease); callers beyond the
// maximum wait for one to come back. A connection that broke (the server
// restarted, the network dropped it) is closed when it comes back or when
// it is found broken before use, and a new one is opened in its place: after
// a restart the store recovers without being reopened.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pg_connection.hpp"

namespace mealy::postgres {

class Pool {
 public:
  // `conninfo` as libpq takes it; `where` names the store in messages.
  Pool(std::string conninfo, std::string where, std::size_t max_connections);
  ~Pool();

  // A connection lent to one caller until the Lease goes.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // A healthy connection: an idle one, or a new one while fewer than the
  // maximum are open; else waits for one. An error when connecting fails.
  Result<Lease> acquire();

  [[nodiscard]] const std::string& where() const { return where_; }

 private:
  void give_back(std::unique_ptr<Connection> connection);

  std::string conninfo_;
  std::string where_;
  std::size_t max_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle and lent
};

}  // namespace mealy::postgres
