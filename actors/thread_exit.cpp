#include "actors/thread_exit.hpp"

#include <caf/abstract_actor.hpp>

#include <openssl/crypto.h>

namespace agenthub {

void release_openssl_thread_state_on_exit(caf::abstract_actor* self) {
  // Attached functors run in the actor's cleanup, on its own thread.
  self->attach_functor([] { OPENSSL_thread_stop(); });
}

} // namespace agenthub
