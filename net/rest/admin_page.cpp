// GET /admin/ and its files: the admin page. Open routes (the page logs in
// with an admin API token itself); a strict CSP allows only our own files.
#include "net/rest/admin_page.hpp"

#include "net/api_error.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"

namespace agenthub::net {

namespace {

std::string content_type_of(const std::string& name) {
  auto dot = name.rfind('.');
  auto ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  if (ext == "html")
    return "text/html; charset=utf-8";
  if (ext == "js")
    return "text/javascript; charset=utf-8";
  if (ext == "css")
    return "text/css; charset=utf-8";
  if (ext == "svg")
    return "image/svg+xml";
  return "application/octet-stream";
}

http_response page_response(const admin_page_file& f) {
  http_response r;
  r.content_type = content_type_of(f.name);
  r.body = f.body;
  // Replaces the API's `default-src 'none'`: scripts, styles, images and
  // fetches from this origin only; no inline code, no framing.
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; base-uri 'none'; "
                         "form-action 'none'; frame-ancestors 'none'");
  return r;
}

} // namespace

void add_admin_page_routes(router& r) {
  for (const auto& f : admin_page_files()) {
    // Not rate-limited: static bytes, cheaper than the limiter's bookkeeping.
    auto handler
      = [&f](request_context, responder done) { done(page_response(f)); };
    if (f.name == "index.html")
      r.add("GET", "/admin", access::open, handler, false); // also "/admin/"
    r.add("GET", "/admin/" + f.name, access::open, handler, false);
  }
}

} // namespace agenthub::net
