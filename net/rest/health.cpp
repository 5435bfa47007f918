// Liveness, readiness and the Prometheus endpoint.
#include "actors/hub_runtime.hpp"
#include "net/api_error.hpp"
#include "net/hub_context.hpp"
#include "net/probe.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace agenthub::net {

void add_health_routes(router& r, hub_context& ctx) {
  // Probes are not rate-limited: orchestrators poll them from one address.
  r.add(
    "GET", "/healthz", access::open,
    [&ctx](request_context, responder done) {
      done(json_response(
        200,
        {{"status", "ok"},
         {"uptime", std::floor(ctx.ready.uptime_seconds() * 1000) / 1000}}));
    },
    false);

  r.add(
    "GET", "/readyz", access::open,
    [&ctx](request_context, responder done) {
      auto& rd = ctx.ready;
      bool writer_ok = ctx.runtime.writer_healthy();
      nlohmann::json checks = {
        {"db", rd.db_ok() ? std::string{"ok"} : "error: " + rd.db_error()},
        {"writer", writer_ok ? "ok" : "error: cannot write to the database"}};
      if (rd.stopping())
        return done(
          json_response(503, {{"status", "stopping"}, {"checks", checks}}));
      if (!rd.started())
        return done(json_response(
          503,
          {{"status", "starting"}, {"step", rd.step()}, {"checks", checks}}));
      if (!rd.db_ok() || !writer_ok)
        return done(
          json_response(503, {{"status", "unavailable"}, {"checks", checks}}));
      done(json_response(200, {{"status", "ready"}, {"checks", checks}}));
    },
    false);

  // Engine.IO long-polling is not offered: say so clearly, once, instead of
  // a client retrying a 404 forever (protocols.md §A.1).
  for (const char* method : {"GET", "POST"})
    r.add(method, "/socket.io", access::open,
          [](request_context, responder done) {
            done(error_response(api_error{
              400, "transport_unsupported",
              "AgentHub serves Socket.IO over WebSocket only: connect with "
              "io(url + '/agents', { transports: ['websocket'] })"}));
          });

  r.add(
    "GET", "/metrics", access::open,
    [&ctx](request_context, responder done) {
      http_response res;
      res.content_type = "text/plain; version=0.0.4; charset=utf-8";
      res.body = probe::render(ctx.metrics);
      done(std::move(res));
    },
    false);
}

} // namespace agenthub::net
