#!/usr/bin/env bash
# Creates the public topics of DESIGN.md §4 and their dead-letter topics. Production brokers run with
# auto-creation off, so this runs once per cluster (docker compose does it in the kafka-init service).
set -euo pipefail
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
partitions=${PARTITIONS:-6}
replication=${REPLICATION_FACTOR:-1}
for topic in platform.customer-events.v1 referrals.attribution.v1 referrals.fraud.v1 referrals.rewards.v1 referrals.notifications.v1; do
  for name in "$topic" "$topic.dlq"; do
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$name" --partitions "$partitions" --replication-factor "$replication" \
      --config min.insync.replicas=$(( replication > 1 ? 2 : 1 ))
  done
done
