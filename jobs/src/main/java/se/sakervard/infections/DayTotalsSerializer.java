package se.sakervard.infections;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.TreeMap;
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

/**
 * {@link DayTotals} in state and between operators: its sums, its two count maps, then its first
 * and last hours (each a flag and, if there, the same layout without hours). Version 1 of the
 * layout; a change to {@link DayTotals} that adds or drops a field bumps the version and reads the
 * older layouts ({@link Snapshot#resolveSchemaCompatibility}). Release 0.1.0 kept day totals as a
 * Flink POJO with Kryo inside: such state is read with that serializer once and rewritten with this
 * one.
 */
public final class DayTotalsSerializer extends VariableLengthSerializer<DayTotals> {
  private static final long serialVersionUID = 1L;

  static final DayTotalsSerializer INSTANCE = new DayTotalsSerializer();
  private static final int VERSION = 1;

  /** Names this serializer for {@link DayTotals} ({@code @TypeInfo}). */
  public static final class Factory extends TypeInfoFactory<DayTotals> {
    @Override
    public TypeInformation<DayTotals> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> generics) {
      return new ExplicitTypeInfo<>(DayTotals.class, INSTANCE);
    }
  }

  @Override
  public TypeSerializer<DayTotals> duplicate() {
    return this;
  }

  @Override
  public DayTotals createInstance() {
    return new DayTotals();
  }

  @Override
  public DayTotals copy(DayTotals from) {
    return from.copy();
  }

  @Override
  public void serialize(DayTotals t, DataOutputView out) throws IOException {
    writeSums(t, out);
    writeHour(t.firstHour, out);
    writeHour(t.lastHour, out);
  }

  @Override
  public DayTotals deserialize(DataInputView in) throws IOException {
    DayTotals t = readSums(in);
    t.firstHour = readHour(in);
    t.lastHour = readHour(in);
    return t;
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  private static void writeHour(DayTotals hour, DataOutputView out) throws IOException {
    out.writeBoolean(hour != null);
    if (hour != null) {
      writeSums(hour, out);
    }
  }

  private static DayTotals readHour(DataInputView in) throws IOException {
    return in.readBoolean() ? readSums(in) : null;
  }

  private static void writeSums(DayTotals t, DataOutputView out) throws IOException {
    out.writeDouble(t.patientDays);
    out.writeLong(t.cases);
    writeCounts(t.casesByType, out);
    out.writeLong(t.observations);
    out.writeLong(t.allCorrect);
    out.writeLong(t.hygieneCorrect);
    out.writeLong(t.dressCodeCorrect);
    writeCounts(t.multiResistant, out);
  }

  private static DayTotals readSums(DataInputView in) throws IOException {
    DayTotals t = new DayTotals();
    t.patientDays = in.readDouble();
    t.cases = in.readLong();
    t.casesByType = readCounts(in);
    t.observations = in.readLong();
    t.allCorrect = in.readLong();
    t.hygieneCorrect = in.readLong();
    t.dressCodeCorrect = in.readLong();
    t.multiResistant = readCounts(in);
    return t;
  }

  private static void writeCounts(TreeMap<String, Long> counts, DataOutputView out)
      throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  private static TreeMap<String, Long> readCounts(DataInputView in) throws IOException {
    int size = in.readInt();
    TreeMap<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      counts.put(in.readUTF(), in.readLong());
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayTotalsSerializer;
  }

  @Override
  public int hashCode() {
    return DayTotalsSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<DayTotals> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The layout's version; release 0.1.0's serializer as the predecessor. */
  public static final class Snapshot extends LayoutSnapshot<DayTotals> {
    public Snapshot() {
      super(VERSION, INSTANCE);
    }

    @Override
    protected boolean isPredecessor(TypeSerializerSnapshot<DayTotals> old) {
      return KryoPredecessor.ofPojo(old, DayTotals.class);
    }
  }
}
