#!/usr/bin/env bash
# Runs once, when the primary's data folder is created (/docker-entrypoint-initdb.d): lets the streaming replica of
# the `scale` profile connect for replication, with the same password authentication as every other connection.
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "${PGDATA}/pg_hba.conf"
