package se.sakervard.core.state;

import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a class with a serializer of ours (a collection field, or a state or record class
 * that Flink's POJO analysis cannot follow): a {@code @TypeInfo} factory returns this.
 */
public final class ExplicitTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  /** Makes the serializer with the job's serializer settings (for the parts it nests). */
  public interface SerializerOf<T> extends Serializable {
    TypeSerializer<T> with(SerializerConfig config);
  }

  private final Class<T> type;
  private final String description;
  private final SerializerOf<T> serializer;

  /** A class whose serializer needs no settings. */
  public ExplicitTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
    this(type, type.getName(), config -> serializer.duplicate());
  }

  /** {@code description} tells two types of one class apart (a map's key and value types). */
  public ExplicitTypeInfo(Class<T> type, String description, SerializerOf<T> serializer) {
    this.type = type;
    this.description = description;
    this.serializer = serializer;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer.with(config);
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public String toString() {
    return "Explicit<" + description + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExplicitTypeInfo<?> other
        && type == other.type
        && description.equals(other.description);
  }

  @Override
  public int hashCode() {
    return description.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof ExplicitTypeInfo<?>;
  }
}
