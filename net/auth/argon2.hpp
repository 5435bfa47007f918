// Argon2id hashing of API tokens as PHC strings (OWASP minimum cost).
#pragma once

#include <string>
#include <string_view>

namespace agenthub::auth {

/// Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) of
/// `secret` with a random salt and the cost from `config/defaults.hpp`.
/// Blocking (~19 MiB, tens of ms): call it off the actor scheduler. Throws
/// `std::runtime_error` if hashing fails.
std::string argon2id_hash(std::string_view secret);

/// True iff `phc` is a valid argon2id PHC string and `secret` matches.
/// Never throws; false for malformed input and for costs above a sanity cap
/// (a corrupt row must not make one verification allocate gigabytes).
bool argon2id_verify(const std::string& phc, std::string_view secret);

/// A fixed hash (computed once, thread-safe static) verified against when a
/// token prefix is unknown, so an unknown prefix costs the same as a wrong
/// secret (no timing oracle). Its secret is random and discarded, so no
/// input verifies against it.
const std::string& argon2id_dummy_hash();

/// True if `phc` is an argon2id v=19 PHC string with m >= 19456, t >= 2 and
/// p >= 1 (used to flag weak stored hashes).
bool argon2id_meets_minimum(const std::string& phc);

} // namespace agenthub::auth
