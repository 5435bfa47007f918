// What a detached actor's own thread must release before the actor is
// counted as gone.
#pragma once

namespace caf {
class abstract_actor;
} // namespace caf

namespace agenthub {

/// Frees OpenSSL's per-thread state (random generators, error queue) on
/// `self`'s thread when `self` terminates. Call it from the body of every
/// detached actor whose thread may touch OpenSSL, directly or through libpq
/// (SCRAM authentication draws its nonce with RAND_bytes).
///
/// Why: CAF counts a detached actor as gone before its thread has run its
/// thread-exit destructors, so the process can reach OPENSSL_cleanup (an
/// atexit handler) first. That deletes OpenSSL's thread-exit hook, and the
/// late thread's state is then never freed (LeakSanitizer reports it).
void release_openssl_thread_state_on_exit(caf::abstract_actor* self);

} // namespace agenthub
