#include "pg_pool.hpp"

namespace mealy::postgres {

Pool::Pool(std::string conninfo, std::string where, std::size_t max_connections)
    : conninfo_(std::move(conninfo)),
      where_(std::move(where)),
      max_(max_connections == 0 ? 1 : max_connections) {}

Pool::~Pool() {
  idle_.clear();
}

Pool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->healthy()) return Lease(*this, std::move(connection));
      --open_;  // closed as it goes
    }
    if (open_ < max_) break;
    returned_.wait(lock);
  }
  ++open_;
  lock.unlock();
  auto opened = Connection::open(conninfo_, where_);
  if (!opened) {
    lock.lock();
    --open_;
    returned_.notify_one();
    return opened.status();
  }
  return Lease(*this, std::move(*opened));
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection->broken() || PQtransactionStatus(connection->get()) != PQTRANS_IDLE) {
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  returned_.notify_one();
}

}  // namespace mealy::postgres
