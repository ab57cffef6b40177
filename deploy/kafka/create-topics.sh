#!/usr/bin/env bash
# Creates the public topics of DESIGN.md §4 and their dead-letter topics. Production brokers run with
# auto-creation off, so this runs once per cluster (docker compose does it in the kafka-init service).
#
# Settings, per topic kind:
# - min.insync.replicas = replication factor - 1 (at least 1): a producer with acks=all goes on with one broker down.
# - cleanup.policy=delete everywhere: events are facts, not a latest value per key, so nothing is compacted.
# - retention: the event store is the source of truth and the relay can publish again, but consumers and the
#   projections fed by topics replay from Kafka: events are kept EVENT_RETENTION_MS (30 days; -1 keeps them for
#   ever, which rebuilding a Kafka-fed projection from the start needs), notifications 7 days (they are only
#   worth sending while fresh), dead letters DLQ_RETENTION_MS (90 days: someone must look at them first).
set -euo pipefail
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
partitions=${PARTITIONS:-6}
replication=${REPLICATION_FACTOR:-1}
min_insync=$(( replication > 1 ? replication - 1 : 1 ))
event_retention=${EVENT_RETENTION_MS:-2592000000}
dlq_retention=${DLQ_RETENTION_MS:-7776000000}
notification_retention=604800000

create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$partitions" --replication-factor "$replication" \
    --config min.insync.replicas="$min_insync" --config cleanup.policy=delete --config retention.ms="$2"
}

for topic in platform.customer-events.v1 referrals.attribution.v1 referrals.fraud.v1 referrals.rewards.v1 referrals.notifications.v1; do
  if [ "$topic" = referrals.notifications.v1 ]; then create "$topic" "$notification_retention"; else create "$topic" "$event_retention"; fi
  create "$topic.dlq" "$dlq_retention"
done
