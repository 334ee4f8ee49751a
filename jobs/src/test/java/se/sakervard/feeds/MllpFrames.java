package se.sakervard.feeds;

import ca.uhn.hl7v2.llp.MinLLPReader;
import ca.uhn.hl7v2.llp.MinLLPWriter;
import java.net.ServerSocket;
import java.net.Socket;

/** Sending text as it is, framed by HAPI's MLLP writer, as an engine sends bytes: for tests. */
public final class MllpFrames {
  private MllpFrames() {}

  /**
   * Sends {@code message} on a connection of its own; returns the answer's MSA-1, or "no answer".
   */
  public static String send(int port, String message) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      new MinLLPWriter(socket.getOutputStream()).writeMessage(message);
      String reply = new MinLLPReader(socket.getInputStream()).getMessage();
      if (reply == null) {
        return "no answer";
      }
      for (String segment : reply.split("\r")) {
        if (segment.startsWith("MSA|")) {
          return segment.split("\\|")[1];
        }
      }
      return reply;
    }
  }

  /** A free local port. */
  public static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
