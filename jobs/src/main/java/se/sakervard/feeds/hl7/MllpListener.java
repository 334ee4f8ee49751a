package se.sakervard.feeds.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.ReceivingApplicationExceptionHandler;
import ca.uhn.hl7v2.protocol.impl.ApplicationRouterImpl;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.core.deadletter.DeadLetterRecord;
import se.sakervard.core.deadletter.DeadLetters;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.VisitMapping;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.pipeline.DeadLetter;
import se.sakervard.schemas.pipeline.DeadLetterReason;

/**
 * The hospital's edge for bed movements (docs/hospital-feeds.md): HL7 v2 ADT over MLLP, with HAPI's
 * own server and framing. Each message is written to the raw topic (key: the visit's stay
 * reference, so a visit stays in one partition) by an idempotent producer with acks=all, and
 * answered AA only once Kafka has it. A message the feed cannot take (unreadable, a trigger it does
 * not take, a location not in the map) is answered AR with the reason and dead-lettered, without
 * its content (it holds an identity number; the sender keeps the message). When Kafka does not take
 * the write, the answer is AE: the sender sends again, and the same MSH-10 is the same event.
 */
public final class MllpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);
  private static final String JOB = "hl7-listener";
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The largest message taken: below Kafka's default record limit (1 MB) with room for the key. An
   * ADT message is a few kilobytes; a larger one is refused (AR), not retried for ever.
   */
  static final int MAX_MESSAGE_BYTES = 900_000;

  private final HL7Service server;
  private final Producer<String, byte[]> producer;
  private final String rawTopic;
  private final String deadLetterTopic;
  private final AdtParser parser;
  private final AdtMapping mapping;
  private final SingleObjectCodec<DeadLetter> deadLetterCodec =
      SingleObjectCodec.of(DeadLetter.class);

  public MllpListener(PipelineSettings settings, LocationMap map, Pseudonyms pseudonyms) {
    this(settings, map, pseudonyms, null);
  }

  /** A listener speaking MLLP over TLS when {@code tls} is given, else plain MLLP. */
  public MllpListener(
      PipelineSettings settings, LocationMap map, Pseudonyms pseudonyms, MllpTls tls) {
    this.rawTopic = settings.get(PipelineOptions.TOPIC_HL7_RAW);
    this.deadLetterTopic = settings.get(PipelineOptions.TOPIC_DEAD_LETTERS);
    this.parser = new AdtParser(ZoneId.of(settings.get(PipelineOptions.ZONE)));
    this.mapping = new AdtMapping(map, pseudonyms);
    Map<String, Object> config = new HashMap<>(settings.kafkaClientProperties());
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, JOB);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis() - 1000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());

    HapiContext context = Hl7Messages.context();
    context.setSocketFactory(new BoundSocketFactory(settings.get(PipelineOptions.HL7_HOST), tls));
    this.server = context.newServer(settings.get(PipelineOptions.HL7_PORT), false);
    server.registerApplication(new ToKafka());
    server.setExceptionHandler(new Unreadable());
  }

  public static void main(String[] args) throws Exception {
    PipelineSettings settings = PipelineSettings.fromArgs(args);
    MllpTls tls = MllpTls.fromSettings(settings);
    MllpListener listener =
        new MllpListener(
            settings,
            LocationMap.required(settings, PipelineOptions.HL7_LOCATION_MAP),
            Pseudonyms.fromEnvironment(),
            tls);
    Runtime.getRuntime().addShutdownHook(new Thread(listener::close));
    listener.start();
    LOG.info(
        "MLLP listener ({}) on {}:{}, writing to {}",
        tls == null
            ? "plain"
            : tls.clientCertificates() ? "TLS, senders' certificates required" : "TLS",
        settings.get(PipelineOptions.HL7_HOST),
        settings.get(PipelineOptions.HL7_PORT),
        settings.get(PipelineOptions.TOPIC_HL7_RAW));
    Thread.currentThread().join();
  }

  /** Starts listening; returns once the port is bound. */
  public void start() throws InterruptedException {
    server.startAndWait();
  }

  @Override
  public void close() {
    server.stopAndWait();
    producer.close(Duration.ofSeconds(5));
  }

  /** Writes each message to Kafka and acknowledges it once Kafka has it. */
  private final class ToKafka implements ReceivingApplication<Message> {
    @Override
    public Message processMessage(Message message, Map<String, Object> metadata)
        throws HL7Exception {
      String raw = (String) metadata.get(ApplicationRouterImpl.RAW_MESSAGE_KEY);
      AdtMessage adt;
      String key;
      byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_MESSAGE_BYTES) {
        String reason =
            "too large: the message is "
                + bytes.length
                + " bytes; the feed takes at most "
                + MAX_MESSAGE_BYTES
                + " (an ADT message is a few kilobytes)";
        deadLetter(DeadLetterReason.INVALID, reason, controlId(metadata));
        return ack(message, AcknowledgmentCode.AR, reason);
      }
      try {
        adt = parser.read(message);
        mapping.check(adt);
        key = adt.visitNumber() == null ? adt.controlId() : mapping.stayRef(adt);
      } catch (AdtParser.UnreadableMessageException | VisitMapping.Rejected e) {
        deadLetter(
            e instanceof VisitMapping.Rejected
                ? DeadLetterReason.INVALID
                : DeadLetterReason.MALFORMED,
            e.getMessage(),
            controlId(metadata));
        return ack(message, AcknowledgmentCode.AR, e.getMessage());
      }
      try {
        producer
            .send(new ProducerRecord<>(rawTopic, key, bytes))
            .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn(
            "Kafka did not take message {}: answered AE, the sender sends again", adt.controlId());
        return ack(message, AcknowledgmentCode.AE, "not stored (Kafka unavailable): send again");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ack(message, AcknowledgmentCode.AE, "not stored (shutting down): send again");
      }
      try {
        return message.generateACK();
      } catch (IOException e) {
        throw new HL7Exception(e);
      }
    }

    @Override
    public boolean canProcess(Message message) {
      return true;
    }
  }

  /** A message HAPI could not parse: AR with the reason, and a dead letter. */
  private final class Unreadable implements ReceivingApplicationExceptionHandler {
    @Override
    public String processException(
        String incoming, Map<String, Object> metadata, String outgoing, Exception e) {
      deadLetter(DeadLetterReason.MALFORMED, AdtParser.parseError(e), controlId(metadata));
      return outgoing == null ? null : outgoing.replace("MSA|AE|", "MSA|AR|");
    }
  }

  private static Message ack(Message message, AcknowledgmentCode code, String reason)
      throws HL7Exception {
    try {
      return message.generateACK(code, new HL7Exception(reason));
    } catch (IOException e) {
      throw new HL7Exception(e);
    }
  }

  private static String controlId(Map<String, Object> metadata) {
    Object id = metadata.get(ApplicationRouterImpl.METADATA_KEY_MESSAGE_CONTROL_ID);
    return id == null ? null : id.toString();
  }

  /** Without the message: it holds an identity number, and the sender keeps it (it got AR). */
  private void deadLetter(DeadLetterReason reason, String detail, String controlId) {
    DeadLetterRecord letter =
        new DeadLetterRecord(JOB, "mllp", -1, -1, reason, detail, controlId, null, null);
    try {
      producer.send(
          new ProducerRecord<>(
              deadLetterTopic,
              "mllp/" + controlId,
              deadLetterCodec.encode(DeadLetters.toAvro(letter))));
    } catch (KafkaException e) {
      // The sender got AR and keeps the message; the reason is in this log line.
      LOG.warn("Dead letter of message {} not written ({}): {}", controlId, e, detail);
    }
  }

  /**
   * HAPI binds its server socket to every interface; this binds it to the configured host. With
   * TLS, each accepted connection is wrapped in a server-side TLS socket (JSSE's layering), whose
   * handshake runs on the connection's own thread at its first read.
   */
  private static final class BoundSocketFactory extends StandardSocketFactory {
    private final String host;
    private final MllpTls tls;

    BoundSocketFactory(String host, MllpTls tls) {
      this.host = host;
      this.tls = tls;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
          int port = ((InetSocketAddress) endpoint).getPort();
          super.bind(new InetSocketAddress(host, port), backlog);
        }

        @Override
        public Socket accept() throws IOException {
          Socket plain = super.accept();
          if (tls == null) {
            return plain;
          }
          SSLSocket secure =
              (SSLSocket)
                  tls.context()
                      .getSocketFactory()
                      .createSocket(
                          plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
          secure.setUseClientMode(false);
          secure.setNeedClientAuth(tls.clientCertificates());
          return secure;
        }
      };
    }
  }
}
