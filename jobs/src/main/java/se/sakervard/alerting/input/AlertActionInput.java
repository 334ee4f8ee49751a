package se.sakervard.alerting.input;

import java.time.Instant;
import se.sakervard.alerting.Place;

/**
 * An acknowledgement or a silence of one rule's alert on one place, as read from the alert-actions
 * topic.
 *
 * @param ref for an event rule, the case or cluster the alert is about; else null
 * @param until SILENCE only: when the silence ends (epoch ms)
 */
public record AlertActionInput(
    boolean acknowledge, String rule, Place place, String ref, String by, long at, long until) {

  /** The audit's detail of the action. */
  public String detail() {
    return acknowledge ? "" : "silenced until " + Instant.ofEpochMilli(until);
  }
}
