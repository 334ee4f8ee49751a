package se.sakervard.alerting;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import se.sakervard.alerting.NotificationGroups.Group;

/**
 * Sends each hospital's page to the webhook ({@link WebhookSender}, with its retries) off the task
 * thread, and reports each notification's outcome as an audit step: DELIVERED or DELIVERY_FAILED
 * with the attempts it took and the reason. A restart resends what was in flight with the same
 * idempotency key, so the receiver takes it once.
 */
public final class PageDelivery extends RichAsyncFunction<Group, AlertStep> {
  private final String webhook;
  private final RetryPolicy retry;
  private final OnCallRoster roster;
  private transient WebhookSender sender;
  private transient ExecutorService pool;

  public PageDelivery(String webhook, RetryPolicy retry, OnCallRoster roster) {
    this.webhook = webhook;
    this.retry = retry;
    this.roster = roster;
  }

  @Override
  public void open(OpenContext openContext) {
    sender = new WebhookSender(URI.create(webhook), retry);
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
  public void asyncInvoke(Group group, ResultFuture<AlertStep> result) {
    CompletableFuture.supplyAsync(
            () -> {
              try {
                String to =
                    roster.contactFor(
                        group.hospitalCode(),
                        group.escalation(),
                        java.time.Instant.ofEpochMilli(group.at()));
                return sender.deliver(group.idempotencyKey(), PagePayload.of(group, to));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new WebhookSender.Delivery(false, 0, 0, "interrupted");
              }
            },
            pool)
        .thenAccept(d -> result.complete(outcome(group, d)));
  }

  static List<AlertStep> outcome(Group group, WebhookSender.Delivery d) {
    return group.notifications().stream()
        .map(
            n ->
                new AlertStep(
                    n.rule().name(),
                    n.rule().severity(),
                    n.place(),
                    new AlertEvent(
                        group.at(),
                        n.event().dedupKey(),
                        d.delivered() ? AlertEvent.Kind.DELIVERED : AlertEvent.Kind.DELIVERY_FAILED,
                        n.event().sequence(),
                        n.event().escalation(),
                        n.event().value(),
                        null),
                    d.attempts(),
                    d.delivered() ? "" : d.reason(),
                    n.ref()))
        .toList();
  }

  @Override
  public void timeout(Group group, ResultFuture<AlertStep> result) {
    result.complete(
        Collections.unmodifiableList(
            outcome(group, new WebhookSender.Delivery(false, 0, 0, "timed out in the job"))));
  }
}
