package io.stowage.common.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A monotonically increasing counter family. */
public final class Counter extends Family<Counter.Child> {
  Counter(String name, String help, String[] labelNames) {
    super(name, help, labelNames);
  }

  /** One labelled counter. */
  public static final class Child {
    private final DoubleAdder value = new DoubleAdder();

    public void inc() {
      value.add(1);
    }

    /** Adds {@code n} (must not be negative). */
    public void add(double n) {
      if (n < 0) {
        throw new IllegalArgumentException("counters only go up");
      }
      value.add(n);
    }

    public double get() {
      return value.sum();
    }
  }

  /** Shortcut for a counter without labels. */
  public void inc() {
    labels().inc();
  }

  @Override
  Child newChild() {
    return new Child();
  }

  @Override
  String type() {
    return "counter";
  }

  @Override
  void renderChild(StringBuilder sb, List<String> values, Child child) {
    sample(sb, "", values, null, null, child.get());
  }
}
