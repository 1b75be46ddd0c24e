// Move-only owners of the three ct-lib handles (STYLE.md §3). Private to drivers/mssql: no
// public engine header includes this file.
#pragma once

#include <ctpublic.h>

#include <utility>

namespace etl::mssql {

//! Owns a pointer and releases it with `Release` once; movable, not copyable.
template <typename Handle, void (*Release)(Handle*)>
class CtHandle {
 public:
  CtHandle() = default;
  explicit CtHandle(Handle* handle) : handle_(handle) {}
  CtHandle(CtHandle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  CtHandle& operator=(CtHandle&& other) noexcept {
    if (this != &other) reset(std::exchange(other.handle_, nullptr));
    return *this;
  }
  CtHandle(const CtHandle&) = delete;
  CtHandle& operator=(const CtHandle&) = delete;
  ~CtHandle() { reset(); }

  Handle* get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  void reset(Handle* handle = nullptr) {
    if (handle_ != nullptr) Release(handle_);
    handle_ = handle;
  }

 private:
  Handle* handle_ = nullptr;
};

namespace detail {

inline void release_context(CS_CONTEXT* context) {
  // CS_FORCE_EXIT: connections still open are closed without waiting for results.
  ct_exit(context, CS_FORCE_EXIT);
  cs_ctx_drop(context);
}

inline void release_connection(CS_CONNECTION* connection) {
  // A dead or never-opened connection fails CS_UNUSED close; the forced close always frees.
  if (ct_close(connection, CS_UNUSED) != CS_SUCCEED) ct_close(connection, CS_FORCE_CLOSE);
  ct_con_drop(connection);
}

inline void release_command(CS_COMMAND* command) {
  ct_cmd_drop(command);
}

}  // namespace detail

using ContextHandle = CtHandle<CS_CONTEXT, detail::release_context>;
using ConnectionHandle = CtHandle<CS_CONNECTION, detail::release_connection>;
using CommandHandle = CtHandle<CS_COMMAND, detail::release_command>;

}  // namespace etl::mssql
