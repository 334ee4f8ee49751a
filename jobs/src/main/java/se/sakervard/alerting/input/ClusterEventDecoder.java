package se.sakervard.alerting.input;

import se.sakervard.alerting.Place;
import se.sakervard.alerting.level.LevelUpdate;
import se.sakervard.core.ingest.EnvelopeRules;
import se.sakervard.core.ingest.RecordDecoder;
import se.sakervard.core.ingest.RejectedRecordException;
import se.sakervard.core.source.SourceRecord;
import se.sakervard.schemas.codec.SingleObjectCodec;
import se.sakervard.schemas.infections.ClusterStatus;
import se.sakervard.schemas.infections.InfectionClusterEvent;

/**
 * Reads the infection-clusters topic into the change of one cluster on its unit: open or not, at
 * the event time of the change (its close, else its newest onset).
 */
public final class ClusterEventDecoder implements RecordDecoder<LevelUpdate> {
  private transient SingleObjectCodec<InfectionClusterEvent> codec;

  @Override
  public LevelUpdate decode(SourceRecord record) throws RejectedRecordException {
    if (codec == null) {
      codec = SingleObjectCodec.of(InfectionClusterEvent.class);
    }
    InfectionClusterEvent e = EnvelopeRules.decode(codec, record.value());
    boolean open = e.getStatus() == ClusterStatus.OPEN;
    // A case taken out dates the change by its withdrawal; else the newest onset, or the close.
    long at =
        (e.getChangedAt() != null
                ? e.getChangedAt()
                : open || e.getClosedAt() == null ? e.getLastOnset() : e.getClosedAt())
            .toEpochMilli();
    return new LevelUpdate(
        Place.unit(e.getRegionCode(), e.getHospitalCode(), e.getUnitCode()),
        at,
        null,
        e.getKey(),
        open,
        e.getVersion(),
        e.getChange().name());
  }
}
