// Registration of the actor message vocabulary.
#include "actors/messages.hpp"

#include "actors/errc.hpp"

#include <caf/actor_system_config.hpp>

namespace agenthub {

void register_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::agenthub>();
  // Typed handles travel inside messages (join carries the session, the
  // registry answers with a room): register them too.
  cfg.add_message_type<session_actor>("agenthub::session_actor");
  cfg.add_message_type<room_actor>("agenthub::room_actor");
  cfg.add_message_type<writer_actor>("agenthub::writer_actor");
  cfg.add_message_type<registry_actor>("agenthub::registry_actor");
  cfg.add_message_type<stats_actor>("agenthub::stats_actor");
  cfg.add_error_category(
    errc_category, [](uint8_t code, caf::atom_value, const caf::message&) {
      return std::string{"agenthub: "} + to_code(static_cast<errc>(code));
    });
}

} // namespace agenthub
