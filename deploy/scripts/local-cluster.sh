#!/usr/bin/env bash
# A real multi-process cluster on this machine: a Kafka broker (KRaft) and a Flink session cluster
# (StandaloneSessionClusterEntrypoint + TaskManagerRunner JVMs) from Maven-resolved jars, with the
# memory flags Flink's BashJavaUtils computes; optionally submits a job. Ctrl-C stops everything.
#
#   deploy/scripts/local-cluster.sh --taskmanagers 2                       # just the cluster
#   deploy/scripts/local-cluster.sh --jar jobs/target/hashstream-jobs-0.1.0-SNAPSHOT-cluster.jar \
#       --class io.hashstream.jobs.cli.HashstreamCli -- <job args; {bootstrap} = the broker address>
#   deploy/scripts/local-cluster.sh --help
set -euo pipefail
cd "$(dirname "$0")/../.."
# Builds the job jar, the classpath files and deploy/target/flink-lib (TensorFlow Java).
./mvnw -B -q -ntp -pl deploy -am package -DskipTests
exec java -Dhashstream.deploy.build-dir=deploy/target \
  -cp "deploy/target/classes:$(cat deploy/target/classpath/tooling.classpath)" \
  io.hashstream.deploy.cluster.LocalClusterCommand "$@"
