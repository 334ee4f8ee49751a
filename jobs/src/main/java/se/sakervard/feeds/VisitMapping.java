package se.sakervard.feeds;

import java.io.Serializable;
import java.util.List;
import se.sakervard.schemas.census.CensusEvent;

/**
 * How a hospital feed turns one visit's messages, in the order its sender sent them, into census
 * events. Pure: the visit's memory is a {@code V} the caller keeps (and checkpoints).
 *
 * @param <M> a message as read from the feed
 * @param <V> what the mapping remembers of one visit
 */
public interface VisitMapping<M, V> extends Serializable {
  /** Why a message cannot be mapped; the reason goes into its dead letter. */
  final class Rejected extends Exception {
    public Rejected(String reason) {
      super(reason);
    }
  }

  /** A visit the mapping has not seen. */
  V newVisit();

  /** The census events of {@code message} (new ones and retractions); updates {@code visit}. */
  List<CensusEvent> map(M message, V visit) throws Rejected;

  /** The newest event time of the visit, epoch ms: a visit is forgotten some time after it. */
  long newestTime(V visit);
}
