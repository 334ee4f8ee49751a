package se.sakervard.alerting.rules;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import se.sakervard.core.state.ExplicitTypeInfo;
import se.sakervard.core.state.KryoPredecessor;
import se.sakervard.core.state.LayoutSnapshot;
import se.sakervard.core.state.VariableLengthSerializer;
import se.sakervard.schemas.pipeline.Level;

/**
 * An {@link AlertRule} in a page on its way to the webhook (the async delivery's in-flight pages
 * are in its state): a tag for the kind of rule, then the rule's fields in declaration order
 * (durations as milliseconds, enums by name, text with a null flag). Version 1 of the layout; a
 * rule that gains or loses a field bumps the version and reads the older layouts. Release 0.1.0
 * kept rules with Kryo: such state is read with Kryo once and rewritten with this.
 */
public final class AlertRuleSerializer extends VariableLengthSerializer<AlertRule> {
  private static final long serialVersionUID = 1L;

  static final AlertRuleSerializer INSTANCE = new AlertRuleSerializer();
  private static final int VERSION = 1;
  private static final byte THRESHOLD = 0;
  private static final byte LEVEL = 1;
  private static final byte EVENT = 2;

  /** Names this serializer for {@link AlertRule} ({@code @TypeInfo}). */
  public static final class Factory extends TypeInfoFactory<AlertRule> {
    @Override
    public TypeInformation<AlertRule> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> generics) {
      return new ExplicitTypeInfo<>(AlertRule.class, INSTANCE);
    }
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<AlertRule> duplicate() {
    return this;
  }

  @Override
  public AlertRule createInstance() {
    return null;
  }

  @Override
  public AlertRule copy(AlertRule from) {
    return from;
  }

  @Override
  public void serialize(AlertRule rule, DataOutputView out) throws IOException {
    if (rule instanceof ThresholdRule r) {
      out.writeByte(THRESHOLD);
      text(r.name(), out);
      text(r.indicator(), out);
      out.writeUTF(r.level().name());
      text(r.period(), out);
      out.writeBoolean(r.above());
      out.writeDouble(r.fireAt());
      out.writeDouble(r.resolveAt());
      out.writeLong(r.forDuration().toMillis());
      out.writeLong(r.resolveFor().toMillis());
      out.writeDouble(r.minDenominator());
      out.writeUTF(r.urgency().name());
      text(r.rationale(), out);
    } else if (rule instanceof LevelRule r) {
      out.writeByte(LEVEL);
      text(r.name(), out);
      out.writeUTF(r.placeLevel().name());
      out.writeInt(r.atLeast());
      out.writeLong(r.forDuration().toMillis());
      out.writeLong(r.resolveFor().toMillis());
      out.writeUTF(r.urgency().name());
      text(r.rationale(), out);
    } else if (rule instanceof EventRule r) {
      out.writeByte(EVENT);
      text(r.name(), out);
      out.writeUTF(r.event().name());
      out.writeUTF(r.urgency().name());
      text(r.rationale(), out);
      out.writeLong(r.actNowWithin().toMillis());
    } else {
      throw new IOException("Unknown kind of alert rule: " + rule.getClass().getName());
    }
  }

  @Override
  public AlertRule deserialize(DataInputView in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case THRESHOLD ->
          new ThresholdRule(
              text(in),
              text(in),
              Level.valueOf(in.readUTF()),
              text(in),
              in.readBoolean(),
              in.readDouble(),
              in.readDouble(),
              Duration.ofMillis(in.readLong()),
              Duration.ofMillis(in.readLong()),
              in.readDouble(),
              Urgency.valueOf(in.readUTF()),
              text(in));
      case LEVEL ->
          new LevelRule(
              text(in),
              Level.valueOf(in.readUTF()),
              in.readInt(),
              Duration.ofMillis(in.readLong()),
              Duration.ofMillis(in.readLong()),
              Urgency.valueOf(in.readUTF()),
              text(in));
      case EVENT ->
          new EventRule(
              text(in),
              EventRule.Kind.valueOf(in.readUTF()),
              Urgency.valueOf(in.readUTF()),
              text(in),
              Duration.ofMillis(in.readLong()));
      default -> throw new IOException("Unknown kind of alert rule in state: " + tag);
    };
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  private static void text(String s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String text(DataInputView in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlertRuleSerializer;
  }

  @Override
  public int hashCode() {
    return AlertRuleSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<AlertRule> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The layout's version; release 0.1.0's serializer as the predecessor. */
  public static final class Snapshot extends LayoutSnapshot<AlertRule> {
    public Snapshot() {
      super(VERSION, INSTANCE);
    }

    @Override
    protected boolean isPredecessor(TypeSerializerSnapshot<AlertRule> old) {
      return KryoPredecessor.of(old, AlertRule.class);
    }
  }
}
