package se.sakervard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;

/**
 * The deployment material under {@code infra/deploy} (compose file, Kubernetes manifests, README)
 * cannot be run on the build machine (no Docker, no Kubernetes), so this test holds it to the code:
 * every setting it passes is a {@link PipelineOptions} key with a valid value, the topics are the
 * options' and are all created, the job classes exist with a main, every table or view named is in
 * {@code sql/}, files passed to the jobs are mounted, the checkpoint intervals agree, and no
 * password is written down. YAML is parsed with snakeyaml-engine, which Flink brings (provided).
 */
class DeploymentConsistencyTest {
  private static final Path REPO = Path.of("..");
  private static final Path DEPLOY = REPO.resolve("infra/deploy");

  private static Check real;

  private static synchronized Check real() throws IOException {
    if (real == null) {
      real = Check.of(DeploymentFiles.read(DEPLOY));
    }
    return real;
  }

  @Test
  void theFilesExistAndTheYamlParses() throws IOException {
    assertThat(real().files.keySet())
        .contains(
            "compose/compose.yaml",
            "kubernetes/Dockerfile",
            "kubernetes/configmap.yaml",
            "README.md");
    assertThat(real().parseProblems).as("YAML that does not parse").isEmpty();
    assertThat(real().launches).as("job launches found").hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void everySettingIsAPipelineOption() throws IOException {
    assertThat(real().settingKeys()).isEmpty();
  }

  @Test
  void everyJobGetsValidValuesForEverySetting() throws IOException {
    assertThat(real().settingValues()).isEmpty();
  }

  @Test
  void topicsAreTheOptionsDefaultsAndAllAreCreated() throws IOException {
    assertThat(real().topics()).isEmpty();
  }

  @Test
  void jobClassesExistWithAMainAndEveryJobIsDeployedInBoth() throws IOException {
    assertThat(real().jobClasses()).isEmpty();
  }

  @Test
  void everyTableOrViewNamedIsInTheSchema() throws IOException {
    assertThat(real().tables()).isEmpty();
  }

  @Test
  void noPasswordLiteral() throws IOException {
    assertThat(real().passwords()).isEmpty();
  }

  @Test
  void filesPassedToTheJobsAreMountedWhereTheyRun() throws IOException {
    assertThat(real().mounts()).isEmpty();
  }

  @Test
  void checkpointIntervalsAgreeWithTheJobs() throws IOException {
    assertThat(real().checkpointIntervals()).isEmpty();
  }

  // The checks can fail: the same checker on small in-memory files with one fault each.

  private static final String SUBMIT =
      """
      services:
        submit:
          image: flink:2.2-java17
          environment:
            CLICKHOUSE_PASSWORD: %s
          command:
            - bash
            - -ec
            - |
              flink run -d -c %s /opt/sakervard/jobs-job.jar \\
                --kafka.bootstrap-servers kafka:9092 \\
                --clickhouse.jdbc-url "jdbc:clickhouse://clickhouse:8123/sakervard" \\
                %s
      """;

  private static Check snippet(String password, String entryClass, String args) {
    return Check.of(Map.of("compose/compose.yaml", SUBMIT.formatted(password, entryClass, args)));
  }

  private static final String OK_CLASS = "se.sakervard.census.CensusJob";

  @Test
  void aMisspeltKeyFails() {
    Check check = snippet("${CLICKHOUSE_PASSWORD:?}", OK_CLASS, "--clickhouse.jdbcurl x");
    assertThat(check.settingKeys())
        .singleElement()
        .asString()
        .contains("compose/compose.yaml", "clickhouse.jdbcurl");
    assertThat(snippet("${CLICKHOUSE_PASSWORD:?}", OK_CLASS, "").settingKeys()).isEmpty();
  }

  @Test
  void anInvalidValueFails() {
    Check check =
        snippet("${CLICKHOUSE_PASSWORD:?}", OK_CLASS, "--pipeline.checkpoint-interval often");
    assertThat(check.settingValues())
        .singleElement()
        .asString()
        .contains("pipeline.checkpoint-interval");
  }

  @Test
  void aPasswordLiteralFails() {
    assertThat(snippet("hunter2", OK_CLASS, "").passwords())
        .singleElement()
        .asString()
        .contains("CLICKHOUSE_PASSWORD");
  }

  @Test
  void aRenamedOrUncreatedTopicFails() {
    assertThat(snippet("${P}", OK_CLASS, "--topic.census census").topics())
        .anySatisfy(p -> assertThat(p).contains("topic.census", "'census'", "census-events"))
        .anySatisfy(p -> assertThat(p).contains("not created", "dead-letters"));
  }

  @Test
  void anUnknownJobClassFails() {
    assertThat(snippet("${P}", "se.sakervard.census.CensusJab", "").jobClasses())
        .anySatisfy(p -> assertThat(p).contains("se.sakervard.census.CensusJab"));
  }

  @Test
  void anUnknownTableFails() {
    Check check =
        Check.of(Map.of("README.md", "Query sakervard.census_now or v_census_today for this."));
    assertThat(check.tables())
        .anySatisfy(p -> assertThat(p).contains("census_now"))
        .anySatisfy(p -> assertThat(p).contains("v_census_today"));
  }

  /** The files under a directory, by path relative to it. */
  static final class DeploymentFiles {
    static Map<String, String> read(Path dir) throws IOException {
      Map<String, String> files = new TreeMap<>();
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.filter(Files::isRegularFile).toList()) {
          files.put(
              dir.relativize(p).toString().replace('\\', '/'),
              Files.readString(p, StandardCharsets.UTF_8));
        }
      }
      return files;
    }
  }

  /** One job as a file starts it: its class, its program arguments, where it runs. */
  record Launch(
      String file,
      String flavor,
      String entryClass,
      String jar, // compose: the path given to flink run; kubernetes: job.jarURI
      List<String> args,
      Map<String, String> mounts, // container path -> host source ("" where not a host file)
      Map<String, String> flinkConfiguration) {

    String where() {
      return file + " (" + entryClass + ")";
    }
  }

  /** Reads the deployment files once; each check returns its problems, each naming its file. */
  static final class Check {
    private static final Pattern DOTTED_FLAG =
        Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)");
    private static final Pattern CREATED_TOPIC = Pattern.compile("--topic\\s+([A-Za-z0-9._-]+)");
    private static final Pattern PASSWORD_ASSIGNMENT =
        Pattern.compile("(?i)([\\w.-]*password[\\w.-]*)[\"']?\\s*[:=]\\s*(.*)$");
    private static final Pattern PASSWORD_FLAG = Pattern.compile("(?i)--password[=\\s]+(\\S+)");
    private static final Pattern JDBC_DATABASE =
        Pattern.compile("jdbc:clickhouse://[^/\\s\"']+/(\\w+)");
    private static final Pattern BARE_VIEW = Pattern.compile("(?<![\\w.])(v_[a-z0-9_]+)\\b");

    final Map<String, String> files;
    final List<String> parseProblems = new ArrayList<>();
    final List<Launch> launches = new ArrayList<>();
    final Map<String, Set<String>> createdTopics = new TreeMap<>(); // file -> topics
    final Map<String, Map<String, String>> configMapData = new TreeMap<>(); // name -> data
    final Map<String, String> configMapFile = new TreeMap<>(); // name -> file
    final Map<String, Map<String, String>> composeFlinkProperties = new TreeMap<>();
    final List<Object[]> yamlDocs = new ArrayList<>(); // {file, document}

    private final Set<String> optionKeys =
        PipelineOptions.ALL.stream()
            .map(ConfigOption::key)
            .collect(Collectors.toCollection(TreeSet::new));

    private Check(Map<String, String> files) {
      this.files = files;
    }

    static Check of(Map<String, String> files) {
      Check check = new Check(files);
      check.parse();
      return check;
    }

    // ---------------------------------------------------------------- reading the files

    private void parse() {
      for (Map.Entry<String, String> f : files.entrySet()) {
        if (!f.getKey().endsWith(".yaml") && !f.getKey().endsWith(".yml")) {
          continue;
        }
        try {
          for (Object doc :
              new Load(LoadSettings.builder().build()).loadAllFromString(f.getValue())) {
            if (doc instanceof Map<?, ?> map) {
              yamlDocs.add(new Object[] {f.getKey(), map});
              if (map.containsKey("services")) {
                parseCompose(f.getKey(), map);
              } else if ("FlinkDeployment".equals(map.get("kind"))) {
                parseFlinkDeployment(f.getKey(), map);
              } else if ("ConfigMap".equals(map.get("kind"))) {
                String name = String.valueOf(path(map, "metadata", "name"));
                Map<String, String> data = new TreeMap<>();
                if (map.get("data") instanceof Map<?, ?> d) {
                  d.forEach((k, v) -> data.put(String.valueOf(k), String.valueOf(v)));
                }
                configMapData.put(name, data);
                configMapFile.put(name, f.getKey());
              }
            }
          }
        } catch (RuntimeException e) {
          parseProblems.add(f.getKey() + ": does not parse as YAML: " + e.getMessage());
        }
      }
    }

    private void parseCompose(String file, Map<?, ?> compose) {
      if (!(compose.get("services") instanceof Map<?, ?> services)) {
        return;
      }
      for (Map.Entry<?, ?> s : services.entrySet()) {
        Map<?, ?> service = (Map<?, ?>) s.getValue();
        String script = String.join("\n", strings(service.get("command")));
        script += "\n" + String.join("\n", strings(service.get("entrypoint")));
        Map<String, String> env = environment(service.get("environment"));
        boolean clusterProcess =
            List.of("jobmanager", "taskmanager", "standalone-job")
                .contains(script.trim().split("\\s+")[0]);
        if (clusterProcess && env.containsKey("FLINK_PROPERTIES")) {
          composeFlinkProperties.put(
              file + " service " + s.getKey(), flinkProperties(env.get("FLINK_PROPERTIES")));
        }
        Matcher topic = CREATED_TOPIC.matcher(script);
        while (topic.find()) {
          createdTopics.computeIfAbsent(file, k -> new TreeSet<>()).add(topic.group(1));
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String volume : strings(service.get("volumes"))) {
          String[] parts = interpolateDefaults(volume).split(":");
          if (parts.length >= 2) {
            boolean hostPath = parts[0].startsWith(".") || parts[0].startsWith("/");
            mounts.put(parts[1], hostPath ? "compose/" + parts[0] : "");
          }
        }
        for (String command : flinkRuns(script)) {
          List<String> tokens = shellTokens(command);
          String entryClass = null;
          String jar = null;
          int i = 2; // after "flink run"
          for (; i < tokens.size() && jar == null; i++) {
            String t = tokens.get(i);
            switch (t) {
              case "-c", "--class" -> entryClass = tokens.get(++i);
              case "-p", "--parallelism", "-s", "--fromSavepoint", "-t", "--target" -> i++;
              default -> {
                if (!t.startsWith("-")) {
                  jar = t;
                }
              }
            }
          }
          List<String> args =
              new ArrayList<>(tokens.subList(Math.min(i, tokens.size()), tokens.size()));
          launches.add(
              new Launch(file, "compose", String.valueOf(entryClass), jar, args, mounts, Map.of()));
        }
      }
    }

    private void parseFlinkDeployment(String file, Map<?, ?> deployment) {
      Map<String, String> mounts = new LinkedHashMap<>();
      Object containers = path(deployment, "spec", "podTemplate", "spec", "containers");
      if (containers instanceof List<?> list) {
        for (Object c : list) {
          if (((Map<?, ?>) c).get("volumeMounts") instanceof List<?> vms) {
            for (Object vm : vms) {
              mounts.put(String.valueOf(((Map<?, ?>) vm).get("mountPath")), "");
            }
          }
        }
      }
      Map<String, String> conf = new TreeMap<>();
      if (path(deployment, "spec", "flinkConfiguration") instanceof Map<?, ?> fc) {
        fc.forEach((k, v) -> conf.put(String.valueOf(k), String.valueOf(v)));
      }
      launches.add(
          new Launch(
              file,
              "kubernetes",
              String.valueOf(path(deployment, "spec", "job", "entryClass")),
              String.valueOf(path(deployment, "spec", "job", "jarURI")),
              strings(path(deployment, "spec", "job", "args")),
              mounts,
              conf));
    }

    // ---------------------------------------------------------------- the checks

    /** Every --key passed (in any file, README included) and every ConfigMap key is an option. */
    List<String> settingKeys() {
      List<String> problems = new ArrayList<>();
      files.forEach(
          (file, text) -> {
            Matcher m = DOTTED_FLAG.matcher(text);
            while (m.find()) {
              if (!known(m.group(1))) {
                problems.add(file + ": --" + m.group(1) + " is no PipelineOptions key" + hint());
              }
            }
          });
      configMapData.forEach(
          (name, data) ->
              data.forEach(
                  (key, value) -> {
                    String file = configMapFile.get(name);
                    if (key.endsWith(".properties")) {
                      if (referencedAsConfig(key)) {
                        for (String k : properties(value).keySet()) {
                          if (!known(k)) {
                            problems.add(
                                file
                                    + ": "
                                    + key
                                    + ": "
                                    + k
                                    + " is no PipelineOptions key"
                                    + hint());
                          }
                        }
                      }
                    } else if (!known(key)) {
                      problems.add(
                          file
                              + ": ConfigMap "
                              + name
                              + " key "
                              + key
                              + " is no PipelineOptions key");
                    }
                  }));
      return problems;
    }

    /** Each job's settings as PipelineSettings reads them: every option gets a valid value. */
    List<String> settingValues() {
      List<String> problems = new ArrayList<>();
      for (Launch launch : launches) {
        Map<String, String> values = settings(launch, problems);
        values.keySet().removeIf(k -> !known(k));
        PipelineSettings settings = PipelineSettings.of(values);
        for (ConfigOption<?> option : PipelineOptions.ALL) {
          try {
            settings.get(option);
          } catch (RuntimeException e) {
            problems.add(launch.where() + ": " + option.key() + ": " + e.getMessage());
          }
        }
      }
      return problems;
    }

    /**
     * A topic given to a topic.* option is that option's default (the name the producers and the
     * README use); compose creates exactly the topics its jobs use.
     */
    List<String> topics() {
      List<String> problems = new ArrayList<>();
      List<ConfigOption<?>> topicOptions =
          PipelineOptions.ALL.stream().filter(o -> o.key().startsWith("topic.")).toList();
      Map<String, Set<String>> usedByFile = new TreeMap<>();
      for (Launch launch : launches) {
        Map<String, String> values = settings(launch, new ArrayList<>());
        for (ConfigOption<?> option : topicOptions) {
          String value = values.get(option.key());
          String standard = String.valueOf(option.defaultValue());
          if (value != null && !value.equals(standard)) {
            problems.add(
                launch.where()
                    + ": "
                    + option.key()
                    + " is '"
                    + value
                    + "' but the code's default (the documented topic) is '"
                    + standard
                    + "'");
          }
          if (launch.flavor().equals("compose")) {
            usedByFile
                .computeIfAbsent(launch.file(), k -> new TreeSet<>())
                .add(value == null ? standard : value);
          }
        }
      }
      usedByFile.forEach(
          (file, used) -> {
            Set<String> created = createdTopics.getOrDefault(file, Set.of());
            for (String topic : used) {
              if (!created.contains(topic)) {
                problems.add(file + ": the jobs use topic " + topic + " but it is not created");
              }
            }
            for (String topic : created) {
              if (!used.contains(topic)) {
                problems.add(file + ": creates topic " + topic + " that no job uses");
              }
            }
          });
      return problems;
    }

    /** Every class started exists with a main; every job main of the code starts in both. */
    List<String> jobClasses() {
      List<String> problems = new ArrayList<>();
      for (Launch launch : launches) {
        try {
          Method main = Class.forName(launch.entryClass()).getMethod("main", String[].class);
          if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
            problems.add(launch.where() + ": main is not static void");
          }
        } catch (ClassNotFoundException | NoSuchMethodException e) {
          problems.add(launch.where() + ": no class " + launch.entryClass() + " with a main");
        }
      }
      if (files.containsKey("compose/compose.yaml")
          && files.containsKey("kubernetes/census.yaml")) {
        for (String flavor : List.of("compose", "kubernetes")) {
          List<String> started =
              launches.stream()
                  .filter(l -> l.flavor().equals(flavor))
                  .map(Launch::entryClass)
                  .toList();
          for (String job : jobMains()) {
            long times = started.stream().filter(job::equals).count();
            if (times != 1) {
              problems.add(flavor + ": job " + job + " is started " + times + " times, not once");
            }
          }
        }
      }
      return problems;
    }

    /** sakervard.x, v_x and a JDBC URL's database: all in sql/*.sql. */
    List<String> tables() {
      Map<String, Set<String>> schema = schema();
      Set<String> all = schema.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
      List<String> problems = new ArrayList<>();
      files.forEach(
          (file, text) -> {
            for (String database : schema.keySet()) {
              Matcher m =
                  Pattern.compile("(?<![\\w./-])" + database + "\\.([a-z_][a-z0-9_]*)")
                      .matcher(text);
              while (m.find()) {
                if (!schema.get(database).contains(m.group(1))) {
                  problems.add(
                      file + ": " + database + "." + m.group(1) + " is no table or view in sql/");
                }
              }
            }
            Matcher view = BARE_VIEW.matcher(text);
            while (view.find()) {
              if (!all.contains(view.group(1))) {
                problems.add(file + ": " + view.group(1) + " is no view or table in sql/");
              }
            }
            Matcher jdbc = JDBC_DATABASE.matcher(text);
            while (jdbc.find()) {
              if (!schema.containsKey(jdbc.group(1))) {
                problems.add(file + ": JDBC database " + jdbc.group(1) + " is not created in sql/");
              }
            }
          });
      return problems;
    }

    /** A value of anything named *password* is an environment reference or a Secret. */
    List<String> passwords() {
      List<String> problems = new ArrayList<>();
      files.forEach(
          (file, text) -> {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
              Matcher a = PASSWORD_ASSIGNMENT.matcher(lines[i]);
              if (a.find() && !reference(a.group(2))) {
                problems.add(file + ":" + (i + 1) + ": " + a.group(1) + " has a literal value");
              }
              Matcher f = PASSWORD_FLAG.matcher(lines[i]);
              while (f.find()) {
                if (!reference(f.group(1))) {
                  problems.add(file + ":" + (i + 1) + ": --password has a literal value");
                }
              }
            }
          });
      for (Object[] doc : yamlDocs) {
        walk(
            doc[1],
            map -> {
              Object name = map.get("name");
              if (name != null
                  && name.toString().toLowerCase().contains("password")
                  && map.containsKey("value")
                  && !reference(String.valueOf(map.get("value")))) {
                problems.add(doc[0] + ": env " + name + " has a literal value, not a Secret");
              }
            });
      }
      return problems;
    }

    /** Files a job is given (jar, --config, alerting files) are mounted where the job runs. */
    List<String> mounts() {
      List<String> problems = new ArrayList<>();
      Set<String> fromFileNames = new TreeSet<>();
      files.forEach(
          (file, text) -> {
            Matcher m = Pattern.compile("--from-file=([\\w.-]+)=(\\S+)").matcher(text);
            while (m.find()) {
              fromFileNames.add(m.group(1));
              String source = m.group(2);
              if (!source.startsWith("<") && !Files.exists(REPO.resolve(source))) {
                problems.add(file + ": --from-file source " + source + " does not exist");
              }
            }
          });
      for (Launch launch : launches) {
        for (Map.Entry<String, String> mount : launch.mounts().entrySet()) {
          String source = mount.getValue();
          if (!source.isEmpty() && !source.contains("/target/")) {
            if (!Files.exists(DEPLOY.resolve(source).normalize())) {
              problems.add(launch.where() + ": mounted source " + source + " does not exist");
            }
          }
        }
        List<String> given = filesGiven(launch);
        if (launch.flavor().equals("compose")) {
          given.add(String.valueOf(launch.jar()));
        }
        for (String path : given) {
          boolean mounted =
              launch.mounts().keySet().stream()
                  .anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
          if (!mounted) {
            problems.add(launch.where() + ": " + path + " is not mounted");
          }
          if (launch.flavor().equals("kubernetes")) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            boolean inConfigMap =
                configMapData.values().stream().anyMatch(d -> d.containsKey(name));
            if (!inConfigMap && !fromFileNames.contains(name)) {
              problems.add(launch.where() + ": " + name + " is in no ConfigMap");
            }
          }
        }
      }
      String dockerfile = files.get("kubernetes/Dockerfile");
      if (dockerfile != null) {
        for (Launch launch : launches) {
          if (launch.flavor().equals("kubernetes")) {
            String jarUri = launch.jar();
            String jar = jarUri.replaceFirst("^local://", "");
            if (!Pattern.compile("(?m)^COPY .* " + Pattern.quote(jar) + "$")
                .matcher(dockerfile)
                .find()) {
              problems.add(
                  launch.where() + ": jarURI " + jarUri + " is not what the Dockerfile copies");
            }
          }
        }
      }
      return problems;
    }

    /** The cluster's execution.checkpointing.interval equals the job's own interval. */
    List<String> checkpointIntervals() {
      List<String> problems = new ArrayList<>();
      for (Launch launch : launches) {
        Map<String, String> values = settings(launch, new ArrayList<>());
        Duration job =
            values.containsKey(PipelineOptions.CHECKPOINT_INTERVAL.key())
                ? TimeUtils.parseDuration(values.get(PipelineOptions.CHECKPOINT_INTERVAL.key()))
                : PipelineOptions.CHECKPOINT_INTERVAL.defaultValue();
        List<Map<String, String>> confs =
            launch.flavor().equals("compose")
                ? List.copyOf(composeFlinkProperties.values())
                : List.of(launch.flinkConfiguration());
        for (Map<String, String> conf : confs) {
          String interval = conf.get("execution.checkpointing.interval");
          if (interval == null || !TimeUtils.parseDuration(interval).equals(job)) {
            problems.add(
                launch.where()
                    + ": execution.checkpointing.interval is "
                    + interval
                    + ", the job checkpoints every "
                    + job);
          }
        }
      }
      return problems;
    }

    // ---------------------------------------------------------------- helpers

    private boolean known(String key) {
      return optionKeys.contains(key) || key.startsWith("kafka.client.");
    }

    private String hint() {
      return " (PipelineOptions.ALL: " + String.join(", ", optionKeys) + ")";
    }

    private boolean referencedAsConfig(String fileName) {
      return launches.stream()
          .anyMatch(
              l -> {
                int i = l.args().indexOf("--config");
                return i >= 0
                    && i + 1 < l.args().size()
                    && l.args().get(i + 1).endsWith("/" + fileName);
              });
    }

    /** A launch's settings: the --config file's (from a ConfigMap or a file here), then args. */
    private Map<String, String> settings(Launch launch, List<String> problems) {
      Map<String, String> values = new LinkedHashMap<>();
      List<String> args = launch.args();
      Map<String, String> fromArgs = new LinkedHashMap<>();
      for (int i = 0; i < args.size(); i++) {
        if (!args.get(i).startsWith("--") || i + 1 >= args.size()) {
          problems.add(launch.where() + ": expected --key value, got '" + args.get(i) + "'");
          continue;
        }
        fromArgs.put(args.get(i).substring(2), args.get(++i));
      }
      String config = fromArgs.remove("config");
      if (config != null) {
        String name = config.substring(config.lastIndexOf('/') + 1);
        String text =
            configMapData.values().stream()
                .map(d -> d.get(name))
                .filter(t -> t != null)
                .findFirst()
                .orElse(null);
        if (text == null) {
          problems.add(launch.where() + ": --config " + config + " is in no ConfigMap");
        } else {
          values.putAll(properties(text));
        }
      }
      values.putAll(fromArgs);
      return values;
    }

    private static List<String> filesGiven(Launch launch) {
      List<String> given = new ArrayList<>();
      List<String> args = launch.args();
      for (int i = 0; i + 1 < args.size(); i++) {
        String key = args.get(i);
        if (key.equals("--config")
            || key.equals("--" + PipelineOptions.ALERTING_RULES.key())
            || key.equals("--" + PipelineOptions.ALERTING_ROSTER.key())
            || key.equals("--" + PipelineOptions.ALERTING_LEVEL_THRESHOLDS.key())) {
          if (!args.get(i + 1).isEmpty()) {
            given.add(args.get(i + 1));
          }
        }
      }
      return given;
    }

    /** The job mains of the code: classes whose main is PipelineJob.run. */
    static Set<String> jobMains() {
      Path sources = Path.of("src/main/java");
      try (Stream<Path> paths = Files.walk(sources)) {
        Set<String> mains = new TreeSet<>();
        for (Path p : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
          if (Files.readString(p).contains("PipelineJob.run(args")) {
            String name = sources.relativize(p).toString().replace('\\', '/');
            mains.add(name.substring(0, name.length() - ".java".length()).replace('/', '.'));
          }
        }
        return mains;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Database -> its tables and views, from sql/*.sql. */
    static Map<String, Set<String>> schema() {
      Map<String, Set<String>> schema = new TreeMap<>();
      Pattern database =
          Pattern.compile("(?i)CREATE\\s+DATABASE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)");
      Pattern object =
          Pattern.compile(
              "(?i)CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+"
                  + "(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\.(\\w+)");
      try (Stream<Path> paths = Files.list(REPO.resolve("sql"))) {
        for (Path p : paths.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
          String sql = Files.readString(p);
          Matcher d = database.matcher(sql);
          while (d.find()) {
            schema.computeIfAbsent(d.group(1), k -> new TreeSet<>());
          }
          Matcher o = object.matcher(sql);
          while (o.find()) {
            schema.computeIfAbsent(o.group(1), k -> new TreeSet<>()).add(o.group(2));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return schema;
    }

    /** An environment reference ($X, ${X...}), a Secret reference, or nothing. */
    private static boolean reference(String value) {
      String v = value.replaceAll("\\s+#.*$", "").replace("\\", "").trim();
      v = v.replaceAll("^[\"']+|[\"',;)\\]}]+$", "").trim();
      return v.isEmpty() || v.startsWith("$") || v.startsWith("valueFrom");
    }

    private static Map<String, String> properties(String text) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(text));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Map<String, String> values = new TreeMap<>();
      p.forEach((k, v) -> values.put(k.toString(), v.toString()));
      return values;
    }

    private static Map<String, String> flinkProperties(String text) {
      Map<String, String> values = new TreeMap<>();
      for (String line : text.split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.trim().startsWith("#")) {
          values.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      return values;
    }

    /** ${VAR:-default} and ${VAR:?message} as compose would leave them with VAR unset. */
    private static String interpolateDefaults(String s) {
      return s.replaceAll("\\$\\{\\w+:-([^}]*)}", "$1").replaceAll("\\$\\{\\w+:?\\?[^}]*}", "");
    }

    /** The `flink run ...` commands of a shell script, continuation lines joined. */
    private static List<String> flinkRuns(String script) {
      List<String> runs = new ArrayList<>();
      for (String line : script.replace("\\\n", " ").split("\n")) {
        int at = line.indexOf("flink run");
        if (at >= 0) {
          runs.add(line.substring(at));
        }
      }
      return runs;
    }

    /** Words of a shell command line, quotes removed (enough for these scripts). */
    private static List<String> shellTokens(String line) {
      List<String> tokens = new ArrayList<>();
      StringBuilder current = null;
      char quote = 0;
      for (char c : line.toCharArray()) {
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            current.append(c);
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
          current = current == null ? new StringBuilder() : current;
        } else if (Character.isWhitespace(c)) {
          if (current != null) {
            tokens.add(current.toString());
            current = null;
          }
        } else {
          current = current == null ? new StringBuilder() : current;
          current.append(c);
        }
      }
      if (current != null) {
        tokens.add(current.toString());
      }
      return tokens;
    }

    private static List<String> strings(Object value) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof List<?> list) {
        return list.stream().map(String::valueOf).toList();
      }
      return List.of(String.valueOf(value));
    }

    private static Map<String, String> environment(Object value) {
      Map<String, String> env = new LinkedHashMap<>();
      if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
      } else if (value instanceof List<?> list) {
        for (Object o : list) {
          String s = String.valueOf(o);
          int eq = s.indexOf('=');
          env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
        }
      }
      return env;
    }

    private static Object path(Object node, String... keys) {
      Object current = node;
      for (String key : keys) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(key);
      }
      return current;
    }

    private static void walk(Object node, java.util.function.Consumer<Map<?, ?>> visit) {
      if (node instanceof Map<?, ?> map) {
        visit.accept(map);
        map.values().forEach(v -> walk(v, visit));
      } else if (node instanceof List<?> list) {
        list.forEach(v -> walk(v, visit));
      }
    }
  }
}
