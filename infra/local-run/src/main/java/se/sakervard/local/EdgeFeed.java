package se.sakervard.local;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.MinLLPWriter;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import se.sakervard.feeds.CensusFeed;
import se.sakervard.feeds.hl7.Hl7Messages;
import se.sakervard.schemas.census.AvailableBedsChanged;
import se.sakervard.schemas.census.CensusEvent;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.codec.UndecodableRecordException;
import se.sakervard.simulator.AdtWriter;
import se.sakervard.simulator.EncounterWriter;
import se.sakervard.simulator.FeedPacer;
import se.sakervard.simulator.KafkaFeeder;
import se.sakervard.simulator.SimulatedRecord;
import se.sakervard.simulator.SimulatedRegion;
import se.sakervard.simulator.SimulatedUnit;

/**
 * Sends a census simulation through a hospital edge, as a region's systems would (docs/hospital-
 * feeds.md): the stays as HL7 v2 ADT messages over MLLP to the listener, which answers each, or as
 * FHIR R4 Encounters on the FHIR topic; the units' available-bed reports stay on the census topic
 * as Avro (no ADT message carries them). Malformed records go out as the garbage they are.
 */
final class EdgeFeed implements AutoCloseable {
  /** The edge a run sends through. */
  enum Kind {
    AVRO,
    HL7,
    FHIR
  }

  private static final SingleObjectCodec<CensusEvent> CODEC =
      SingleObjectCodec.of(CensusEvent.class);

  private final Kind kind;
  private final Producer<String, byte[]> producer;
  private final String censusTopic;
  private final String fhirTopic;
  private final String host;
  private final int port;
  private final HapiContext hapi = Hl7Messages.context();
  private final AdtWriter adt = new AdtWriter();
  private final EncounterWriter encounters = new EncounterWriter();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private Connection connection;

  EdgeFeed(
      Kind kind,
      String bootstrapServers,
      String censusTopic,
      String fhirTopic,
      String host,
      int port) {
    this.kind = kind;
    this.producer =
        new KafkaProducer<>(
            KafkaFeeder.producerConfig(bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer());
    this.censusTopic = censusTopic;
    this.fhirTopic = fhirTopic;
    this.host = host;
    this.port = port;
  }

  /** Messages the listener answered AR (each a dead letter with its reason). */
  long refused() {
    return refused.get();
  }

  /** Malformed records (as simulated) sent on as the garbage they are. */
  long malformed() {
    return malformed.get();
  }

  /**
   * The location map of a simulated region for both feeds: each unit's code is its point of care
   * (HL7) and Location id (FHIR), each unit's {@link AdtWriter#serviceOf service} code makes it
   * responsible.
   */
  static Path writeLocationMap(SimulatedRegion region, Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("region", region.regionCode());
    for (SimulatedUnit unit : region.units()) {
      p.setProperty("location." + unit.code(), unit.code());
      p.setProperty("service." + AdtWriter.serviceOf(unit.code()), unit.code());
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "The simulated region's location map (docs/hospital-feeds.md)");
    }
    return file;
  }

  /** A random pseudonym key for one local run (production: a kept secret, from the environment). */
  static String runKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  /** Sends every record, paced by {@code speed}; returns once all are answered or stored. */
  long feed(
      Iterator<SimulatedRecord> records,
      double speed,
      Instant start,
      Consumer<KafkaFeeder.Progress> progress)
      throws Exception {
    FeedPacer pacer = new FeedPacer(speed, start, progress);
    while (records.hasNext()) {
      SimulatedRecord record = records.next();
      pacer.waitForTurn(record.sendAt());
      send(record);
      pacer.sent(record.sendAt());
      Exception e = failure.get();
      if (e != null) {
        throw new KafkaException("Sending the simulation failed", e);
      }
    }
    producer.flush();
    pacer.report();
    return pacer.sent();
  }

  private void send(SimulatedRecord record) throws Exception {
    CensusEvent event;
    try {
      event = CODEC.decode(record.value());
    } catch (UndecodableRecordException e) {
      malformed.incrementAndGet();
      if (kind == Kind.HL7) {
        sendGarbage(record.value());
      } else {
        toKafka(kind == Kind.FHIR ? fhirTopic : censusTopic, record.key(), record.value());
      }
      return;
    }
    if (kind == Kind.AVRO || event.getChange() instanceof AvailableBedsChanged) {
      toKafka(censusTopic, record.key(), record.value());
    } else if (kind == Kind.FHIR) {
      String stay = CensusFeed.stayOf(event);
      toKafka(
          fhirTopic,
          stay,
          encounters.write(event, record.sendAt()).getBytes(StandardCharsets.UTF_8));
    } else {
      sendOverMllp(adt.write(event));
    }
  }

  /** Sends until the listener answers AA or AR, as an integration engine does. */
  private void sendOverMllp(String er7) throws Exception {
    Message message = hapi.getPipeParser().parse(er7);
    for (int attempt = 1; ; attempt++) {
      try {
        if (connection == null) {
          connection = hapi.newClient(host, port, false);
        }
        String code = new Terser(connection.getInitiator().sendAndReceive(message)).get("/MSA-1");
        if ("AA".equals(code) || "CA".equals(code)) {
          return;
        }
        if ("AR".equals(code) || "CR".equals(code)) {
          refused.incrementAndGet();
          return;
        }
      } catch (Exception e) {
        closeConnection();
        if (attempt >= 50) {
          throw new IOException(
              "The MLLP listener on " + host + ":" + port + " does not answer: " + e, e);
        }
      }
      Thread.sleep(200); // AE (not stored) or no answer: send again
    }
  }

  private void sendGarbage(byte[] bytes) throws Exception {
    try (Socket socket = new Socket(host, port)) {
      new MinLLPWriter(socket.getOutputStream())
          .writeMessage(new String(bytes, StandardCharsets.ISO_8859_1));
      socket.getInputStream().read(); // its answer (AR): wait for it, it is not needed
    }
  }

  private void toKafka(String topic, String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value),
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          }
        });
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException e) {
        // already broken
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeConnection();
    producer.close();
  }
}
