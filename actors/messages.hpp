// The actor message vocabulary: every type and atom sent between actors.
#pragma once

#include "actors/blocking_pool.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/type_id.hpp>

#include <cstdint>
#include <string>

// Local-only payloads: they hold callbacks or pointers and never cross nodes.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(agenthub::blocking_job)

CAF_BEGIN_TYPE_ID_BLOCK(agenthub, caf::first_custom_type_id)
  CAF_ADD_ATOM(agenthub, agenthub, run_atom, "run")
CAF_END_TYPE_ID_BLOCK(agenthub)

namespace agenthub {

/// Registers every type of this header with the actor system; call on every
/// node before the system is created.
void register_message_types(caf::actor_system_config& cfg);

} // namespace agenthub
