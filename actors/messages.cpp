// Registration of the actor message vocabulary.
#include "actors/messages.hpp"

#include <caf/actor_system_config.hpp>

namespace agenthub {

void register_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::agenthub>();
}

} // namespace agenthub
