package se.sakervard.alerting.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.sakervard.alerting.notify.NotificationGroups.Group;

/**
 * Sends each hospital's page to the webhook ({@link WebhookSender}, with its retries) off the task
 * thread, and reports what became of it ({@link PageOutcome}). A restart resends what was in flight
 * with the same idempotency key, so the receiver takes it once.
 */
public final class PageDelivery extends RichAsyncFunction<Group, PageOutcome> {
  private static final Logger LOG = LoggerFactory.getLogger(PageDelivery.class);

  private final String webhook;
  private final RetryPolicy retry;
  private final OnCallRoster roster;
  private final PagePayload.Reading reading;
  private transient WebhookSender sender;
  private transient ExecutorService pool;

  public PageDelivery(
      String webhook, RetryPolicy retry, OnCallRoster roster, PagePayload.Reading reading) {
    this.webhook = webhook;
    this.retry = retry;
    this.roster = roster;
    this.reading = reading;
  }

  @Override
  public void open(OpenContext openContext) {
    WebhookSignature signature = WebhookSignature.fromEnvironment();
    if (signature == null) {
      LOG.warn(
          "Pages go to the webhook unsigned: set {} to the secret the receiver shares"
              + " (docs/alerting.md, \"Signed pages\")",
          WebhookSignature.SECRET_ENV);
    }
    sender = new WebhookSender(URI.create(webhook), retry, Clock.systemUTC(), signature);
    // One at a time, in the order they came: a hospital's resolution never overtakes its firing,
    // and when the paging system is down every page waits for it alike.
    pool = Executors.newSingleThreadExecutor();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public void asyncInvoke(Group group, ResultFuture<PageOutcome> result) {
    String payload = payload(group);
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return sender.deliver(group.idempotencyKey(), payload);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted");
              }
            },
            pool)
        .thenAccept(d -> result.complete(List.of(new PageOutcome(group, payload, d))));
  }

  @Override
  public void timeout(Group group, ResultFuture<PageOutcome> result) {
    result.complete(
        List.of(new PageOutcome(group, payload(group), failed("timed out in the job"))));
  }

  /** The page for the roster's contact at the group's escalation level and time. */
  private String payload(Group group) {
    return PagePayload.of(
        group,
        roster.contactFor(
            group.hospitalCode(), group.escalation(), Instant.ofEpochMilli(group.at())),
        reading);
  }

  private static WebhookSender.Delivery failed(String reason) {
    return new WebhookSender.Delivery(false, List.of(), reason);
  }
}
