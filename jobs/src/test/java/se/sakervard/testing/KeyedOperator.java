package se.sakervard.testing;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A keyed process function of the jobs (keyed by a String, as all of them are) in Flink's operator
 * test harness: a fresh one opened before each test, closed after it. Register it on an instance
 * field with {@code @RegisterExtension}; drive it through {@link #harness()}.
 */
public final class KeyedOperator<I, O> implements BeforeEachCallback, AfterEachCallback {
  private final Supplier<KeyedProcessFunction<String, I, O>> function;
  private final KeySelector<I, String> key;
  private KeyedOneInputStreamOperatorTestHarness<String, I, O> harness;

  private KeyedOperator(
      Supplier<KeyedProcessFunction<String, I, O>> function, KeySelector<I, String> key) {
    this.function = function;
    this.key = key;
  }

  public static <I, O> KeyedOperator<I, O> of(
      Supplier<KeyedProcessFunction<String, I, O>> function, KeySelector<I, String> key) {
    return new KeyedOperator<>(function, key);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function.get()), key, Types.STRING);
    harness.open();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    harness.close();
  }

  public KeyedOneInputStreamOperatorTestHarness<String, I, O> harness() {
    return harness;
  }
}
