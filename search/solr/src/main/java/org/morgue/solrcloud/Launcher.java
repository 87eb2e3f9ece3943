package org.morgue.solrcloud;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a real SolrCloud on 127.0.0.1 for Morgue's Solr lane: Solr nodes (Jetty) and an embedded
 * ZooKeeper from Solr's own test framework, a config set uploaded and a sharded, replicated
 * collection created.
 *
 * <p>When the collection is active it writes a JSON description (node URLs, ZooKeeper address,
 * collection URL) to the ready file, atomically, and answers {@code ready URL}. It then reads
 * commands from standard input, one a line, so a test can take a node away while searches run:
 * {@code stop N} / {@code start N} (N counts from 0) and {@code quit}. End of input, SIGTERM or
 * Ctrl-C shut the whole cluster down. Answers are lines on standard output starting with
 * {@code morgue-solr: }.
 */
public final class Launcher {

  static final String REPLY_PREFIX = "morgue-solr: ";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (Files.exists(options.baseDir)) {
      System.err.println("morgue-solr: " + options.baseDir + " exists; a new cluster needs a new folder");
      System.exit(2);
    }
    Files.createDirectories(options.baseDir);
    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster.Builder(options.nodes, options.baseDir)
            .addConfig(options.configName, options.configSet)
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(cluster), "morgue-solr-shutdown"));

    CollectionAdminRequest.createCollection(
            options.collection, options.configName, options.shards, options.replicas)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(
        options.collection, options.shards, options.shards * options.replicas);

    String collectionUrl = nodeUrl(cluster.getJettySolrRunner(0)) + "/" + options.collection;
    writeReadyFile(options.readyFile, describe(cluster, options, collectionUrl));
    reply("ready " + collectionUrl);

    obeyCommands(cluster, List.copyOf(cluster.getJettySolrRunners()));
    System.exit(0);
  }

  /**
   * Reads stop/start/quit commands until end of input. Nodes are numbered as they were at start
   * (the cluster's own list drops a stopped node).
   */
  private static void obeyCommands(MiniSolrCloudCluster cluster, List<JettySolrRunner> nodes)
      throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].isEmpty()) {
        continue;
      }
      try {
        switch (words[0]) {
          case "stop" -> {
            JettySolrRunner node = nodes.get(Integer.parseInt(words[1]));
            cluster.stopJettySolrRunner(node);
            cluster.waitForJettyToStop(node);
            reply("stopped " + words[1]);
          }
          case "start" -> {
            JettySolrRunner node = nodes.get(Integer.parseInt(words[1]));
            cluster.startJettySolrRunner(node, true);
            reply("started " + words[1]);
          }
          case "quit" -> {
            return;
          }
          default -> reply("error: unknown command " + words[0] + " (stop N, start N, quit)");
        }
      } catch (RuntimeException e) {
        reply("error: " + e);
      }
    }
  }

  /** Answers on standard output, each line prefixed: Solr's own logging may write there too. */
  private static void reply(String message) {
    System.out.println(REPLY_PREFIX + message);
    System.out.flush();
  }

  private static String nodeUrl(JettySolrRunner node) {
    return node.getBaseUrl().toString();
  }

  private static String describe(
      MiniSolrCloudCluster cluster, Options options, String collectionUrl) {
    List<String> nodes = new ArrayList<>();
    for (JettySolrRunner node : cluster.getJettySolrRunners()) {
      nodes.add("\"" + nodeUrl(node) + "\"");
    }
    return "{\"collection\": \"" + options.collection + "\", "
        + "\"collection_url\": \"" + collectionUrl + "\", "
        + "\"zk_host\": \"" + cluster.getZkServer().getZkAddress() + "\", "
        + "\"config_name\": \"" + options.configName + "\", "
        + "\"nodes\": [" + String.join(", ", nodes) + "], "
        + "\"pid\": " + ProcessHandle.current().pid() + "}\n";
  }

  private static void writeReadyFile(Path readyFile, String json) throws Exception {
    if (readyFile == null) {
      return;
    }
    Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".partial");
    Files.writeString(partial, json, StandardCharsets.UTF_8);
    Files.move(partial, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void shutDown(MiniSolrCloudCluster cluster) {
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("SolrCloud shutdown: " + e);
    }
  }

  /** Command-line options: {@code --dir --nodes --shards --replicas --collection --configset --ready-file}. */
  private record Options(
      Path baseDir,
      int nodes,
      int shards,
      int replicas,
      String collection,
      String configName,
      Path configSet,
      Path readyFile) {

    static Options parse(String[] args) {
      Path baseDir = Path.of("target", "cluster");
      int nodes = 2;
      int shards = 2;
      int replicas = 2;
      String collection = "morgue";
      Path configSet = Path.of("configset", "conf");
      Path readyFile = null;
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--dir" -> baseDir = Path.of(value);
          case "--nodes" -> nodes = Integer.parseInt(value);
          case "--shards" -> shards = Integer.parseInt(value);
          case "--replicas" -> replicas = Integer.parseInt(value);
          case "--collection" -> collection = value;
          case "--configset" -> configSet = Path.of(value);
          case "--ready-file" -> readyFile = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(
          baseDir, nodes, shards, replicas, collection, collection + "_conf", configSet, readyFile);
    }
  }
}
