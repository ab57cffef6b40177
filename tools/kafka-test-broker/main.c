/* A real Kafka-protocol broker for tests: librdkafka's mock cluster.
 * Usage: kafka-test-broker [--brokers N] topic[:partitions] ...
 * Prints "BOOTSTRAP <servers>" once ready, then reads commands on stdin:
 *   topic <name> <partitions> | down <brokerId|-1> | up <brokerId|-1>
 *   error <apiKey> <errorCode> <count>  (next <count> requests of apiKey fail)
 * Exits when stdin closes, so it never outlives the test run that started it. */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void create_topic(rd_kafka_mock_cluster_t *mc, const char *spec, int brokers) {
  char name[256];
  int partitions = 3;
  if (sscanf(spec, "%255[^:]:%d", name, &partitions) < 1) return;
  rd_kafka_mock_topic_create(mc, name, partitions, brokers < 3 ? brokers : 3);
}

int main(int argc, char **argv) {
  int brokers = 1, i = 1;
  char errstr[512], line[512], arg[256];
  if (argc > 2 && strcmp(argv[1], "--brokers") == 0) { brokers = atoi(argv[2]); i = 3; }
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr); /* quiet the "no bootstrap.servers" warning */
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "mock cluster failed\n"); return 1; }
  for (; i < argc; i++) create_topic(mc, argv[i], brokers);
  printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);
  while (fgets(line, sizeof line, stdin)) {
    int a = 0, b = 0, c = 0;
    if (sscanf(line, "topic %255s %d", arg, &a) == 2) { snprintf(line, sizeof line, "%s:%d", arg, a); create_topic(mc, line, brokers); }
    else if (sscanf(line, "down %d", &a) == 1) rd_kafka_mock_broker_set_down(mc, a);
    else if (sscanf(line, "up %d", &a) == 1) rd_kafka_mock_broker_set_up(mc, a);
    else if (sscanf(line, "error %d %d %d", &a, &b, &c) == 3) {
      rd_kafka_resp_err_t errs[64];
      for (int k = 0; k < c && k < 64; k++) errs[k] = (rd_kafka_resp_err_t)b;
      rd_kafka_mock_push_request_errors_array(mc, (int16_t)a, c < 64 ? c : 64, errs);
    } else { fprintf(stderr, "unknown command: %s", line); continue; }
    printf("OK\n");
    fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
