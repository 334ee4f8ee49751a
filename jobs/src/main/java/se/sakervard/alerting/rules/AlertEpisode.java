package se.sakervard.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The life of one rule's alert on one place, in event time: INACTIVE → PENDING (the condition
 * holds) → FIRING (it held for the rule's {@code for}) → ACKNOWLEDGED → RESOLVED (back beyond the
 * resolve threshold for {@code resolveFor}), and again for the next episode. While firing and not
 * acknowledged it escalates to the next on-call level after each {@code acknowledgeWithin} and is
 * reminded every {@code repeatInterval}; a silence holds notifications back until it ends, when one
 * reminder goes out if the alert still fires unacknowledged. Only an act-now alert escalates and is
 * reminded: one to act on today or to know about is told once ({@link Urgency}).
 *
 * <p>Deterministic: the same values, acknowledgements and silences at the same event times give the
 * same events with the same deduplication keys and sequence numbers, so a replay or a restart from
 * a checkpoint notifies nobody twice (the receiver deduplicates by {@link
 * AlertEvent#idempotencyKey()}). Values only change at observations; everything due in between
 * (firing after {@code for}, escalations, reminders, the end of a silence) happens at {@link
 * #advance} to an event time, which the operator calls from a timer at {@link #nextDue()}.
 *
 * <p>Pure (no Flink); public fields for Flink's POJO state serializer.
 */
public final class AlertEpisode {
  public enum Status {
    INACTIVE,
    PENDING,
    FIRING,
    ACKNOWLEDGED,
    RESOLVED
  }

  private static final long NEVER = Long.MAX_VALUE;

  public String rule;
  public String place;
  public Urgency urgency;

  /** Why the urgency is not the rule's, or empty; the firing step's detail in the audit trail. */
  public String urgencyReason = "";

  public AlertCondition condition;
  public long acknowledgeWithinMs;
  public int escalationLevels;
  public long repeatMs;
  public int maxReminders;
  public int reminders;

  public Status status = Status.INACTIVE;
  public double value;
  public long pendingSince;
  public long firedAt;
  public long resolvingSince = NEVER;
  public int sequence;
  public int escalation;
  public long nextEscalationAt = NEVER;
  public long nextReminderAt = NEVER;
  public long silencedUntil = Long.MIN_VALUE;
  public boolean owedAfterSilence;

  public AlertEpisode() {}

  public AlertEpisode(
      String rule, String place, Urgency urgency, AlertCondition condition, AlertTiming timing) {
    this.rule = rule;
    this.place = place;
    this.condition = condition;
    this.acknowledgeWithinMs = timing.acknowledgeWithin().toMillis();
    this.repeatMs = timing.repeatInterval().toMillis();
    this.urgency = urgency;
    this.escalationLevels = urgency == Urgency.ACT_NOW ? timing.escalationLevels() : 0;
    this.maxReminders = urgency == Urgency.ACT_NOW ? timing.maxReminders() : 0;
  }

  /**
   * The urgency of this episode's alert from now on (an event alert learns it with its event, which
   * may come after an action on it): what is no longer act now neither escalates nor reminds.
   */
  public void urgency(Urgency now, String why) {
    urgency = now;
    urgencyReason = why;
    if (now != Urgency.ACT_NOW) {
      escalationLevels = 0;
      maxReminders = 0;
      nextEscalationAt = NEVER;
      nextReminderAt = NEVER;
    }
  }

  /** Rule, place and the instant the episode fired: one key per episode. */
  public String dedupKey() {
    return status == Status.INACTIVE || status == Status.PENDING
        ? ""
        : rule + "|" + place + "|" + Instant.ofEpochMilli(firedAt);
  }

  /** A new value of the watched input at {@code t}; then everything due up to {@code t}. */
  public List<AlertEvent> observe(long t, double newValue) {
    List<AlertEvent> events = new ArrayList<>(advance(t));
    value = newValue;
    boolean breaches = condition.breaches(newValue);
    switch (status) {
      case INACTIVE, RESOLVED -> {
        if (breaches) {
          status = Status.PENDING;
          pendingSince = t;
          events.add(event(t, AlertEvent.Kind.PENDING, 0, null));
        }
      }
      case PENDING -> {
        if (!breaches) {
          status = Status.INACTIVE;
          events.add(event(t, AlertEvent.Kind.CANCELLED, 0, null));
        }
      }
      case FIRING, ACKNOWLEDGED -> {
        if (!condition.clears(newValue)) {
          resolvingSince = NEVER; // between the thresholds it keeps firing
        } else if (resolvingSince == NEVER) {
          resolvingSince = t;
        }
      }
    }
    events.addAll(advance(t));
    return events;
  }

  /** The acknowledgement of the firing episode: no more reminders or escalations. */
  public List<AlertEvent> acknowledge(long t, String by) {
    List<AlertEvent> events = new ArrayList<>(advance(t));
    if (status == Status.FIRING) {
      status = Status.ACKNOWLEDGED;
      nextEscalationAt = NEVER;
      nextReminderAt = NEVER;
      owedAfterSilence = false;
      events.add(event(t, AlertEvent.Kind.ACKNOWLEDGED, 0, by));
    }
    return events;
  }

  /** Holds notifications back from {@code t} until {@code until}. */
  public List<AlertEvent> silence(long t, long until, String by) {
    List<AlertEvent> events = new ArrayList<>(advance(t));
    silencedUntil = Math.max(silencedUntil, until);
    events.add(event(t, AlertEvent.Kind.SILENCE, 0, by));
    return events;
  }

  /** Everything due up to {@code t}, in event-time order. */
  public List<AlertEvent> advance(long t) {
    List<AlertEvent> events = new ArrayList<>();
    for (long due = nextDue(); due <= t; due = nextDue()) {
      step(due, events);
    }
    return events;
  }

  /** The next instant something is due without a new value, or {@link Long#MAX_VALUE}. */
  public long nextDue() {
    return switch (status) {
      case PENDING -> pendingSince + condition.forMs();
      case FIRING ->
          Math.min(
              resolveDue(),
              Math.min(
                  Math.min(nextEscalationAt, nextReminderAt),
                  owedAfterSilence ? silencedUntil : NEVER));
      case ACKNOWLEDGED -> resolveDue();
      default -> NEVER;
    };
  }

  private long resolveDue() {
    return resolvingSince == NEVER ? NEVER : resolvingSince + condition.resolveForMs();
  }

  private void step(long due, List<AlertEvent> events) {
    if (status == Status.PENDING) {
      status = Status.FIRING;
      firedAt = due;
      sequence = 0;
      escalation = 0;
      reminders = 0;
      resolvingSince = NEVER;
      nextEscalationAt = escalationLevels > 0 ? due + acknowledgeWithinMs : NEVER;
      notify(due, AlertEvent.Kind.FIRING, events);
    } else if (due == resolveDue()) {
      status = Status.RESOLVED;
      resolvingSince = NEVER;
      nextEscalationAt = NEVER;
      nextReminderAt = NEVER;
      owedAfterSilence = false;
      notify(due, AlertEvent.Kind.RESOLVED, events);
    } else if (owedAfterSilence && due == silencedUntil) {
      owedAfterSilence = false;
      notify(due, sequence == 0 ? AlertEvent.Kind.FIRING : AlertEvent.Kind.REMINDER, events);
    } else if (due == nextEscalationAt) {
      if (due < silencedUntil) {
        nextEscalationAt = silencedUntil + acknowledgeWithinMs; // the clock restarts after it
      } else {
        escalation++;
        nextEscalationAt = escalation < escalationLevels ? due + acknowledgeWithinMs : NEVER;
        notify(due, AlertEvent.Kind.ESCALATED, events);
      }
    } else {
      reminders++;
      notify(due, AlertEvent.Kind.REMINDER, events);
    }
  }

  private void notify(long at, AlertEvent.Kind kind, List<AlertEvent> events) {
    if (kind != AlertEvent.Kind.RESOLVED) {
      nextReminderAt = reminders < maxReminders ? at + repeatMs : NEVER;
    }
    if (at < silencedUntil) {
      owedAfterSilence = kind != AlertEvent.Kind.RESOLVED;
      events.add(event(at, AlertEvent.Kind.SILENCED, 0, null));
      return;
    }
    sequence++;
    events.add(event(at, kind, sequence, null));
  }

  private AlertEvent event(long at, AlertEvent.Kind kind, int seq, String by) {
    return new AlertEvent(at, dedupKey(), kind, seq, escalation, value, by);
  }
}
