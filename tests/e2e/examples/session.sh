#!/bin/sh
# Prints a 15-minute session JWT for an agent's API token (agt_...).
#
#   AGENT_TOKEN=agt_... sh session.sh http://localhost:3000
set -eu
HUB=${1:-${AGENTHUB_URL:-http://localhost:3000}}
response=$(curl -sSf -X POST -H "Authorization: Bearer $AGENT_TOKEN" "$HUB/api/v1/sessions")
printf '%s\n' "$response" | sed -E 's/.*"token":"([^"]+)".*/\1/'
