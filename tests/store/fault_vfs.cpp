#include "fault_vfs.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <cstring>

namespace mealy::testing {
namespace {

// The default VFS, which the shim forwards to.
sqlite3_vfs* real_vfs() {
  static sqlite3_vfs* const real = sqlite3_vfs_find(nullptr);
  return real;
}

// A file opened through the shim: its methods, then the real file's bytes.
struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;
  FileRole role;
};

FileRole role_of(sqlite3_file* file) {
  return reinterpret_cast<ShimFile*>(file)->role;
}

sqlite3_file* real_of(sqlite3_file* file) {
  return reinterpret_cast<ShimFile*>(file)->real;
}

int shim_close(sqlite3_file* file) {
  sqlite3_file* real = real_of(file);
  return real->pMethods != nullptr ? real->pMethods->xClose(real) : SQLITE_OK;
}

int shim_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  bool short_write = false;
  if (const int code = FaultVfs::get().on_call(Io::read, role_of(file), short_write)) return code;
  sqlite3_file* real = real_of(file);
  return real->pMethods->xRead(real, buffer, amount, offset);
}

int shim_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  bool short_write = false;
  sqlite3_file* real = real_of(file);
  if (const int code = FaultVfs::get().on_call(Io::write, role_of(file), short_write)) {
    if (short_write && amount > 1) (void)real->pMethods->xWrite(real, buffer, amount / 2, offset);
    return code;
  }
  return real->pMethods->xWrite(real, buffer, amount, offset);
}

int shim_truncate(sqlite3_file* file, sqlite3_int64 size) {
  bool short_write = false;
  if (const int code = FaultVfs::get().on_call(Io::truncate, role_of(file), short_write))
    return code;
  sqlite3_file* real = real_of(file);
  return real->pMethods->xTruncate(real, size);
}

int shim_sync(sqlite3_file* file, int flags) {
  bool short_write = false;
  if (const int code = FaultVfs::get().on_call(Io::sync, role_of(file), short_write)) return code;
  sqlite3_file* real = real_of(file);
  return real->pMethods->xSync(real, flags);
}

// The rest only forward.
int shim_file_size(sqlite3_file* file, sqlite3_int64* size) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xFileSize(real, size);
}
int shim_lock(sqlite3_file* file, int lock) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xLock(real, lock);
}
int shim_unlock(sqlite3_file* file, int lock) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xUnlock(real, lock);
}
int shim_check_reserved_lock(sqlite3_file* file, int* out) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xCheckReservedLock(real, out);
}
int shim_file_control(sqlite3_file* file, int op, void* arg) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xFileControl(real, op, arg);
}
int shim_sector_size(sqlite3_file* file) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xSectorSize(real);
}
int shim_device_characteristics(sqlite3_file* file) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xDeviceCharacteristics(real);
}
int shim_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xShmMap(real, region, size, extend, out);
}
int shim_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xShmLock(real, offset, n, flags);
}
void shim_shm_barrier(sqlite3_file* file) {
  sqlite3_file* real = real_of(file);
  real->pMethods->xShmBarrier(real);
}
int shim_shm_unmap(sqlite3_file* file, int delete_flag) {
  sqlite3_file* real = real_of(file);
  return real->pMethods->xShmUnmap(real, delete_flag);
}

// Version 2: no xFetch, so SQLite never reads through a memory map, past xRead.
const sqlite3_io_methods kShimMethods = {
    2,
    shim_close,
    shim_read,
    shim_write,
    shim_truncate,
    shim_sync,
    shim_file_size,
    shim_lock,
    shim_unlock,
    shim_check_reserved_lock,
    shim_file_control,
    shim_sector_size,
    shim_device_characteristics,
    shim_shm_map,
    shim_shm_lock,
    shim_shm_barrier,
    shim_shm_unmap,
    nullptr,
    nullptr,
};

int shim_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* shim = reinterpret_cast<ShimFile*>(file);
  shim->base.pMethods = nullptr;
  shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
  shim->role = (flags & SQLITE_OPEN_MAIN_DB) != 0 ? FileRole::database
               : (flags & SQLITE_OPEN_WAL) != 0   ? FileRole::wal
                                                  : FileRole::other;
  const int code = real_vfs()->xOpen(real_vfs(), name, shim->real, flags, out_flags);
  if (shim->real->pMethods != nullptr) shim->base.pMethods = &kShimMethods;
  return code;
}
int shim_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return real_vfs()->xDelete(real_vfs(), name, sync_dir);
}
int shim_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs()->xAccess(real_vfs(), name, flags, out);
}
int shim_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs()->xFullPathname(real_vfs(), name, size, out);
}
void* shim_dl_open(sqlite3_vfs*, const char* name) {
  return real_vfs()->xDlOpen(real_vfs(), name);
}
void shim_dl_error(sqlite3_vfs*, int size, char* out) {
  real_vfs()->xDlError(real_vfs(), size, out);
}
void (*shim_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs()->xDlSym(real_vfs(), handle, symbol);
}
void shim_dl_close(sqlite3_vfs*, void* handle) {
  real_vfs()->xDlClose(real_vfs(), handle);
}
int shim_randomness(sqlite3_vfs*, int size, char* out) {
  return real_vfs()->xRandomness(real_vfs(), size, out);
}
int shim_sleep(sqlite3_vfs*, int microseconds) {
  return real_vfs()->xSleep(real_vfs(), microseconds);
}
int shim_current_time(sqlite3_vfs*, double* out) {
  return real_vfs()->xCurrentTime(real_vfs(), out);
}
int shim_get_last_error(sqlite3_vfs*, int size, char* out) {
  return real_vfs()->xGetLastError(real_vfs(), size, out);
}
int shim_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return real_vfs()->xCurrentTimeInt64(real_vfs(), out);
}

int error_for(Io kind) {
  switch (kind) {
    case Io::read:
      return SQLITE_IOERR_READ;
    case Io::write:
      return SQLITE_IOERR_WRITE;
    case Io::sync:
      return SQLITE_IOERR_FSYNC;
    case Io::truncate:
      return SQLITE_IOERR_TRUNCATE;
  }
  return SQLITE_IOERR;
}

}  // namespace

const char* name_of(Io kind) {
  switch (kind) {
    case Io::read:
      return "read";
    case Io::write:
      return "write";
    case Io::sync:
      return "sync";
    case Io::truncate:
      return "truncate";
  }
  return "?";
}

const char* name_of(Fault fault) {
  switch (fault) {
    case Fault::io_error:
      return "I/O error";
    case Fault::full:
      return "disk full";
    case Fault::short_write:
      return "short write";
  }
  return "?";
}

FaultVfs& FaultVfs::get() {
  static FaultVfs* const vfs = [] {
    auto* faults = new FaultVfs();  // lives as long as SQLite may call it
    auto* shim = new sqlite3_vfs{};
    sqlite3_vfs* real = real_vfs();
    shim->iVersion = 2;
    shim->szOsFile = static_cast<int>(sizeof(ShimFile)) + real->szOsFile;
    shim->mxPathname = real->mxPathname;
    shim->zName = kName;
    shim->xOpen = shim_open;
    shim->xDelete = shim_delete;
    shim->xAccess = shim_access;
    shim->xFullPathname = shim_full_pathname;
    shim->xDlOpen = shim_dl_open;
    shim->xDlError = shim_dl_error;
    shim->xDlSym = shim_dl_sym;
    shim->xDlClose = shim_dl_close;
    shim->xRandomness = shim_randomness;
    shim->xSleep = shim_sleep;
    shim->xCurrentTime = shim_current_time;
    shim->xGetLastError = shim_get_last_error;
    shim->xCurrentTimeInt64 = shim_current_time_int64;
    if (sqlite3_vfs_register(shim, 0) != SQLITE_OK) std::abort();
    return faults;
  }();
  return *vfs;
}

void FaultVfs::count() {
  active_ = false;
  failing_ = false;
  read_only_ = false;
  for (auto& count : counts_)
    count = 0;
  selected_ = 0;
  fired_ = false;
  active_ = true;
}

void FaultVfs::fail(Io kind, std::size_t nth, Fault fault, Only only) {
  count();
  active_ = false;
  failing_ = true;
  kind_ = kind;
  nth_ = nth;
  fault_ = fault;
  only_ = only;
  thread_ = std::this_thread::get_id();
  active_ = true;
}

void FaultVfs::fail_writes() {
  count();
  active_ = false;
  read_only_ = true;
  active_ = true;
}

void FaultVfs::stop() {
  active_ = false;
}

std::size_t FaultVfs::calls(Io kind) const {
  return counts_[static_cast<std::size_t>(kind)].load();
}

int FaultVfs::on_call(Io kind, FileRole role, bool& short_write) {
  if (!active_.load()) return 0;
  ++counts_[static_cast<std::size_t>(kind)];
  if (read_only_ && (kind == Io::write || kind == Io::truncate)) {
    fired_ = true;
    return error_for(kind);
  }
  if (!failing_ || kind != kind_) return 0;
  if (only_.file && *only_.file != role) return 0;
  if (only_.this_thread && std::this_thread::get_id() != thread_) return 0;
  if (++selected_ != nth_ || fired_.exchange(true)) return 0;
  if (kind != Io::write || fault_ == Fault::io_error) return error_for(kind);
  short_write = fault_ == Fault::short_write;
  return SQLITE_FULL;
}

}  // namespace mealy::testing
