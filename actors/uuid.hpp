// Time-ordered message ids (UUID version 7, RFC 9562).
#pragma once

#include <string>

namespace agenthub {

/// A new UUIDv7 as lower-case text: 48-bit Unix milliseconds, then random
/// bits. Time order keeps the messages primary key index append-mostly.
std::string make_uuid_v7();

} // namespace agenthub
