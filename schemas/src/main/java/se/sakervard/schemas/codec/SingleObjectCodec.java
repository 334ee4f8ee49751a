package se.sakervard.schemas.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding (a 2-byte marker, the writer schema's 8-byte fingerprint, then the
 * binary record) for one generated record type. Decoding resolves the writer schema among all
 * {@link ReleasedSchemas released versions}, so records from older producers stay readable.
 *
 * <p>{@code SingleObjectCodec.of(CensusEvent.class).decode(bytes)}
 *
 * <p>Not thread-safe; create one per operator instance.
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> {
  private static final ReleasedSchemas RELEASED = ReleasedSchemas.load();

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private SingleObjectCodec(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    var schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, RELEASED);
  }

  public static <T extends SpecificRecordBase> SingleObjectCodec<T> of(Class<T> type) {
    return new SingleObjectCodec<>(type);
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new AvroRuntimeException("Cannot encode " + record.getSchema().getFullName(), e);
    }
  }

  public T decode(byte[] bytes) throws UndecodableRecordException {
    if (bytes == null) {
      throw new UndecodableRecordException(
          UndecodableRecordException.Kind.MALFORMED, "empty record (null value)", null);
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new UndecodableRecordException(
          UndecodableRecordException.Kind.UNKNOWN_SCHEMA, e.getMessage(), e);
    } catch (BadHeaderException e) {
      throw new UndecodableRecordException(
          UndecodableRecordException.Kind.MALFORMED,
          "not Avro single-object encoding: " + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      // Truncated bodies, impossible lengths, bad union indexes and the like.
      throw new UndecodableRecordException(
          UndecodableRecordException.Kind.MALFORMED,
          "cannot read the record body: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          e);
    }
  }
}
