package se.sakervard.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import se.sakervard.alerting.notify.NotificationGroups.Outgoing;
import se.sakervard.schemas.pipeline.Level;

/**
 * Alert rules in the pages the webhook delivery holds in its state: every kind of rule reads back
 * equal, and a restore takes the same layout, migrates release 0.1.0's Kryo rules and refuses a
 * layout it cannot read.
 */
class AlertRuleSerializerTest {
  private static final TypeSerializer<AlertRule> SERIALIZER =
      TypeInformation.of(AlertRule.class).createSerializer(new SerializerConfigImpl());

  @Test
  void shouldReadEveryRuleBackEqual() throws Exception {
    List<AlertRule> rules = new ArrayList<>(AlertRules.defaults());
    // A rule with every optional part missing or at its limit.
    rules.add(
        new ThresholdRule(
            "x",
            "i",
            Level.UNIT,
            "DAY",
            false,
            0.5,
            1.5,
            Duration.ZERO,
            Duration.ofDays(3),
            0,
            Urgency.ACT_TODAY,
            null));
    rules.add(new EventRule("e", EventRule.Kind.CLUSTER_GREW, Urgency.ACT_NOW, "r"));
    assertThat(rules.stream().map(AlertRule::getClass).distinct()).hasSize(3);

    for (AlertRule rule : rules) {
      DataOutputSerializer out = new DataOutputSerializer(128);
      SERIALIZER.serialize(rule, out);
      assertThat(SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
          .isEqualTo(rule);
    }
  }

  @Test
  void shouldBeTheSerializerOfTheRuleInAPage() {
    assertThat(TypeInformation.of(Outgoing.class).toString())
        .contains("rule: Explicit<" + AlertRule.class.getName() + ">");
  }

  @Test
  void shouldTakeItsLayoutMigrateKryoAndRefuseAnyOther() throws Exception {
    TypeSerializerSnapshot<AlertRule> current = SERIALIZER.snapshotConfiguration();

    assertThat(current.resolveSchemaCompatibility(reread(current, 1)).isCompatibleAsIs()).isTrue();
    assertThat(
            current
                .resolveSchemaCompatibility(reread(kryo(AlertRule.class), null))
                .isCompatibleAfterMigration())
        .isTrue();
    assertThat(
            current
                .resolveSchemaCompatibility(reread(kryo(ThresholdRule.class), null))
                .isIncompatible())
        .isTrue();
    TypeSerializerSnapshot<AlertRule> later = reread(current, 2);
    assertThat(current.resolveSchemaCompatibility(later).isIncompatible()).isTrue();
    assertThatThrownBy(later::restoreSerializer).hasMessageContaining("layout version 2");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeSerializerSnapshot<AlertRule> kryo(Class<?> type) {
    return (TypeSerializerSnapshot)
        new KryoSerializer<>(type, new SerializerConfigImpl()).snapshotConfiguration();
  }

  /** The snapshot as a savepoint holds it (as written by layout {@code version}), read back. */
  private static TypeSerializerSnapshot<AlertRule> reread(
      TypeSerializerSnapshot<AlertRule> snapshot, Integer version) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    byte[] bytes = out.getCopyOfBuffer();
    TypeSerializerSnapshot<AlertRule> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(bytes), AlertRuleSerializerTest.class.getClassLoader());
    if (version != null) {
      read.readSnapshot(version, new DataInputDeserializer(new byte[0]), null);
    }
    return read;
  }
}
