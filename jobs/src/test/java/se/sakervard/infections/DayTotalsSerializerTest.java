package se.sakervard.infections;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Day totals as the infection job keeps them: every sum, both count maps and the first and last
 * hours read back, and a map key that dropped to zero stays (its rows must be written as 0).
 */
class DayTotalsSerializerTest {
  @Test
  void shouldReadADayWithItsHoursBack() throws Exception {
    TypeSerializer<DayTotals> serializer =
        TypeInformation.of(DayTotals.class).createSerializer(new SerializerConfigImpl());
    DayTotals day = new DayTotals();
    day.patientDays = 20.5;
    day.cases = 2;
    day.casesByType.put("PNEUMONIA", 2L);
    day.casesByType.put("BLOODSTREAM", 0L);
    day.observations = 3;
    day.allCorrect = 1;
    day.hygieneCorrect = 2;
    day.dressCodeCorrect = 3;
    day.multiResistant.put("ESBL", 1L);
    day.firstHour = new DayTotals();
    day.firstHour.patientDays = 0.85;
    day.firstHour.cases = 1;
    day.firstHour.casesByType.put("PNEUMONIA", 1L);

    DataOutputSerializer out = new DataOutputSerializer(128);
    serializer.serialize(day, out);
    DayTotals back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(serializer).isInstanceOf(DayTotalsSerializer.class);
    assertThat(back).isEqualTo(day);
    assertThat(back.toString()).isEqualTo(day.toString());
    assertThat(back.casesByType).containsEntry("BLOODSTREAM", 0L);
    assertThat(back.firstHour).isEqualTo(day.firstHour);
    assertThat(back.firstHour.firstHour).isNull();
    assertThat(back.lastHour).isNull();
  }
}
