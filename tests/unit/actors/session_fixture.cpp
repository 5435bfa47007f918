// The scripted room and registry, and the session fixture's plumbing.
#include "session_fixture.hpp"

#include <algorithm>

namespace agenthub::test {

room_actor::behavior_type scripted_room(room_actor::pointer self,
                                        std::shared_ptr<room_script> s) {
  return {
    [=](join_atom, const session_actor&,
        const std::string& agent) -> caf::result<join_result> {
      s->joined_agents.push_back(agent);
      if (s->join_error)
        return *s->join_error;
      return join_result{s->id, s->slug, s->last_seq, {}};
    },
    [=](leave_atom, const session_actor&) { ++s->leaves; },
    [=](publish_atom, send_request& req) -> caf::result<send_result> {
      s->published.push_back(req);
      switch (s->on_publish) {
        case room_script::fail:
          return s->publish_error;
        case room_script::never: {
          auto rp = self->make_response_promise<send_result>();
          s->unanswered.push_back(rp);
          return rp;
        }
        case room_script::ack:
          break;
      }
      auto seq = s->next_seq++;
      return send_result{"msg-" + std::to_string(seq), seq,
                         "2026-11-22T05:13:39.860Z", false};
    },
    [=](fetch_atom, std::uint64_t after, std::uint32_t max) {
      s->fetched_after.push_back(after);
      fetch_result r;
      r.complete = true;
      for (const auto& m : s->log)
        if (m.seq > after && r.messages.size() < max)
          r.messages.push_back(m);
      return r;
    },
    [=](presence_atom, const std::string&) {
      return std::vector<presence_entry>{};
    },
    [=](heartbeat_atom, const session_actor&) {
      // nop
    },
    [=](member_atom, const std::string&, bool) {
      // nop
    },
    [=](archive_atom) {
      // nop
    },
    [=](loaded_atom, const room_snapshot&) {
      // nop
    },
    [=](tick_atom) {
      // nop
    },
    [=](report_atom) {
      // nop
    },
  };
}

registry_actor::behavior_type
scripted_registry(registry_actor::pointer, std::shared_ptr<registry_script> s) {
  return {
    [=](get_room_atom, const std::string& id) -> caf::result<room_actor> {
      s->asked.push_back(id);
      auto i = s->rooms.find(id);
      if (i == s->rooms.end())
        return make_error(errc::room_not_found);
      return i->second;
    },
    [=](member_atom, const std::string&, const std::string&, bool) {
      // nop
    },
    [=](archive_atom, const std::string&) {
      // nop
    },
  };
}

session_fixture::session_fixture() {
  pool = std::make_unique<blocking_pool>(
    sys, "test-db", 1, 64, "host=/nonexistent-agenthub-unit-test");
  auto opened = gate.get_future().share();
  BOOST_REQUIRE(pool->submit([opened](worker_db&) { opened.wait(); }));
  registry = track(sys.spawn(scripted_registry, registry_s));
}

session_fixture::~session_fixture() {
  kill_all();       // the session first: it is the newest actor
  gate.set_value(); // now the parked worker may run the session's job
  pool->stop();
}

std::shared_ptr<room_script> session_fixture::add_room(const std::string& id,
                                                       const std::string& slug,
                                                       std::uint64_t last_seq) {
  auto s = std::make_shared<room_script>();
  s->id = id;
  s->slug = slug;
  for (std::uint64_t seq = 1; seq <= last_seq; ++seq)
    s->commit();
  registry_s->rooms[id] = track(sys.spawn(scripted_room, s));
  return s;
}

void session_fixture::connect(std::vector<std::string> room_ids) {
  session_identity who;
  who.agent_id = agent;
  who.name = "Agent A";
  who.role = "agent";
  who.expires_at = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch()
                     + std::chrono::hours(1))
                     .count();
  session = track(spawn_session(sys, who, sink, {registry, pool.get()}));
  // Queued before the session first runs, so it is handled before anything
  // the session sends itself while starting.
  caf::anon_send(session, rooms_atom_v, std::move(room_ids));
  sched.run();
}

void session_fixture::command(client_command cmd) {
  caf::anon_send(session, command_atom_v, std::move(cmd));
  sched.run();
}

void session_fixture::send(const std::string& ref, const std::string& room,
                           const std::string& body,
                           const std::string& client_msg_id) {
  client_command cmd;
  cmd.event = "message:send";
  cmd.ref = ref;
  cmd.room = room;
  cmd.body = body;
  cmd.client_msg_id = client_msg_id;
  command(std::move(cmd));
}

void session_fixture::live(const message_record& m) {
  caf::anon_send(session, deliver_atom_v, make_shared_message(m));
  sched.run();
}

} // namespace agenthub::test
