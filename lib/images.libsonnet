// images.libsonnet: every container image, pinned, in one place. Never `latest`.
{
  // Valkey: the BSD-licensed fork of Redis, official image (see raibid/redis.libsonnet).
  valkey: 'docker.io/valkey/valkey:8.0.2-alpine',
  // Queue metrics for the raibid dashboard (redis_exporter reads Valkey too).
  redisExporter: 'docker.io/oliver006/redis_exporter:v1.77.0',
  // Gitea's official rootless image (raibid/gitea.libsonnet).
  gitea: 'docker.gitea.com/gitea:1.25.2-rootless',
  // Tempo's write-ahead queue in distributed mode (mop/kafka.libsonnet).
  kafka: 'docker.io/apache/kafka:4.1.1',
  kafkaExporter: 'docker.io/danielqsj/kafka-exporter:v1.9.0',
  minio: 'quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z',
  mc: 'quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z',
  postgres: 'docker.io/library/postgres:16.6-alpine',
  raibidServer: 'ghcr.io/raibid-labs/raibid-server:0.1.0',
  raibidAgent: 'ghcr.io/raibid-labs/raibid-agent:0.1.0',
}
