package se.sakervard.local.benchmark;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.llp.MinLLPReader;
import ca.uhn.hl7v2.llp.MinLLPWriter;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.util.Terser;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.sakervard.core.config.PipelineOptions;
import se.sakervard.core.config.PipelineSettings;
import se.sakervard.feeds.LocationMap;
import se.sakervard.feeds.Pseudonyms;
import se.sakervard.feeds.hl7.MllpListener;
import se.sakervard.local.LocalCommand;

/**
 * The MLLP edge on loopback (docs/hospital-feeds.md): one HAPI client sends ADT messages to the
 * listener, which answers each once the local Kafka broker has it. Prints the sustained rate with
 * one sender back to back, and the acknowledgement latency at 100 messages a second.
 *
 * <pre>infra/benchmark --hl7-edge</pre>
 */
final class Hl7EdgeBenchmark {
  private static final int WARM_UP = 2_000;
  private static final int SUSTAINED = 20_000;
  private static final int PACED_PER_SECOND = 100;
  private static final int PACED = 3_000;

  private Hl7EdgeBenchmark() {}

  static void main(String[] args) throws Exception {
    LocalCommand.runOnFreshStack(
        "hl7-edge",
        pipeline -> {
          pipeline.createTopics(PipelineOptions.TOPIC_HL7_RAW.defaultValue());
          int port;
          try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
          }
          PipelineSettings settings =
              pipeline
                  .settings(false, Map.of())
                  .with(PipelineOptions.HL7_PORT, Integer.toString(port));
          LocationMap map = new LocationMap("R01", Map.of("AVD01", "R01-H01-U01"), Map.of());
          Pseudonyms key = new Pseudonyms("the benchmark's key, not a real one".getBytes());
          try (MllpListener listener = new MllpListener(settings, map, key)) {
            listener.start();
            HapiContext context = new DefaultHapiContext();
            Connection connection = context.newClient("127.0.0.1", port, false);
            Initiator client = connection.getInitiator();
            int sent = 0;
            System.out.printf(Locale.ROOT, "Warming up with %,d messages ...%n", WARM_UP);
            for (int i = 0; i < WARM_UP; i++) {
              check(client.sendAndReceive(admission(sent++)));
            }
            System.out.printf(Locale.ROOT, "Sustained: %,d messages back to back ...%n", SUSTAINED);
            long start = System.nanoTime();
            for (int i = 0; i < SUSTAINED; i++) {
              check(client.sendAndReceive(admission(sent++)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // The same with the bytes an integration engine sends, framed by HAPI's MLLP writer
            // and reader on one socket: the listener's round trip without HAPI's client.
            System.out.printf(
                Locale.ROOT,
                "Sustained, encoded bytes: %,d messages back to back ...%n",
                SUSTAINED);
            List<String> encoded = new ArrayList<>(SUSTAINED);
            for (int i = 0; i < SUSTAINED; i++) {
              encoded.add(admission(sent++).encode());
            }
            double bytesSeconds;
            try (Socket socket = new Socket("127.0.0.1", port)) {
              socket.setTcpNoDelay(true);
              MinLLPWriter writer = new MinLLPWriter(socket.getOutputStream());
              MinLLPReader reader = new MinLLPReader(socket.getInputStream());
              long bytesStart = System.nanoTime();
              for (String message : encoded) {
                writer.writeMessage(message);
                String ack = reader.getMessage();
                if (ack == null || !ack.contains("MSA|AA|")) {
                  throw new IllegalStateException("The listener answered: " + ack);
                }
              }
              bytesSeconds = (System.nanoTime() - bytesStart) / 1e9;
            }
            // One sender that does not wait for each answer before the next message (as an
            // engine with several messages outstanding on a connection): a thread writes, this
            // one reads the answers.
            System.out.printf(
                Locale.ROOT,
                "Sustained, pipelined: %,d messages on one connection ...%n",
                SUSTAINED);
            List<String> more = new ArrayList<>(SUSTAINED);
            for (int i = 0; i < SUSTAINED; i++) {
              more.add(admission(sent++).encode());
            }
            double pipelinedSeconds;
            try (Socket socket = new Socket("127.0.0.1", port)) {
              socket.setTcpNoDelay(true);
              MinLLPWriter writer = new MinLLPWriter(socket.getOutputStream());
              MinLLPReader reader = new MinLLPReader(socket.getInputStream());
              long pipelinedStart = System.nanoTime();
              Thread writing =
                  new Thread(
                      () -> {
                        try {
                          for (String message : more) {
                            writer.writeMessage(message);
                          }
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      });
              writing.start();
              for (int i = 0; i < SUSTAINED; i++) {
                String ack = reader.getMessage();
                if (ack == null || !ack.contains("MSA|AA|")) {
                  throw new IllegalStateException("The listener answered: " + ack);
                }
              }
              pipelinedSeconds = (System.nanoTime() - pipelinedStart) / 1e9;
              writing.join();
            }
            System.out.printf(
                Locale.ROOT, "Paced: %,d messages at %d a second ...%n", PACED, PACED_PER_SECOND);
            long[] latencies = new long[PACED];
            long begin = System.nanoTime();
            for (int i = 0; i < PACED; i++) {
              long due = begin + i * 1_000_000_000L / PACED_PER_SECOND;
              while (System.nanoTime() < due) {
                Thread.onSpinWait();
              }
              Message m = admission(sent++);
              long t0 = System.nanoTime();
              check(client.sendAndReceive(m));
              latencies[i] = System.nanoTime() - t0;
            }
            connection.close();
            Arrays.sort(latencies);
            System.out.printf(
                Locale.ROOT,
                "%nMLLP edge on loopback, AA after Kafka acknowledged (acks=all, idempotent):%n"
                    + "  sustained, one sender (HAPI's client): %,.0f messages/s (%,d in %.1f s)%n"
                    + "  sustained, one sender (encoded bytes, HAPI's MLLP framing): %,.0f"
                    + " messages/s (%,d in %.1f s)%n"
                    + "  sustained, one sender, pipelined (encoded bytes): %,.0f messages/s"
                    + " (%,d in %.1f s)%n"
                    + "  at %d messages/s: ACK latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                SUSTAINED / seconds,
                SUSTAINED,
                seconds,
                SUSTAINED / bytesSeconds,
                SUSTAINED,
                bytesSeconds,
                SUSTAINED / pipelinedSeconds,
                SUSTAINED,
                pipelinedSeconds,
                PACED_PER_SECOND,
                latencies[PACED / 2] / 1e6,
                latencies[(int) (PACED * 0.99)] / 1e6,
                latencies[PACED - 1] / 1e6);
          }
        });
  }

  private static void check(Message ack) throws Exception {
    String code = new Terser(ack).get("/MSA-1");
    if (!"AA".equals(code)) {
      throw new IllegalStateException("The listener answered " + code + ": " + ack.encode());
    }
  }

  /** An A01 of visit {@code n} on AVD01, built with HAPI's model. */
  private static Message admission(int n) throws Exception {
    ADT_A01 adt = new ADT_A01();
    adt.initQuickstart("ADT", "A01", "P");
    Terser t = new Terser(adt);
    t.set("/MSH-4-1", "SUS");
    t.set("/MSH-10", "bench-" + n);
    t.set("/EVN-6-1", "20261201080000");
    t.set("/PID-3-1", "P" + n);
    t.set("/PV1-2", "I");
    t.set("/PV1-3-1", "AVD01");
    t.set("/PV1-19-1", "V" + n);
    return adt;
  }
}
