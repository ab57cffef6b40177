#!/usr/bin/env bash
# Prints a secret.env with fresh random keys: ./make-secret-env.sh > secret.env, then set the database URLs.
set -euo pipefail
key() { openssl rand -base64 32; }
api_key() { openssl rand -hex 24; }
echo "API_KEYS=admin:$(api_key),integration:$(api_key),finance:$(api_key),analyst:$(api_key)"
echo "PII_MASTER_KEY=$(key)"
echo "BLIND_INDEX_PEPPER=$(key)"
echo "REFERRER_TOKEN_SECRET=$(key)"
grep '_DATABASE_URL=' "$(dirname "$0")/secret.env.example"
